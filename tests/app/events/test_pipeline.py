"""The outbox: nothing lost, nothing twice, order per aggregate, retries and dead letters."""

from __future__ import annotations

import asyncio
import uuid
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app.errors import Conflict
from app.events.dead_letters import count_dead_letters, list_dead_letters, replay, replay_subscriber
from app.events.emit import emit
from app.events.models import DeliveryRow, EventRow
from tests.fixtures.widgets.events import WIDGET_CREATED, WidgetChanged
from tests.fixtures.widgets.models import WidgetListingRow, WidgetTallyRow
from tests.fixtures.widgets.module import create_widget, rename_widget
from tests.support.client import RunningApp, create_tenant
from tests.support.databases import DatabaseTarget
from tests.support.events import checksum, controlled_app, delivery_states, tenant_context, wait_for


async def events_of(api: RunningApp, tenant_id: uuid.UUID, type_name: str) -> int:
    """Count a tenant's events of one type."""
    async with api.state.runtime.db.transaction(tenant_id, readonly=True) as session:
        found = await session.scalar(
            select(func.count())
            .select_from(EventRow)
            .where(EventRow.tenant_id == tenant_id, EventRow.type == type_name)
        )
    return int(found or 0)


async def test_rolled_back_mutation_leaves_no_event(api: RunningApp) -> None:
    tenant = await create_tenant(api)
    ctx = await tenant_context(api.state.runtime, tenant)

    async def abandoned_mutation() -> None:
        async with api.state.runtime.db.transaction(tenant.id) as session:
            payload = WidgetChanged(name="ghost")
            await emit(ctx, session, WIDGET_CREATED, payload, aggregate_id=uuid.uuid4())
            raise Conflict("abandon the mutation")

    with pytest.raises(Conflict):
        await abandoned_mutation()
    assert await events_of(api, tenant.id, "widgets.item.created") == 0
    async with api.state.runtime.db.transaction(readonly=True) as session:
        deliveries = await session.scalar(
            select(func.count())
            .select_from(DeliveryRow)
            .where(
                DeliveryRow.tenant_id == tenant.id,
                DeliveryRow.aggregate_key.startswith(f"{tenant.id}:widgets."),
            )
        )
    assert deliveries == 0


async def test_embedded_runner_projects_and_audits_after_commit(api: RunningApp) -> None:
    tenant = await create_tenant(api)
    runtime = api.state.runtime
    ctx = await tenant_context(runtime, tenant)
    widget_id = await create_widget(ctx, "sprocket")

    async def projected() -> bool:
        async with runtime.db.transaction(tenant.id, readonly=True) as session:
            row = await session.get(WidgetListingRow, (tenant.id, widget_id))
            return row is not None and row.name_length == len("sprocket")

    await wait_for(projected)
    await wait_for(lambda: _all_delivered(api, tenant.id))


async def _all_delivered(api: RunningApp, tenant_id: uuid.UUID) -> bool:
    states = await delivery_states(api.state.runtime, "core.audit", tenant_id)
    return set(states) == {"delivered"}


async def test_a_poison_event_dead_letters_and_holds_back_only_its_aggregate(
    database: DatabaseTarget,
) -> None:
    async with controlled_app(database, event_max_attempts=3) as (api, clock, tenant):
        runtime = api.state.runtime
        ctx = await tenant_context(runtime, tenant)
        poison = await create_widget(ctx, "poison-1")
        await rename_widget(ctx, poison, "harmless-now")
        healthy = await create_widget(ctx, "healthy")
        await runtime.dispatcher.drain()
        assert await delivery_states(runtime, "widgets.tally", tenant.id) == {
            "delivered": 1,
            "pending": 2,
        }
        for _ in range(5):
            clock.advance(timedelta(hours=2))
            await runtime.dispatcher.drain()
        assert await delivery_states(runtime, "widgets.tally", tenant.id) == {
            "delivered": 1,
            "dead": 1,
            "pending": 1,
        }
        async with runtime.db.transaction(tenant.id, readonly=True) as session:
            letters = await list_dead_letters(session, tenant.id)
            assert await count_dead_letters(session, tenant.id) == 1
            tally = await session.get(WidgetTallyRow, (tenant.id, healthy))
            held = await session.get(WidgetTallyRow, (tenant.id, poison))
        assert [
            (letter.subscriber, letter.attempts, letter.event.sequence) for letter in letters
        ] == [("widgets.tally", 3, 1)]
        assert letters[0].last_error == "RuntimeError: poisoned widget 'poison-1'"
        assert tally is not None
        assert tally.handled == 1
        assert held is None
        # Other subscribers of the same events were not held back.
        assert await delivery_states(runtime, "widgets.listing", tenant.id) == {"delivered": 3}
        assert await replay(ctx, tenant.id, letters[0].event.id, "widgets.tally") is True
        assert await replay(ctx, tenant.id, letters[0].event.id, "widgets.tally") is False
        await runtime.dispatcher.drain()
        assert (await delivery_states(runtime, "widgets.tally", tenant.id))["pending"] == 2


