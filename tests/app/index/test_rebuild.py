"""Rebuilding a projection: equal to the incremental index, in place, while writes go on."""

from __future__ import annotations

import asyncio
import dataclasses
import random
import uuid

import pytest
from sqlalchemy import delete, insert, select, update

from app.errors import NotFound
from app.events.bus import Subscription
from app.events.declarations import Projection
from app.index.rebuild import rebuild, rebuild_lock
from app.runtime import Context, Runtime
from tests.fixtures.widgets.models import WidgetListingRow, WidgetRow
from tests.fixtures.widgets.module import SEED_NAME, create_widget, rename_widget
from tests.support.databases import DatabaseTarget
from tests.support.events import checksum, controlled_app, tenant_context

LISTING = "widgets.listing"


async def listing_checksum(runtime: Runtime, tenant_id: uuid.UUID) -> str:
    """Digest the tenant's listing rows."""
    return await checksum(runtime, "idx_widgets_listing", tenant_id, "widget_id")


async def project_the_starter(ctx: Context) -> uuid.UUID:
    """Rename the seeded starter widget to itself, so its row is built by an event too.

    The seed is inserted by ``on_tenant_enable`` without an event, so only a rebuild would
    otherwise know it.
    """
    tenant = ctx.require_tenant()
    async with ctx.runtime.db.transaction(tenant.id, readonly=True) as session:
        starter = await session.scalar(
            select(WidgetRow.id).where(
                WidgetRow.tenant_id == tenant.id, WidgetRow.name == SEED_NAME
            )
        )
    assert starter is not None
    await rename_widget(ctx, starter, SEED_NAME)
    return starter


async def damage_the_listing(runtime: Runtime, tenant_id: uuid.UUID, ids: list[uuid.UUID]) -> None:
    """Lose one row, corrupt another and add an orphan whose source never existed."""
    async with runtime.db.transaction(tenant_id) as session:
        await session.execute(
            delete(WidgetListingRow).where(
                WidgetListingRow.tenant_id == tenant_id, WidgetListingRow.widget_id == ids[0]
            )
        )
        await session.execute(
            update(WidgetListingRow)
            .where(WidgetListingRow.tenant_id == tenant_id, WidgetListingRow.widget_id == ids[1])
            .values(name="stale", name_length=5)
        )
        await session.execute(
            insert(WidgetListingRow).values(
                tenant_id=tenant_id, widget_id=uuid.uuid4(), name="orphan", name_length=6
            )
        )


async def test_a_rebuild_equals_the_incrementally_built_index(database: DatabaseTarget) -> None:
    async with controlled_app(database) as (api, _clock, tenant):
        runtime = api.state.runtime
        ctx = await tenant_context(runtime, tenant)
        await project_the_starter(ctx)
        ids = [await create_widget(ctx, f"w{index}") for index in range(7)]
        for index in (1, 3, 5):
            await rename_widget(ctx, ids[index], f"renamed-{index}")
        await runtime.dispatcher.drain()
        incremental = await listing_checksum(runtime, tenant.id)

        progress: list[tuple[int, int]] = []
        refreshed = await rebuild(runtime, LISTING, tenant.id, lambda *at: progress.append(at))
        assert (refreshed, progress) == (8, [(8, 8)])
        assert await listing_checksum(runtime, tenant.id) == incremental

        await damage_the_listing(runtime, tenant.id, ids)
        assert await listing_checksum(runtime, tenant.id) != incremental
        progress.clear()
        refreshed = await rebuild(
            runtime, LISTING, tenant.id, lambda *at: progress.append(at), chunk_size=3
        )
        # 8 widgets in chunks of 3, then the one orphan the comparison found.
        assert (refreshed, progress) == (9, [(3, 8), (6, 8), (8, 8), (9, 9)])
        assert await listing_checksum(runtime, tenant.id) == incremental


async def test_a_projection_without_an_indexed_listing_is_rebuilt_in_one_transaction(
    database: DatabaseTarget,
) -> None:
    async with controlled_app(database) as (api, _clock, tenant):
        runtime = api.state.runtime
        ctx = await tenant_context(runtime, tenant)
        await project_the_starter(ctx)
        ids = [await create_widget(ctx, f"n{index}") for index in range(4)]
        await runtime.dispatcher.drain()
        incremental = await listing_checksum(runtime, tenant.id)
        subscription = runtime.events.subscriptions[LISTING]
        assert isinstance(subscription.subscriber, Projection)
        runtime.events.subscriptions[LISTING] = Subscription(
            subscription.module, dataclasses.replace(subscription.subscriber, indexed=None)
        )
        await damage_the_listing(runtime, tenant.id, ids)

        progress: list[tuple[int, int]] = []
        refreshed = await rebuild(
            runtime, LISTING, tenant.id, lambda *at: progress.append(at), chunk_size=2
        )

        assert (refreshed, progress) == (5, [(5, 5)])
        assert await listing_checksum(runtime, tenant.id) == incremental


