"""Where each subscriber stands in each tenant: the newest event it applied."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import case
from sqlalchemy.ext.asyncio import AsyncSession

from app.db.upsert import insert_for
from app.events.models import SubscriberPositionRow

__all__ = ["Applied", "record_positions"]


@dataclass(frozen=True, slots=True)
class Applied:
    """One delivery that took effect (or was skipped) in this batch."""

    subscriber: str
    tenant_id: uuid.UUID
    event_id: uuid.UUID
    occurred_at: datetime


async def record_positions(
    session: AsyncSession, applied: Iterable[Applied], now: datetime
) -> None:
    """Advance each (subscriber, tenant) position to its newest event (never backwards)."""
    newest: dict[tuple[str, uuid.UUID], Applied] = {}
    counts: dict[tuple[str, uuid.UUID], int] = {}
    for item in applied:
        key = (item.subscriber, item.tenant_id)
        counts[key] = counts.get(key, 0) + 1
        if key not in newest or item.event_id > newest[key].event_id:
            newest[key] = item
    table = SubscriberPositionRow.__table__
    for key in sorted(newest, key=str):
        item = newest[key]
        statement = insert_for(session, table).values(
            subscriber=item.subscriber,
            tenant_id=item.tenant_id,
            last_event_id=item.event_id,
            last_occurred_at=item.occurred_at,
            last_applied_at=now,
            applied_count=counts[key],
        )
        excluded = statement.excluded
        is_newer = excluded.last_event_id > table.c.last_event_id
        statement = statement.on_conflict_do_update(
            index_elements=["subscriber", "tenant_id"],
            set_={
                "last_event_id": case(
                    (is_newer, excluded.last_event_id), else_=table.c.last_event_id
                ),
                "last_occurred_at": case(
                    (is_newer, excluded.last_occurred_at), else_=table.c.last_occurred_at
                ),
                "last_applied_at": excluded.last_applied_at,
                "applied_count": table.c.applied_count + excluded.applied_count,
            },
        )
        await session.execute(statement)
