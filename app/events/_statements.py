"""The dispatcher's statements, built once per backend: one claim, one read, one settle.

A delivery batch used to spend most of its time in SQLAlchemy building and compiling a dozen
statements and in one round trip each. These are built once, with bound parameters of fixed
shape (arrays on PostgreSQL, so every batch size reuses one prepared statement and its plan),
and run through the session's Core connection:

- the claim, which also says which claimed rows wait for an unclaimed predecessor;
- per tenant, the tenant scope with the projections' shared refresh locks (PostgreSQL), then
  the events with the tenant's enabled modules;
- the settle: the delivered rows and the subscriber positions (one statement on PostgreSQL).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import (
    Exists,
    FromClause,
    Select,
    and_,
    any_,
    bindparam,
    case,
    exists,
    func,
    or_,
    select,
    text,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.sql.expression import Update

from app.events.models import DeliveryRow, DeliveryState, EventRow, SubscriberPositionRow
from app.tenants.models import TenantModuleRow

__all__ = ["DELIVERIES", "ClaimedRow", "DeliveryStatements", "Position"]

DELIVERIES = DeliveryRow.metadata.tables[DeliveryRow.__tablename__]
_EVENTS = EventRow.metadata.tables[EventRow.__tablename__]
_MODULES = TenantModuleRow.metadata.tables[TenantModuleRow.__tablename__]
_POSITIONS = SubscriberPositionRow.metadata.tables[SubscriberPositionRow.__tablename__]


@dataclass(frozen=True, slots=True)
class ClaimedRow:
    """A claimed delivery as the claim returns it."""

    event_id: uuid.UUID
    subscriber: str
    tenant_id: uuid.UUID
    aggregate_key: str
    sequence: int
    attempts: int
    is_blocked: bool


@dataclass(frozen=True, slots=True)
class Position:
    """Where a subscriber stands in a tenant after a batch: its newest event, and how many."""

    subscriber: str
    tenant_id: uuid.UUID
    event_id: uuid.UUID
    occurred_at: datetime
    count: int


def _held_back(table: FromClause, now: Any) -> Exists:
    """Whether an earlier event of the same aggregate waits for the same subscriber.

    A predecessor that is dead or backing off holds its successors back; left in the claim,
    such rows would fill every batch and starve the deliveries behind them. Spelled so that
    the partial indexes on undelivered rows answer it: the holders are found by state and
    next attempt, the predecessors by subscriber, aggregate and sequence, and delivered
    history is never read.
    """
    earlier = table.alias("earlier")
    return exists().where(
        earlier.c.subscriber == table.c.subscriber,
        earlier.c.aggregate_key == table.c.aggregate_key,
        earlier.c.sequence < table.c.sequence,
        earlier.c.state != DeliveryState.DELIVERED,
        or_(
            earlier.c.state == DeliveryState.DEAD,
            and_(earlier.c.state == DeliveryState.PENDING, earlier.c.next_attempt_at > now),
        ),
    )


def _claim(batch_size: int, is_postgres: bool) -> Select[Any]:
    """Claim due rows in event order, each with whether it waits for an unclaimed predecessor.

    A claimed row waits when an undelivered row of its subscriber and aggregate with a lower
    sequence is not in this batch (another worker holds it, or it is not due): it stays
    locked, undelivered, until the batch ends, and a later batch takes it in order.
    """
    table = DELIVERIES
    now = bindparam("now", type_=table.c.next_attempt_at.type)
    due = (
        select(
            table.c.event_id,
            table.c.subscriber,
            table.c.tenant_id,
            table.c.aggregate_key,
            table.c.sequence,
            table.c.attempts,
        )
        .where(
            table.c.state == DeliveryState.PENDING,
            table.c.next_attempt_at <= now,
            ~_held_back(table, now),
        )
        .order_by(table.c.event_id)
        .limit(batch_size)
    )
    if is_postgres:
        due = due.with_for_update(skip_locked=True)
    claimed = due.cte("claimed")
    also = claimed.alias("also_claimed")
    earlier = table.alias("predecessor")
    # Only undelivered rows, so the partial order index answers it without delivered history.
    waits = exists().where(
        earlier.c.subscriber == claimed.c.subscriber,
        earlier.c.aggregate_key == claimed.c.aggregate_key,
        earlier.c.sequence < claimed.c.sequence,
        earlier.c.state != DeliveryState.DELIVERED,
        ~exists().where(
            also.c.event_id == earlier.c.event_id, also.c.subscriber == earlier.c.subscriber
        ),
    )
    return select(claimed, waits.label("is_blocked"))


def _events(is_postgres: bool) -> Select[Any]:
    """A tenant's events by id, each row with the tenant's enabled modules (comma-joined)."""
    tenant = bindparam("tenant", type_=_EVENTS.c.tenant_id.type)
    enabled = (
        select(func.aggregate_strings(_MODULES.c.module, ","))
        .where(_MODULES.c.tenant_id == tenant, _MODULES.c.is_enabled.is_(True))
        .scalar_subquery()
    )
    if is_postgres:
        ids = bindparam("ids", type_=postgresql.ARRAY(_EVENTS.c.id.type))
        chosen = _EVENTS.c.id == any_(ids)
    else:
        chosen = _EVENTS.c.id.in_(bindparam("ids", expanding=True))
    return select(*_EVENTS.c, enabled.label("enabled_modules")).where(
        _EVENTS.c.tenant_id == tenant, chosen
    )


# The tenant scope and the shared refresh locks of the batch's projections, in one round trip.
# A rebuild takes the same locks exclusively (app/index/rebuild.py); held to the commit.
_PG_SCOPE = text(
    "SELECT set_config('app.tenant_id', :tenant, true), "
    "(SELECT count(*) FROM (SELECT pg_advisory_xact_lock_shared(hashtext(key)) "
    "FROM unnest(CAST(:keys AS text[])) AS key) AS locks)"
)

# Delivered rows and subscriber positions in one statement: a data-modifying WITH runs to
# completion whether or not the outer statement reads it. A position only moves forward.
_PG_SETTLE = text(
    """
