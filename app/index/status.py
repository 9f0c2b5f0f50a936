"""How far each subscriber of a tenant has got: last event applied, lag, failures.

Read from the cross-tenant delivery machinery (``core_subscriber_positions`` and
``core_event_deliveries``), two statements per tenant whatever the number of subscribers.
"""

from __future__ import annotations

import enum
import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, case, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.events.declarations import Projection
from app.events.models import DeliveryRow, DeliveryState, SubscriberPositionRow
from app.runtime import Runtime

__all__ = ["SubscriberKind", "SubscriberStatus", "index_status"]


class SubscriberKind(enum.Enum):
    """What a subscriber does with events."""

    PROJECTION = "projection"
    HANDLER = "handler"


@dataclass(frozen=True, slots=True)
class SubscriberStatus:
    """One subscriber's state in one tenant.

    Attributes:
        subscriber: Its name, ``<module>.<name>``.
        kind: Projection (keeps ``idx_*`` rows) or handler.
        module: The owning module; None for the core.
        tables: The read tables a projection keeps (none for a handler).
        last_event_id: The newest event it applied here, if any.
        last_occurred_at: When that event happened.
        last_applied_at: When it was last applied (the batch's time).
        lag_events: Deliveries waiting for it here (due or retrying).
        lag_seconds: How long the oldest waiting delivery has waited (0 when none).
        retrying: Waiting deliveries that already failed at least once.
        dead: Deliveries that exhausted their attempts (dead letters).
    """

    subscriber: str
    kind: SubscriberKind
    module: str | None
    tables: tuple[str, ...]
    last_event_id: uuid.UUID | None
    last_occurred_at: datetime | None
    last_applied_at: datetime | None
    lag_events: int
    lag_seconds: float
    retrying: int
    dead: int


@dataclass(frozen=True, slots=True)
class _Backlog:
    pending: int = 0
    retrying: int = 0
    dead: int = 0
    oldest: datetime | None = None


async def index_status(runtime: Runtime, tenant_id: uuid.UUID) -> list[SubscriberStatus]:
    """Return every installed subscriber's state in a tenant, by name."""
    async with runtime.db.transaction(readonly=True) as session:
        positions = await _positions(session, tenant_id)
        backlogs = await _backlogs(session, tenant_id)
    now = runtime.clock.now()
    found = []
    for name in sorted(runtime.events.subscriptions):
        subscription = runtime.events.subscriptions[name]
        subscriber = subscription.subscriber
        position = positions.get(name)
        backlog = backlogs.get(name, _Backlog())
        is_projection = isinstance(subscriber, Projection)
        found.append(
            SubscriberStatus(
                subscriber=name,
                kind=SubscriberKind.PROJECTION if is_projection else SubscriberKind.HANDLER,
                module=subscription.module,
                tables=subscriber.tables if isinstance(subscriber, Projection) else (),
                last_event_id=position.last_event_id if position else None,
                last_occurred_at=position.last_occurred_at if position else None,
                last_applied_at=position.last_applied_at if position else None,
                lag_events=backlog.pending,
                lag_seconds=_seconds_since(backlog.oldest, now),
                retrying=backlog.retrying,
                dead=backlog.dead,
            )
        )
    return found


def _seconds_since(moment: datetime | None, now: datetime) -> float:
    return max((now - moment).total_seconds(), 0.0) if moment is not None else 0.0


async def _positions(
    session: AsyncSession, tenant_id: uuid.UUID
) -> dict[str, SubscriberPositionRow]:
    rows = await session.scalars(
        select(SubscriberPositionRow).where(SubscriberPositionRow.tenant_id == tenant_id)
    )
    return {row.subscriber: row for row in rows}


async def _backlogs(session: AsyncSession, tenant_id: uuid.UUID) -> dict[str, _Backlog]:
    table = DeliveryRow
    is_pending = table.state == DeliveryState.PENDING
    rows = await session.execute(
        select(
            table.subscriber,
            func.sum(case((is_pending, 1), else_=0)),
            func.sum(case((and_(is_pending, table.attempts > 0), 1), else_=0)),
            func.sum(case((table.state == DeliveryState.DEAD, 1), else_=0)),
            func.min(case((is_pending, table.created_at), else_=None)),
        )
        .where(
            table.tenant_id == tenant_id,
            table.state.in_([DeliveryState.PENDING, DeliveryState.DEAD]),
        )
        .group_by(table.subscriber)
    )
    return {
        name: _Backlog(int(pending), int(retrying), int(dead), oldest)
        for name, pending, retrying, dead, oldest in rows.all()
    }
