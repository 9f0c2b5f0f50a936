"""Seed steps of the core: roles, members, API keys, module settings, customers."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from app.auth.principal import CustomerPrincipal
from app.identity.customer_models import CustomerRow
from tests.support.customers import (
    EMAIL_VERIFY,
    LOGIN,
    PASSWORD,
    RESET_REQUEST,
    SIGN_UP,
    mails_to,
    run_jobs,
    token_in,
)
from tests.support.seeding import Seeding, SeedStep

__all__ = ["STEPS"]

_ERRORS = "errors { code field message }"
_ROLE_CREATE = f"""
mutation ($input: RoleCreateInput!) {{ roleCreate(input: $input) {{ role {{ id }} {_ERRORS} }} }}
"""
_MEMBER_ADD = f"""
mutation ($input: MemberAddInput!) {{
  memberAdd(input: $input) {{ member {{ joinedAt }} {_ERRORS} }}
}}
"""
_API_KEY_CREATE = f"""
mutation ($input: ApiKeyCreateInput!) {{
  apiKeyCreate(input: $input) {{ apiKey {{ id }} {_ERRORS} }}
}}
"""
_API_KEY_REVOKE = f"mutation ($id: ID!) {{ apiKeyRevoke(id: $id) {{ apiKey {{ id }} {_ERRORS} }} }}"
_SETTINGS_UPDATE = f"""
mutation ($input: ModuleSettingsUpdateInput!) {{
  moduleSettingsUpdate(input: $input) {{ module {_ERRORS} }}
}}
"""


async def _roles_and_members(seeding: Seeding) -> None:
    permissions = ["core.view_modules", "core.view_audit_log"]
    custom = seeding.text("auditor")
    await seeding.call(
        _ROLE_CREATE,
        {"input": {"name": custom, "description": seeding.text("d"), "permissions": permissions}},
    )
    for label, roles in (("editor", ["editor"]), ("auditor", [custom, "viewer"])):
        email = await seeding.user(label)
        await seeding.call(_MEMBER_ADD, {"input": {"email": email, "roles": roles}})


async def _api_keys(seeding: Seeding) -> None:
    for label in ("live", "gone"):
        answer = await seeding.call(
            _API_KEY_CREATE,
            {"input": {"name": seeding.text(label), "permissions": ["core.view_modules"]}},
        )
    await seeding.call(_API_KEY_REVOKE, {"id": answer["apiKey"]["id"]})


async def _module_settings(seeding: Seeding) -> None:
    for module in seeding.runtime.registry.modules:
        if module.name == "widgets":
            settings = {"label": seeding.text("w")[:40], "max_items": 7}
            await seeding.call(
                _SETTINGS_UPDATE, {"input": {"module": module.name, "settings": settings}}
            )


async def _customers(seeding: Seeding) -> None:
    email = f"{seeding.text('shopper')}@example.test"
    sign_up = {"email": email, "password": PASSWORD, "displayName": seeding.text("shopper")}
    await seeding.call(SIGN_UP, {"input": sign_up})
    await run_jobs(seeding.api)
    folder = Path(seeding.runtime.settings.mail_url.removeprefix("file://"))
    (mail,) = mails_to(folder, email)
    await seeding.call(EMAIL_VERIFY, {"input": {"token": token_in(mail)}})
    await seeding.call(LOGIN, {"input": {"email": email, "password": PASSWORD}})
    await seeding.call(RESET_REQUEST, {"input": {"email": email}})
    async with seeding.runtime.db.transaction(seeding.tenant.id, readonly=True) as session:
        customer_id = await session.scalar(
            select(CustomerRow.id).where(
                CustomerRow.tenant_id == seeding.tenant.id, CustomerRow.email == email
            )
        )
    assert customer_id is not None
    seeding.principals["customer"] = CustomerPrincipal(customer_id, seeding.tenant.id)


STEPS: tuple[SeedStep, ...] = (
    SeedStep(None, "roles and members", _roles_and_members),
    SeedStep(None, "api keys", _api_keys),
    SeedStep(None, "module settings", _module_settings),
    SeedStep(None, "customers", _customers),
)