WITH settled AS (
    UPDATE core_event_deliveries
    SET state = 'delivered', delivered_at = :now, attempts = attempts + 1, last_error = NULL
    WHERE (event_id, subscriber) IN (
        SELECT * FROM unnest(CAST(:event_ids AS uuid[]), CAST(:subscribers AS text[]))
    )
)
INSERT INTO core_subscriber_positions AS position (
    subscriber, tenant_id, last_event_id, last_occurred_at, last_applied_at, applied_count
)
SELECT subscriber, tenant_id, last_event_id, last_occurred_at, :now, applied_count
FROM unnest(
    CAST(:position_subscribers AS text[]),
    CAST(:position_tenants AS uuid[]),
    CAST(:position_events AS uuid[]),
    CAST(:position_times AS timestamptz[]),
    CAST(:position_counts AS bigint[])
) AS item (subscriber, tenant_id, last_event_id, last_occurred_at, applied_count)
ORDER BY subscriber, tenant_id
ON CONFLICT (subscriber, tenant_id) DO UPDATE SET
    last_event_id = CASE WHEN excluded.last_event_id > position.last_event_id
        THEN excluded.last_event_id ELSE position.last_event_id END,
    last_occurred_at = CASE WHEN excluded.last_event_id > position.last_event_id
        THEN excluded.last_occurred_at ELSE position.last_occurred_at END,
    last_applied_at = excluded.last_applied_at,
    applied_count = position.applied_count + excluded.applied_count
"""
)


def _sqlite_settle() -> Update:
    """One subscriber's delivered rows: SQLite scans the table for a row-value ``IN``."""
    table = DELIVERIES
    return (
        update(table)
        .where(
            table.c.subscriber == bindparam("the_subscriber"),
            table.c.event_id.in_(bindparam("event_ids", expanding=True)),
        )
        .values(
            state=DeliveryState.DELIVERED,
            delivered_at=bindparam("the_now", type_=table.c.delivered_at.type),
            attempts=table.c.attempts + 1,
            last_error=None,
        )
    )


