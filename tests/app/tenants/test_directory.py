"""Resolving tenants: the X-Tenant header, the host map, and the short cache."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from sqlalchemy import event, update

from app.clock import FrozenClock
from app.config import Settings
from app.tenants.directory import TenantDirectory
from app.tenants.models import TenantRow
from tests.conftest import make_registry
from tests.support.client import RunningApp, create_tenant, running_app
from tests.support.databases import DatabaseTarget
from tests.support.events import controlled_app


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
    assert response.json()["data"] == {"widgets": [{"name": "starter"}]}


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


async def test_concurrent_misses_share_one_load(database: DatabaseTarget) -> None:
    async with controlled_app(database) as (api, clock, tenant):
        db = api.state.runtime.db
        statements: list[str] = []

        def count(*args: object) -> None:
            statements.append(str(args[2]))

        single = TenantDirectory(db, clock, ttl_seconds=2)
        event.listen(db.engine.sync_engine, "before_cursor_execute", count)
        try:
            await single.find_active(tenant.slug)
            one_load = len(statements)
            statements.clear()
            shared = TenantDirectory(db, clock, ttl_seconds=2)
            found = await asyncio.gather(*(shared.find_active(tenant.slug) for _ in range(10)))
        finally:
            event.remove(db.engine.sync_engine, "before_cursor_execute", count)
    assert len(statements) == one_load
    assert {item.slug if item else None for item in found} == {tenant.slug}
