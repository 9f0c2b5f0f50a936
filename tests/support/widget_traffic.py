"""A stream of widget writes with its ledger, and the exactly-once check run against it.

The writer creates a few widgets and keeps renaming them through the module's services (each
write is one transaction with its event, as a mutation would do) and counts what it committed
per widget. :func:`assert_delivered_exactly_once` then proves, for one tenant: every delivery
is delivered (none pending or dead), the outbox holds exactly the ledger's events, the tally
handler saw each event once and in sequence order, and the listing equals its source rows (what
a rebuild would produce: every widget of the tenant, the seeded one included).
"""

from __future__ import annotations

import asyncio
import random
import uuid
from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import ColumnElement, func, select

from app.events.bus import Subscription
from app.events.declarations import Handler
from app.events.models import DeliveryRow, DeliveryState, EventRow
from app.jobs.models import JobRow, JobState
from app.runtime import Context
from tests.fixtures.widgets.models import WidgetListingRow, WidgetRow, WidgetTallyRow
from tests.fixtures.widgets.module import create_widget, rename_widget

__all__ = [
    "WidgetTraffic",
    "assert_delivered_exactly_once",
    "count_delivered",
    "count_undelivered",
    "is_settled",
]


@dataclass(slots=True)
class WidgetTraffic:
    """Creates ``widgets`` widgets, then renames them at random; ``events`` is the ledger."""

    ctx: Context
    widgets: int
    seed: int = 7
    events: Counter[uuid.UUID] = field(default_factory=Counter)
    _random: random.Random = field(init=False)
    _writes: int = field(default=0, init=False)

    def __post_init__(self) -> None:
        self._random = random.Random(self.seed)  # noqa: S311 - a reproducible stream

    @property
    def writes(self) -> int:
        """Return how many writes committed."""
        return self._writes

    async def write_once(self) -> None:
        """Create the next widget, or rename one once all exist; one event either way."""
        self._writes += 1
        name = f"w-{self._writes}"
        if len(self.events) < self.widgets:
            widget_id = await create_widget(self.ctx, name)
        else:
            widget_id = self._random.choice(sorted(self.events))
            await rename_widget(self.ctx, widget_id, name)
        self.events[widget_id] += 1

    async def write(self, count: int) -> None:
        """Write ``count`` times back to back."""
        for _ in range(count):
            await self.write_once()

    async def run(self, stop: asyncio.Event, pause_seconds: float) -> None:
        """Write until ``stop`` is set, pausing between writes; a failed write ends the run."""
        while not stop.is_set():
            await self.write_once()
            await asyncio.sleep(pause_seconds)


async def assert_delivered_exactly_once(ctx: Context, traffic: WidgetTraffic) -> None:
    """Fail unless every event of the tenant took effect exactly once, in order."""
    runtime, tenant_id = ctx.runtime, ctx.require_tenant().id
    async with runtime.db.transaction(tenant_id, readonly=True) as session:
        events = Counter(
            {
                (event_type, aggregate): count
                for event_type, aggregate, count in await session.execute(
                    select(EventRow.type, EventRow.aggregate_id, func.count())
                    .where(EventRow.tenant_id == tenant_id)
                    .group_by(EventRow.type, EventRow.aggregate_id)
                )
            }
        )
        states = {
            state: count
            for state, count in await session.execute(
                select(DeliveryRow.state, func.count())
                .where(DeliveryRow.tenant_id == tenant_id)
                .group_by(DeliveryRow.state)
            )
        }
        tallies = {
            row.widget_id: (row.handled, row.last_sequence, row.out_of_order)
            for row in await session.scalars(
                select(WidgetTallyRow).where(WidgetTallyRow.tenant_id == tenant_id)
            )
        }
        listing = {
            row.widget_id: (row.name, row.name_length)
            for row in await session.scalars(
                select(WidgetListingRow).where(WidgetListingRow.tenant_id == tenant_id)
            )
        }
        source = {
            row.id: (row.name, len(row.name))
            for row in await session.scalars(
                select(WidgetRow).where(WidgetRow.tenant_id == tenant_id)
            )
        }
    # The tenant has no webhook endpoints: the fan-out's audience declines every event.
    expected_deliveries = sum(
        count * sum(1 for item in runtime.events.subscribers_for(event_type) if not _asks(item))
        for (event_type, _), count in events.items()
    )
    per_widget = Counter[uuid.UUID]()
    for (event_type, aggregate), count in events.items():
        if event_type.startswith("widgets.item."):
            per_widget[uuid.UUID(aggregate)] += count
    assert per_widget == traffic.events, f"outbox {per_widget} != writes {traffic.events}"
    assert states == {"delivered": expected_deliveries}, f"lost: {states}, {expected_deliveries}"
    expected = {key: (count, count, 0) for key, count in traffic.events.items()}
    assert tallies == expected, f"handled, last sequence, out of order: {tallies} != {expected}"
    differences = {
        key: (listing.get(key), source.get(key))
        for key in listing.keys() | source.keys()
        if listing.get(key) != source.get(key)
    }
    assert differences == {}, f"read table (left) differs from source rows (right): {differences}"


async def count_undelivered(ctx: Context) -> int:
    """Count the tenant's deliveries that are not delivered yet."""
    return await _count_deliveries(ctx, DeliveryRow.state != DeliveryState.DELIVERED)


async def count_delivered(ctx: Context) -> int:
    """Count the tenant's delivered deliveries."""
    return await _count_deliveries(ctx, DeliveryRow.state == DeliveryState.DELIVERED)


async def _count_deliveries(ctx: Context, condition: ColumnElement[bool]) -> int:
    tenant_id = ctx.require_tenant().id
    async with ctx.runtime.db.transaction(readonly=True) as session:
        found = await session.scalar(
            select(func.count())
            .select_from(DeliveryRow)
            .where(DeliveryRow.tenant_id == tenant_id, condition)
        )
    return int(found or 0)


async def is_settled(ctx: Context) -> bool:
    """Return whether the tenant has nothing left to deliver and no job left to run.

    Enabling a module schedules a rebuild of its projections (its seeded rows carry no events),
    so the read table equals its source only once that job ran too.
    """
    if await count_undelivered(ctx):
        return False
    tenant_id = ctx.require_tenant().id
    async with ctx.runtime.db.transaction(readonly=True) as session:
        pending = await session.scalar(
            select(func.count())
            .select_from(JobRow)
            .where(JobRow.tenant_id == tenant_id, JobRow.state == JobState.PENDING)
        )
    return not pending


def _asks(subscription: Subscription) -> bool:
    subscriber = subscription.subscriber
    return isinstance(subscriber, Handler) and subscriber.audience is not None