def _sqlite_positions() -> sqlite.Insert:
    table = _POSITIONS
    statement = sqlite.insert(table)
    excluded = statement.excluded
    is_newer = excluded.last_event_id > table.c.last_event_id
    return statement.on_conflict_do_update(
        index_elements=["subscriber", "tenant_id"],
        set_={
            "last_event_id": case((is_newer, excluded.last_event_id), else_=table.c.last_event_id),
            "last_occurred_at": case(
                (is_newer, excluded.last_occurred_at), else_=table.c.last_occurred_at
            ),
            "last_applied_at": excluded.last_applied_at,
            "applied_count": table.c.applied_count + excluded.applied_count,
        },
    )


class DeliveryStatements:
    """The dispatcher's statements for one backend and batch size."""

    def __init__(self, *, is_postgres: bool, batch_size: int) -> None:
        self._is_postgres = is_postgres
        self._claim = _claim(batch_size, is_postgres)
        self._events = _events(is_postgres)
        self._sqlite_settle = _sqlite_settle()
        self._sqlite_positions = _sqlite_positions()

    async def claim(self, connection: AsyncConnection, now: datetime) -> list[ClaimedRow]:
        """Claim a batch; each row says whether it must wait for an unclaimed predecessor."""
        result = await connection.execute(self._claim, {"now": now})
        return [
            ClaimedRow(
                event_id=row.event_id,
                subscriber=row.subscriber,
                tenant_id=row.tenant_id,
                aggregate_key=row.aggregate_key,
                sequence=row.sequence,
                attempts=row.attempts,
                is_blocked=bool(row.is_blocked),
            )
            for row in result
        ]

    async def scope(
        self, connection: AsyncConnection, tenant_id: uuid.UUID, lock_keys: Sequence[str]
    ) -> None:
        """Scope the transaction to a tenant and take the projections' shared refresh locks.

        PostgreSQL only (SQLite has neither row security nor concurrent writers).
        """
        if self._is_postgres:
            await connection.execute(_PG_SCOPE, {"tenant": str(tenant_id), "keys": lock_keys})

    async def events(
        self, connection: AsyncConnection, tenant_id: uuid.UUID, ids: Sequence[uuid.UUID]
    ) -> tuple[list[Any], frozenset[str]]:
        """Return a tenant's events by id and the modules the tenant has enabled."""
        rows = list(await connection.execute(self._events, {"tenant": tenant_id, "ids": ids}))
        enabled = rows[0].enabled_modules if rows else None
        return rows, frozenset(enabled.split(",")) if enabled else frozenset()

    async def settle(
        self,
        connection: AsyncConnection,
        delivered: Sequence[tuple[uuid.UUID, str]],
        positions: Sequence[Position],
        now: datetime,
    ) -> None:
        """Mark ``delivered`` (event id, subscriber) pairs delivered and advance positions."""
        if not delivered:
            return
        if self._is_postgres:
            await connection.execute(_PG_SETTLE, _pg_settle_parameters(delivered, positions, now))
            return
        by_subscriber: dict[str, list[uuid.UUID]] = {}
        for event_id, subscriber in delivered:
            by_subscriber.setdefault(subscriber, []).append(event_id)
        for subscriber, event_ids in sorted(by_subscriber.items()):
            parameters = {"the_subscriber": subscriber, "event_ids": event_ids, "the_now": now}
            await connection.execute(self._sqlite_settle, parameters)
        if positions:
            await connection.execute(
                self._sqlite_positions, [_position_values(item, now) for item in positions]
            )


def _pg_settle_parameters(
    delivered: Sequence[tuple[uuid.UUID, str]], positions: Sequence[Position], now: datetime
) -> dict[str, object]:
    return {
        "now": now,
        "event_ids": [event_id for event_id, _ in delivered],
        "subscribers": [subscriber for _, subscriber in delivered],
        "position_subscribers": [item.subscriber for item in positions],
        "position_tenants": [item.tenant_id for item in positions],
        "position_events": [item.event_id for item in positions],
        "position_times": [item.occurred_at for item in positions],
        "position_counts": [item.count for item in positions],
    }


def _position_values(item: Position, now: datetime) -> dict[str, object]:
    return {
        "subscriber": item.subscriber,
        "tenant_id": item.tenant_id,
        "last_event_id": item.event_id,
        "last_occurred_at": item.occurred_at,
        "last_applied_at": now,
        "applied_count": item.count,
    }