async def test_replaying_the_whole_outbox_twice_changes_no_read_table(
    database: DatabaseTarget,
) -> None:
    async with controlled_app(database) as (api, _clock, tenant):
        runtime = api.state.runtime
        ctx = await tenant_context(runtime, tenant)
        ids = [await create_widget(ctx, f"w{index}") for index in range(5)]
        for index, widget_id in enumerate(ids):
            await rename_widget(ctx, widget_id, f"renamed-{index}")
        await runtime.dispatcher.drain()
        before = (
            await checksum(runtime, "idx_widgets_listing", tenant.id, "widget_id"),
            await checksum(runtime, "core_audit_log", tenant.id, "event_id"),
        )
        for _ in range(2):
            assert await replay_subscriber(ctx, "widgets.listing", include_delivered=True) >= 10
            assert await replay_subscriber(ctx, "core.audit", include_delivered=True) >= 10
            await runtime.dispatcher.drain()
            after = (
                await checksum(runtime, "idx_widgets_listing", tenant.id, "widget_id"),
                await checksum(runtime, "core_audit_log", tenant.id, "event_id"),
            )
            assert after == before


async def test_concurrent_dispatchers_keep_order_and_apply_once(database: DatabaseTarget) -> None:
    async with controlled_app(database, event_batch_size=7) as (api, _clock, tenant):
        runtime = api.state.runtime
        ctx = await tenant_context(runtime, tenant)
        ids = [await create_widget(ctx, f"c{index}") for index in range(4)]
        for round_ in range(6):
            for index, widget_id in enumerate(ids):
                await rename_widget(ctx, widget_id, f"c{index}-{round_}")
        await asyncio.gather(*(runtime.dispatcher.drain() for _ in range(3)))
        await runtime.dispatcher.drain()
        async with runtime.db.transaction(tenant.id, readonly=True) as session:
            tallies = list(
                await session.scalars(
                    select(WidgetTallyRow).where(WidgetTallyRow.tenant_id == tenant.id)
                )
            )
        assert (
            sorted((row.handled, row.last_sequence, row.out_of_order) for row in tallies)
            == [(7, 7, 0)] * 4
        )


async def test_a_transaction_that_commits_late_is_still_delivered(database: DatabaseTarget) -> None:
    if not database.is_postgres:
        pytest.skip(
            "needs PostgreSQL: SQLite serializes writers, so no commit can overtake another"
        )
    async with controlled_app(database) as (api, _clock, tenant):
        runtime = api.state.runtime
        ctx = await tenant_context(runtime, tenant)
        early, late = uuid.uuid4(), uuid.uuid4()
        async with runtime.db.transaction(tenant.id) as slow:
            first = await emit(
                ctx, slow, WIDGET_CREATED, WidgetChanged(name="early"), aggregate_id=early
            )
            async with runtime.db.transaction(tenant.id) as fast:
                second = await emit(
                    ctx, fast, WIDGET_CREATED, WidgetChanged(name="late"), aggregate_id=late
                )
            assert first.id < second.id
            await runtime.dispatcher.drain()
        await runtime.dispatcher.drain()
        assert await delivery_states(runtime, "widgets.tally", tenant.id) == {"delivered": 2}


async def test_rows_held_back_by_a_dead_letter_do_not_starve_others(
    database: DatabaseTarget,
) -> None:
    async with controlled_app(database, event_max_attempts=1, event_batch_size=3) as (
        api,
        _clock,
        tenant,
    ):
        runtime = api.state.runtime
        ctx = await tenant_context(runtime, tenant)
        poison = await create_widget(ctx, "poison-blocker")
        await runtime.dispatcher.drain()
        for index in range(6):  # twice the batch: all held back behind the dead letter
            await rename_widget(ctx, poison, f"held-{index}")
        other = await create_tenant(api)
        late = await create_widget(await tenant_context(runtime, other), "behind-the-queue")
        await runtime.dispatcher.drain()
        async with runtime.db.transaction(other.id, readonly=True) as session:
            tally = await session.get(WidgetTallyRow, (other.id, late))
        assert tally is not None
        assert await delivery_states(runtime, "widgets.tally", tenant.id) == {
            "dead": 1,
            "pending": 6,
        }


async def test_order_is_kept_per_tenant_not_across_tenants(database: DatabaseTarget) -> None:
    async with controlled_app(database, event_max_attempts=1) as (api, _clock, tenant):
        runtime = api.state.runtime
        other = await create_tenant(api)
        here, there = await tenant_context(runtime, tenant), await tenant_context(runtime, other)
        shared = uuid.uuid4()  # the same aggregate id in two tenants: two separate streams
        for ctx, names in ((here, ["poison-a"]), (there, ["fine-1", "fine-2"])):
            for name in names:
                async with runtime.db.transaction(ctx.require_tenant().id) as session:
                    payload = WidgetChanged(name=name)
                    await emit(ctx, session, WIDGET_CREATED, payload, aggregate_id=shared)
        await runtime.dispatcher.drain()
        assert await delivery_states(runtime, "widgets.tally", tenant.id) == {"dead": 1}
        assert await delivery_states(runtime, "widgets.tally", other.id) == {"delivered": 2}
