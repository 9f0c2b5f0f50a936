"""Resolving tenants: the X-Tenant header, the host map, and the short cache."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import update

from app.clock import FrozenClock
from app.config import Settings
from app.tenants.directory import TenantDirectory
from app.tenants.models import TenantRow
from tests.conftest import make_registry
from tests.support.client import RunningApp, create_tenant, running_app


async def test_host_map_names_the_tenant(api: RunningApp, settings: Settings) -> None:
    tenant = await create_tenant(api)
    mapped = settings.model_copy(update={"tenant_hosts": {"shop.example": tenant.slug}})
    async with running_app(mapped, make_registry(mapped)) as running:
        token = running.auth.member(tenant.id, "widgets.view_items")
        response = await running.client.post(
            "/graphql",
            json={"query": "{ widgets { name } }"},
            headers={"Host": "shop.example", "Authorization": f"Bearer {token}"},
        )
    assert response.json() == {"data": {"widgets": [{"name": "starter"}]}}


async def test_cache_serves_within_its_ttl_and_invalidates_on_local_writes(
    api: RunningApp,
) -> None:
    tenant = await create_tenant(api)
    db = api.state.runtime.db
    clock = FrozenClock(datetime(2026, 11, 26, 12, 0, tzinfo=UTC))
    directory = TenantDirectory(db, clock, ttl_seconds=2)
    assert (await directory.find_active(tenant.slug)) is not None
    async with db.transaction() as session:
        await session.execute(
            update(TenantRow).where(TenantRow.id == tenant.id).values(status="suspended")
        )
    assert (await directory.find_active(tenant.slug)) is not None
    clock.advance(timedelta(seconds=3))
    assert await directory.find_active(tenant.slug) is None
    async with db.transaction() as session:
        await session.execute(
            update(TenantRow).where(TenantRow.id == tenant.id).values(status="active")
        )
    assert await directory.find_active(tenant.slug) is None
    directory.invalidate()
    found = await directory.find_active(tenant.slug)
    assert found is not None
    assert found.enabled_modules == frozenset({"widgets"})