async def test_a_rebuild_drops_rows_of_aggregates_gone_at_the_source(
    database: DatabaseTarget,
) -> None:
    async with controlled_app(database) as (api, _clock, tenant):
        runtime = api.state.runtime
        ctx = await tenant_context(runtime, tenant)
        ids = [await create_widget(ctx, f"g{index}") for index in range(5)]
        await runtime.dispatcher.drain()
        async with runtime.db.transaction(tenant.id) as session:
            await session.execute(
                delete(WidgetRow).where(WidgetRow.tenant_id == tenant.id, WidgetRow.id.in_(ids[:2]))
            )

        # The starter and three widgets remain; the two deleted ones are orphans now.
        assert await rebuild(runtime, LISTING, tenant.id, chunk_size=2) == 6

        async with runtime.db.transaction(tenant.id, readonly=True) as session:
            names = await session.scalars(
                select(WidgetListingRow.name)
                .where(WidgetListingRow.tenant_id == tenant.id)
                .order_by(WidgetListingRow.name)
            )
            assert list(names) == ["g2", "g3", "g4", SEED_NAME]


@pytest.mark.parametrize("name", ["widgets.nothing", "widgets.tally"])
async def test_only_an_installed_projection_can_be_rebuilt(
    database: DatabaseTarget, name: str
) -> None:
    async with controlled_app(database) as (api, _clock, tenant):
        with pytest.raises(NotFound) as raised:
            await rebuild(api.state.runtime, name, tenant.id)
        assert (raised.value.field, raised.value.message) == (
            "projection",
            f"no projection {name!r}; installed: widgets.listing",
        )


async def test_a_chunk_size_below_one_is_refused(database: DatabaseTarget) -> None:
    async with controlled_app(database) as (api, _clock, tenant):
        with pytest.raises(ValueError, match="chunk_size must be at least 1, got 0"):
            await rebuild(api.state.runtime, LISTING, tenant.id, chunk_size=0)


async def test_a_rebuild_while_writes_go_on_ends_equal_to_a_fresh_rebuild(
    database: DatabaseTarget,
) -> None:
    async with controlled_app(database, database_pool_size=8) as (api, _clock, tenant):
        runtime = api.state.runtime
        ctx = await tenant_context(runtime, tenant)
        await project_the_starter(ctx)
        ids = [await create_widget(ctx, f"cw{index}") for index in range(24)]
        await runtime.dispatcher.drain()
        writing = asyncio.Event()
        writing.set()
        chooser = random.Random(4)  # noqa: S311 - a reproducible test schedule

        async def write() -> None:
            for round_ in range(80):
                await rename_widget(ctx, chooser.choice(ids), f"cw-{round_}")
                if round_ % 10 == 0:
                    await asyncio.sleep(0)
            writing.clear()

        async def deliver() -> None:
            while writing.is_set():
                await runtime.dispatcher.drain()
                await asyncio.sleep(0.001)

        async def rebuild_repeatedly() -> None:
            while writing.is_set():
                await rebuild(runtime, LISTING, tenant.id, chunk_size=4)

        await asyncio.gather(write(), deliver(), rebuild_repeatedly())
        await runtime.dispatcher.drain()
        concurrent = await listing_checksum(runtime, tenant.id)
        await rebuild(runtime, LISTING, tenant.id)
        assert await listing_checksum(runtime, tenant.id) == concurrent
        async with runtime.db.transaction(tenant.id, readonly=True) as session:
            sources = await session.execute(
                select(WidgetRow.id, WidgetRow.name).where(WidgetRow.tenant_id == tenant.id)
            )
            rows = await session.execute(
                select(WidgetListingRow.widget_id, WidgetListingRow.name).where(
                    WidgetListingRow.tenant_id == tenant.id
                )
            )
            assert dict(rows.all()) == dict(sources.all())


async def test_deliveries_wait_for_a_rebuild_chunk_in_flight(database: DatabaseTarget) -> None:
    if not database.is_postgres:
        pytest.skip("needs PostgreSQL: SQLite runs one writer at a time, so nothing overlaps")
    async with controlled_app(database) as (api, _clock, tenant):
        runtime = api.state.runtime
        ctx = await tenant_context(runtime, tenant)
        widget_id = await create_widget(ctx, "waits")

        async def listed() -> bool:
            async with runtime.db.transaction(tenant.id, readonly=True) as session:
                return await session.get(WidgetListingRow, (tenant.id, widget_id)) is not None

        async with runtime.db.transaction(tenant.id) as chunk:
            await rebuild_lock(chunk, LISTING, tenant.id, exclusive=True)
            delivery = asyncio.create_task(runtime.dispatcher.drain())
            await asyncio.sleep(0.3)
            assert not delivery.done()
            assert not await listed()
        assert await delivery > 0
        assert await listed()
