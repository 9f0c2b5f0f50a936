"""Enabling a module rebuilds its read models for the tenant, seeded rows included."""

from __future__ import annotations

from sqlalchemy import select

from app.bootstrap import build_work_cycle
from app.tenants.modules import disable_module, enable_module
from tests.fixtures.widgets.models import WidgetListingRow
from tests.fixtures.widgets.module import create_widget
from tests.support.databases import DatabaseTarget
from tests.support.events import controlled_app, tenant_context


async def test_enabling_rebuilds_what_was_skipped_while_disabled(database: DatabaseTarget) -> None:
    async with controlled_app(database) as (api, _clock, tenant):
        runtime = api.state.runtime
        ctx = await tenant_context(runtime, tenant)
        cycle = build_work_cycle(runtime)
        await cycle.run_once()

        async def listed() -> list[str]:
            async with runtime.db.transaction(tenant.id, readonly=True) as session:
                names = await session.scalars(
                    select(WidgetListingRow.name)
                    .where(WidgetListingRow.tenant_id == tenant.id)
                    .order_by(WidgetListingRow.name)
                )
                return list(names)

        # The starter widget is seeded by on_tenant_enable, without an event: the rebuild
        # scheduled by the enabling brings it into the read model.
        assert await listed() == ["starter"]
        await disable_module(ctx, tenant.id, "widgets")
        await create_widget(ctx, "made-while-disabled")
        await cycle.run_once()
        assert await listed() == ["starter"]
        assert await enable_module(ctx, tenant.id, "widgets") == ["widgets"]
        await cycle.run_once()
        assert await listed() == ["made-while-disabled", "starter"]
