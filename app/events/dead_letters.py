"""Dead letters: deliveries that exhausted their attempts. Listed, inspected, replayed."""

from __future__ import annotations

import uuid
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, Update, and_, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from app.events.envelope import Event
from app.events.models import DeliveryRow, DeliveryState, EventRow
from app.runtime import Context

__all__ = [
    "DeadLetter",
    "count_dead_letters",
    "list_dead_letters",
    "replay",
    "replay_dead_letters",
    "replay_subscriber",
]


@dataclass(frozen=True, slots=True)
class DeadLetter:
    """One dead delivery with its event."""

    event: Event
    subscriber: str
    attempts: int
    last_error: str
    failed_at: datetime


def _dead_in(
    tenant_id: uuid.UUID, subscriber: str | None, types: Collection[str] | None
) -> Select[DeliveryRow, EventRow]:
    statement = (
        select(DeliveryRow, EventRow)
        .join(EventRow, EventRow.id == DeliveryRow.event_id)
        .where(
            DeliveryRow.tenant_id == tenant_id,
            EventRow.tenant_id == tenant_id,
            DeliveryRow.state == DeliveryState.DEAD,
        )
    )
    if subscriber is not None:
        statement = statement.where(DeliveryRow.subscriber == subscriber)
    if types is not None:
        statement = statement.where(EventRow.type.in_(sorted(types)))
    return statement


def _events_of_types(tenant_id: uuid.UUID, types: Collection[str]) -> Select[uuid.UUID]:
    return select(EventRow.id).where(
        EventRow.tenant_id == tenant_id, EventRow.type.in_(sorted(types))
    )


def _as_dead_letter(delivery: DeliveryRow, row: EventRow) -> DeadLetter:
    event = Event.from_row(row)
    return DeadLetter(
        event=event,
        subscriber=delivery.subscriber,
        attempts=delivery.attempts,
        last_error=delivery.last_error or "",
        failed_at=delivery.next_attempt_at,
    )


async def list_dead_letters(
    session: AsyncSession,
    tenant_id: uuid.UUID,
    *,
    after: tuple[uuid.UUID, str] | None = None,
    limit: int = 50,
    subscriber: str | None = None,
    types: Collection[str] | None = None,
) -> list[DeadLetter]:
    """Return a tenant's dead letters, oldest event first, after the given (event, subscriber).

    ``types`` (when given) keeps only events of those types: what the principal may see.
    """
    statement = _dead_in(tenant_id, subscriber, types)
    if after is not None:
        event_id, name = after
        statement = statement.where(
            (DeliveryRow.event_id > event_id)
            | and_(DeliveryRow.event_id == event_id, DeliveryRow.subscriber > name)
        )
    statement = statement.order_by(DeliveryRow.event_id, DeliveryRow.subscriber).limit(limit)
    rows = (await session.execute(statement)).all()
    return [_as_dead_letter(delivery, event) for delivery, event in rows]


async def count_dead_letters(
    session: AsyncSession,
    tenant_id: uuid.UUID,
    *,
    subscriber: str | None = None,
    types: Collection[str] | None = None,
) -> int:
    """Return how many dead letters a tenant has (of a subscriber, of the given types)."""
    if subscriber is None and types is None:
        statement = (
            select(func.count())
            .select_from(DeliveryRow)
            .where(DeliveryRow.tenant_id == tenant_id, DeliveryRow.state == DeliveryState.DEAD)
        )
    else:
        dead = _dead_in(tenant_id, subscriber, types).with_only_columns(DeliveryRow.event_id)
        statement = select(func.count()).select_from(dead.subquery())
    found = await session.scalar(statement)
    return int(found or 0)


async def replay(
    ctx: Context,
    tenant_id: uuid.UUID,
    event_id: uuid.UUID,
    subscriber: str,
    *,
    types: Collection[str] | None = None,
) -> bool:
    """Send a dead letter again from its first attempt; return whether there was one.

    ``types`` (when given) replays it only if its event is of one of those types.
    """
    statement = update(DeliveryRow).where(
        DeliveryRow.tenant_id == tenant_id,
        DeliveryRow.event_id == event_id,
        DeliveryRow.subscriber == subscriber,
        DeliveryRow.state == DeliveryState.DEAD,
    )
    if types is not None:
        statement = statement.where(DeliveryRow.event_id.in_(_events_of_types(tenant_id, types)))
    return await _replay_dead(ctx, tenant_id, statement) > 0


async def replay_dead_letters(
    ctx: Context,
    tenant_id: uuid.UUID,
    *,
    subscriber: str | None = None,
    types: Collection[str] | None = None,
) -> int:
    """Send a tenant's dead letters (of a subscriber, of the given types) again; return how many."""
    statement = update(DeliveryRow).where(
        DeliveryRow.tenant_id == tenant_id, DeliveryRow.state == DeliveryState.DEAD
    )
    if subscriber is not None:
        statement = statement.where(DeliveryRow.subscriber == subscriber)
    if types is not None:
        statement = statement.where(DeliveryRow.event_id.in_(_events_of_types(tenant_id, types)))
    return await _replay_dead(ctx, tenant_id, statement)


async def _replay_dead(ctx: Context, tenant_id: uuid.UUID, statement: Update) -> int:
    async with ctx.runtime.db.transaction(tenant_id) as session:
        result = await session.execute(
            statement.values(
                state=DeliveryState.PENDING, attempts=0, next_attempt_at=ctx.runtime.clock.now()
            )
        )
    replayed = int(getattr(result, "rowcount", 0))
    if replayed:
        ctx.runtime.events.notify()
    return replayed


async def replay_subscriber(
    ctx: Context, subscriber: str, *, tenant_id: uuid.UUID | None = None, include_delivered: bool
) -> int:
    """Send a subscriber's dead letters again, or (``include_delivered``) every event again.

    Replaying delivered events is for projections and idempotent handlers: a projection
    refreshes from the source, so its read tables end up the same.
    """
    states = (
        [DeliveryState.DEAD, DeliveryState.DELIVERED] if include_delivered else [DeliveryState.DEAD]
    )
    statement = update(DeliveryRow).where(
        DeliveryRow.subscriber == subscriber, DeliveryRow.state.in_(states)
    )
    if tenant_id is not None:
        statement = statement.where(DeliveryRow.tenant_id == tenant_id)
    async with ctx.runtime.db.transaction() as session:
        result = await session.execute(
            statement.values(
                state=DeliveryState.PENDING, attempts=0, next_attempt_at=ctx.runtime.clock.now()
            )
        )
    ctx.runtime.events.notify()
    return int(getattr(result, "rowcount", 0))
