"""Real people for the identity tests: users holding roles, signed in for real; refusal checks.

A refused operation must write nothing: :func:`tenant_state` digests every identity table of a
tenant and counts its outbox events, so a test compares the state before and after.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select

from app.auth.principal import SystemPrincipal
from app.events.models import EventRow
from app.identity.membership import grant_role
from app.identity.users import create_user
from app.ids import encode_global_id
from app.runtime import Context
from tests.support.client import CreatedTenant, RunningApp
from tests.support.events import checksum

__all__ = [
    "PASSWORD",
    "Person",
    "assert_refused",
    "events_of",
    "payload_errors",
    "person",
    "refusals",
    "tenant_state",
]

PASSWORD = "correct horse battery staple"
_LOGIN = """
mutation ($input: LoginInput!) { login(input: $input) { accessToken errors { code message } } }
"""
_TABLES = {
    "core_roles": "id",
    "core_role_permissions": "role_id, permission",
    "core_memberships": "user_id",
    "core_membership_roles": "user_id, role_id",
    "core_api_keys": "id",
}


@dataclass(frozen=True, slots=True)
class Person:
    """A user with a password, signed in once."""

    user_id: uuid.UUID
    email: str
    token: str

    @property
    def global_id(self) -> str:
        """Return the user's Relay global ID."""
        return encode_global_id("User", self.user_id)


async def person(api: RunningApp, tenant: CreatedTenant | None, *roles: str) -> Person:
    """Create a user holding ``roles`` in ``tenant`` (through the services) and sign them in."""
    ctx = Context(runtime=api.state.runtime, principal=SystemPrincipal())
    email = f"{uuid.uuid4().hex[:12]}@example.test"
    user = await create_user(ctx, email=email, display_name="Someone", password=PASSWORD)
    for role in roles:
        assert tenant is not None
        await grant_role(ctx, tenant.id, user.id, role)
    body = await api.gql(_LOGIN, {"input": {"email": email, "password": PASSWORD}})
    payload = body["data"]["login"]
    assert payload["errors"] == [], payload
    return Person(user_id=user.id, email=email, token=payload["accessToken"])


async def events_of(api: RunningApp, tenant_id: uuid.UUID, prefix: str = "") -> list[Any]:
    """Return the tenant's outbox events whose type starts with ``prefix``, oldest first."""
    async with api.state.runtime.db.transaction(tenant_id, readonly=True) as session:
        rows = await session.scalars(
            select(EventRow)
            .where(EventRow.tenant_id == tenant_id, EventRow.type.startswith(prefix))
            .order_by(EventRow.id)
        )
        return list(rows)


async def tenant_state(api: RunningApp, tenant_id: uuid.UUID) -> dict[str, str | int]:
    """Return a digest of every identity table of the tenant and its number of events."""
    runtime = api.state.runtime
    state: dict[str, str | int] = {
        table: await checksum(runtime, table, tenant_id, order_by)
        for table, order_by in _TABLES.items()
    }
    async with runtime.db.transaction(tenant_id, readonly=True) as session:
        count = await session.scalar(
            select(func.count()).select_from(EventRow).where(EventRow.tenant_id == tenant_id)
        )
    state["core_events"] = int(count or 0)
    return state


async def refusals(
    api: RunningApp, tenant: CreatedTenant, other: CreatedTenant, lacking_role: str
) -> dict[str, tuple[str | None, str]]:
    """Return the refused rows of an authorization matrix: label → (token, top-level code).

    ``lacking_role`` is a built-in role of ``tenant`` without the operation's permission; the
    member of another tenant is an owner there.
    """
    return {
        "anonymous": (None, "UNAUTHENTICATED"),
        "member without the permission": (
            (await person(api, tenant, lacking_role)).token,
            "PERMISSION_DENIED",
        ),
        "member of another tenant": (
            (await person(api, other, "owner")).token,
            "PERMISSION_DENIED",
        ),
    }


async def assert_refused(
    api: RunningApp,
    tenant: CreatedTenant,
    query: str,
    variables: dict[str, Any],
    cases: dict[str, tuple[str | None, str]],
) -> None:
    """Run ``query`` as each refused case: a top-level error, and nothing written."""
    for label, (token, code) in cases.items():
        before = await tenant_state(api, tenant.id)
        body = await api.gql(query, variables, tenant=tenant.slug, token=token)
        assert body["data"] is None, label
        assert [error["extensions"]["code"] for error in body["errors"]] == [code], label
        assert await tenant_state(api, tenant.id) == before, label


def payload_errors(payload: dict[str, Any]) -> list[tuple[str, str | None]]:
    """Return a payload's errors as (code, field) pairs."""
    return [(error["code"], error["field"]) for error in payload["errors"]]
