"""The app with content enabled for a tenant in English and German, and the refusal matrix."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select, update

from app.auth.principal import SystemPrincipal
from app.events.models import EventRow
from app.runtime import Context
from app.tenants.models import TenantModuleRow
from modules.content.permissions import MANAGE_TAXONOMY, VIEW_ENTRIES
from tests.conftest import make_registry, make_settings
from tests.support.client import CreatedTenant, RunningApp, create_tenant, running_app
from tests.support.content import local_uuid
from tests.support.databases import DatabaseTarget

__all__ = [
    "CATEGORY",
    "TaxonomyApp",
    "assert_refused_to_outsiders",
    "local_uuid",
    "set_locales",
    "system_context",
    "taxonomy_app",
]

CATEGORY = """
fragment C on ContentCategory { id slug path depth position name names { locale value } }
"""


@dataclass(slots=True)
class TaxonomyApp:
    """The app, a tenant (locales en, de) and a token holding content.manage_taxonomy."""

    api: RunningApp
    tenant: CreatedTenant
    manager: str

    async def gql(
        self, query: str, variables: dict[str, Any] | None = None, *, token: str | None = ""
    ) -> dict[str, Any]:
        """Run ``query`` in the tenant as the manager (``token=None``: anonymously)."""
        chosen = self.manager if token == "" else token
        return await self.api.gql(query, variables, tenant=self.tenant.slug, token=chosen)

    async def ok(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        """Run ``query`` as the manager; return its data, checking there was no error."""
        body = await self.gql(query, variables)
        assert "errors" not in body, body
        data: dict[str, Any] = body["data"]
        return data

    async def count(self, model: type[Any]) -> int:
        """Count the tenant's rows of ``model``."""
        async with self.api.state.runtime.db.transaction(self.tenant.id, readonly=True) as session:
            found = await session.scalar(
                select(func.count()).select_from(model).where(model.tenant_id == self.tenant.id)
            )
            return int(found or 0)

    async def events(self, prefix: str = "content.") -> list[tuple[str, dict[str, Any]]]:
        """Return the tenant's events of types starting with ``prefix``, oldest first."""
        async with self.api.state.runtime.db.transaction(self.tenant.id, readonly=True) as session:
            rows = await session.execute(
                select(EventRow.type, EventRow.payload)
                .where(EventRow.tenant_id == self.tenant.id, EventRow.type.startswith(prefix))
                .order_by(EventRow.id)
            )
            return [(str(row.type), dict(row.payload)) for row in rows]


async def set_locales(api: RunningApp, tenant_id: uuid.UUID, locales: list[str]) -> None:
    """Give the tenant's content these locales (the first is the default)."""
    settings = {"locales": locales, "default_locale": locales[0]}
    async with api.state.runtime.db.transaction(tenant_id) as session:
        await session.execute(
            update(TenantModuleRow)
            .where(TenantModuleRow.tenant_id == tenant_id, TenantModuleRow.module == "content")
            .values(settings=settings)
        )


@asynccontextmanager
async def taxonomy_app(database: DatabaseTarget) -> AsyncIterator[TaxonomyApp]:
    """Run the app with content enabled by default and a tenant whose locales are en and de."""
    values: dict[str, Any] = {"event_runner": "off", "default_modules": ["content"]}
    settings = make_settings(database, **values)
    async with running_app(settings, make_registry(settings, installed=True)) as api:
        tenant = await create_tenant(api)
        await set_locales(api, tenant.id, ["en", "de"])
        manager = api.auth.member(tenant.id, MANAGE_TAXONOMY.name)
        yield TaxonomyApp(api=api, tenant=tenant, manager=manager)


async def assert_refused_to_outsiders(
    app: TaxonomyApp, query: str, variables: dict[str, Any], model: type[Any]
) -> None:
    """Check anonymous, a member without the permission and another tenant's manager are
    refused at the top level, and that no row of ``model`` and no event was written."""
    rows, events = await app.count(model), await app.count(EventRow)
    other = await create_tenant(app.api)
    outsider = app.api.auth.member(other.id, MANAGE_TAXONOMY.name)
    cases = {
        None: "UNAUTHENTICATED",
        app.api.auth.member(app.tenant.id, VIEW_ENTRIES.name): "PERMISSION_DENIED",
        outsider: "PERMISSION_DENIED",
    }
    for token, code in cases.items():
        body = await app.gql(query, variables, token=token)
        assert body["data"] is None, body
        assert [error["extensions"]["code"] for error in body["errors"]] == [code]
    assert (await app.count(model), await app.count(EventRow)) == (rows, events)


async def system_context(app: TaxonomyApp) -> Context:
    """Return a context acting as the system in the app's tenant (for api.py calls)."""
    runtime = app.api.state.runtime
    tenant = await runtime.tenants.find_active(app.tenant.slug)
    assert tenant is not None
    return Context(runtime=runtime, principal=SystemPrincipal(), tenant=tenant)
