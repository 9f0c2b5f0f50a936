"""A disabled module's subscribers skip that tenant (and only that tenant)."""

from __future__ import annotations

from sqlalchemy import select

from app.tenants.modules import disable_module
from tests.fixtures.widgets.models import WidgetTallyRow
from tests.fixtures.widgets.module import create_widget
from tests.support.client import create_tenant
from tests.support.databases import DatabaseTarget
from tests.support.events import controlled_app, delivery_states, tenant_context


async def test_handlers_skip_a_tenant_that_disabled_their_module(database: DatabaseTarget) -> None:
    async with controlled_app(database) as (api, _clock, tenant):
        runtime = api.state.runtime
        other = await create_tenant(api)
        here, there = await tenant_context(runtime, tenant), await tenant_context(runtime, other)
        kept = await create_widget(here, "kept")
        skipped = await create_widget(there, "skipped")
        await disable_module(there, other.id, "widgets")
        await runtime.dispatcher.drain()
        for tenant_id in (tenant.id, other.id):
            assert await delivery_states(runtime, "widgets.tally", tenant_id) == {"delivered": 1}
        async with runtime.db.transaction(tenant.id, readonly=True) as session:
            applied = await session.scalar(
                select(WidgetTallyRow.handled).where(WidgetTallyRow.widget_id == kept)
            )
        async with runtime.db.transaction(other.id, readonly=True) as session:
            not_applied = await session.scalar(
                select(WidgetTallyRow.handled).where(WidgetTallyRow.widget_id == skipped)
            )
        assert (applied, not_applied) == (1, None)
