"""Delivering events: claim by state, keep per-aggregate order, apply, record receipts.

One batch is one transaction: the claim, every subscriber's effects and the receipts commit
together, so a crash at any point redelivers the whole batch and nothing takes effect twice.
Fast path: the batch runs without savepoints. If a subscriber raises, the batch is rolled back
and run again with a savepoint per delivery, so the failure is recorded (retry, then dead
letter) and the others go through.
"""

from __future__ import annotations

import logging
import uuid
from collections import defaultdict
from collections.abc import Awaitable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import Exists, FromClause, Select, and_, exists, func, or_, select, tuple_, update
from sqlalchemy.ext.asyncio import AsyncSession

from app.clock import Clock
from app.db import Database, set_tenant
from app.events.bus import EventBus
from app.events.declarations import DeliveryContext, Handler, Projection, RefreshContext
from app.events.envelope import Event
from app.events.models import DeliveryRow, DeliveryState, EventRow
from app.events.positions import Applied, record_positions
from app.events.retry import RetryPolicy
from app.tenants.models import TenantModuleRow

__all__ = ["Claim", "Dispatcher"]

logger = logging.getLogger(__name__)

MAX_ERROR_LENGTH = 2000


@dataclass(frozen=True, slots=True)
class Claim:
    """A claimed delivery."""

    event_id: uuid.UUID
    subscriber: str
    tenant_id: uuid.UUID
    aggregate_key: str
    sequence: int
    attempts: int


class _SubscriberFailed(Exception):
    """A subscriber raised on the fast path: redo the batch with savepoints."""


@dataclass(slots=True)
class _Outcome:
    delivered: list[Claim] = field(default_factory=list)
    failed: list[tuple[Claim, str]] = field(default_factory=list)
    occurred: dict[uuid.UUID, datetime] = field(default_factory=dict)
    blocked: set[tuple[str, str]] = field(default_factory=set)

    def fail(self, claim: Claim, error: str) -> None:
        """Record a failed delivery; later events of its aggregate wait for it."""
        self.failed.append((claim, error))
        self.blocked.add((claim.subscriber, claim.aggregate_key))

    def applied(self) -> list[Applied]:
        """Return the delivered claims whose event is known, for the positions."""
        return [
            Applied(
                claim.subscriber, claim.tenant_id, claim.event_id, self.occurred[claim.event_id]
            )
            for claim in self.delivered
            if claim.event_id in self.occurred
        ]


class Dispatcher:
    """Drains the outbox: the one code path of both runners."""

    def __init__(
        self,
        db: Database,
        bus: EventBus,
        clock: Clock,
        *,
        retry: RetryPolicy | None = None,
        batch_size: int = 100,
    ) -> None:
        self._db = db
        self._bus = bus
        self._clock = clock
        self._retry = retry or RetryPolicy()
        self._batch_size = batch_size

    async def drain(self, max_batches: int | None = None) -> int:
        """Deliver until nothing is due (or ``max_batches`` ran); return deliveries handled.

        A batch that claimed fewer rows than it could ends the drain: nothing else was due
        when it claimed, and events committed since then wake the runner again. (Draining on
        to an empty claim cost every wake-up a second transaction, and on SQLite a second
        hold of the write lock that the writers queue behind.)
        """
        handled, batches = 0, 0
        while max_batches is None or batches < max_batches:
            claimed, settled = await self._run_batch()
            batches += 1
            handled += settled
            if settled == 0 or claimed < self._batch_size:
                break
        return handled

    async def run_batch(self) -> int:
        """Claim and deliver one batch; return how many deliveries it settled."""
        return (await self._run_batch())[1]

    async def _run_batch(self) -> tuple[int, int]:
        try:
            return await self._batch(careful=False)
        except _SubscriberFailed:
            return await self._batch(careful=True)

    async def _batch(self, *, careful: bool) -> tuple[int, int]:
        """Claim and deliver one batch; return how many rows it claimed and settled."""
        async with self._db.transaction() as session:
            now = self._clock.now()
            claims = await self._claim(session, now)
            if not claims:
                return 0, 0
            claimed = len(claims)
            claims = await self._in_order(session, claims)
            outcome = await self._apply(session, claims, now, careful=careful)
            await self._settle(session, outcome, now)
        return claimed, len(outcome.delivered) + len(outcome.failed)

    async def _claim(self, session: AsyncSession, now: datetime) -> list[Claim]:
        table = DeliveryRow.__table__
        statement: Select[tuple[uuid.UUID, str, uuid.UUID, str, int, int]] = (
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
            .limit(self._batch_size)
        )
        if self._db.is_postgres:
            statement = statement.with_for_update(skip_locked=True)
        rows = (await session.execute(statement)).all()
        return [
            Claim(
                event_id=row.event_id,
                subscriber=row.subscriber,
                tenant_id=row.tenant_id,
                aggregate_key=row.aggregate_key,
                sequence=row.sequence,
                attempts=row.attempts,
            )
            for row in rows
        ]

    async def _in_order(self, session: AsyncSession, claims: list[Claim]) -> list[Claim]:
        """Keep only claims with no undelivered predecessor outside this batch.

        Per aggregate, only undelivered rows below the batch's highest sequence can be a
        predecessor, so that is all the query reads (the partial order index holds just
        those): usually nothing but the batch's own rows, which are set aside here.
        """
        table = DeliveryRow.__table__
        highest: dict[tuple[str, str], int] = {}
        for claim in claims:
            key = (claim.subscriber, claim.aggregate_key)
            highest[key] = max(highest.get(key, 0), claim.sequence)
        claimed = {(claim.event_id, claim.subscriber) for claim in claims}
        rows = await session.execute(
            select(
                table.c.event_id, table.c.subscriber, table.c.aggregate_key, table.c.sequence
            ).where(
                table.c.state != DeliveryState.DELIVERED,
                or_(
                    *(
                        and_(
                            table.c.subscriber == subscriber,
                            table.c.aggregate_key == aggregate_key,
                            table.c.sequence < sequence,
                        )
                        for (subscriber, aggregate_key), sequence in highest.items()
                    )
                ),
            )
        )
        first_blocked: dict[tuple[str, str], int] = {}
        for row in rows:
            if (row.event_id, row.subscriber) in claimed:
                continue
            key = (row.subscriber, row.aggregate_key)
            first_blocked[key] = min(first_blocked.get(key, row.sequence), row.sequence)
        kept = [
            claim
            for claim in claims
            if claim.sequence
            < first_blocked.get((claim.subscriber, claim.aggregate_key), claim.sequence + 1)
        ]
        return sorted(kept, key=lambda claim: (claim.aggregate_key, claim.sequence))

    async def _apply(
        self, session: AsyncSession, claims: list[Claim], now: datetime, *, careful: bool
    ) -> _Outcome:
        outcome = _Outcome()
        by_tenant: dict[uuid.UUID, list[Claim]] = defaultdict(list)
        for claim in claims:
            by_tenant[claim.tenant_id].append(claim)
        for tenant_id, tenant_claims in by_tenant.items():
            await set_tenant(session, tenant_id)
            events = await _load_events(session, tenant_id, [c.event_id for c in tenant_claims])
            outcome.occurred.update({key: event.occurred_at for key, event in events.items()})
            enabled = await _enabled_modules(session, tenant_id)
            context = DeliveryContext(
                session=session, tenant_id=tenant_id, clock=self._clock, now=now, events=self._bus
            )
            await self._apply_tenant(
                context, tenant_claims, events, enabled, outcome, careful=careful
            )
        return outcome

    async def _apply_tenant(
        self,
        context: DeliveryContext,
        claims: list[Claim],
        events: dict[uuid.UUID, Event],
        enabled: frozenset[str],
        outcome: _Outcome,
        *,
        careful: bool,
    ) -> None:
        refreshes: dict[str, list[tuple[Claim, str | None]]] = defaultdict(list)
        for claim in claims:
            if (claim.subscriber, claim.aggregate_key) in outcome.blocked:
                continue  # an earlier event of this aggregate failed: keep the order
            subscription = self._bus.subscriptions.get(claim.subscriber)
            event = events.get(claim.event_id)
            if subscription is None or event is None:
                reason = "subscriber is not installed" if subscription is None else "event is gone"
                outcome.fail(claim, reason)
                continue
            if subscription.module is not None and subscription.module not in enabled:
                outcome.delivered.append(claim)  # the module is disabled here: skip, no effect
                continue
            subscriber = subscription.subscriber
            if isinstance(subscriber, Projection):
                aggregate = (
                    subscriber.aggregate_of(event)
                    if subscriber.aggregate_of
                    else event.aggregate_id
                )
                refreshes[subscriber.name].append((claim, aggregate))
                continue
            await self._run(context, claim, outcome, careful, _handle(subscriber, context, event))
        for name, items in refreshes.items():
            projection = self._bus.subscriptions[name].subscriber
            assert isinstance(projection, Projection)  # noqa: S101 - grouped by type above
            await self._refresh(context, projection, items, outcome, careful=careful)

    async def _refresh(
        self,
        context: DeliveryContext,
        projection: Projection,
        items: list[tuple[Claim, str | None]],
        outcome: _Outcome,
        *,
        careful: bool,
    ) -> None:
        refresh_context = RefreshContext(
            session=context.session, tenant_id=context.tenant_id, clock=context.clock
        )
        if self._db.is_postgres:  # shared among deliveries; a rebuild chunk takes it exclusive
            key = func.hashtext(f"{projection.name}:{context.tenant_id}")
            await context.session.execute(select(func.pg_advisory_xact_lock_shared(key)))
        if not careful:
            ids = sorted({aggregate for _, aggregate in items if aggregate is not None})
            await self._run(
                context, None, outcome, careful, projection.refresh(refresh_context, ids)
            )
            outcome.delivered.extend(claim for claim, _ in items)
            return
        for claim, aggregate in items:
            if (claim.subscriber, claim.aggregate_key) in outcome.blocked:
                continue
            ids = [aggregate] if aggregate is not None else []
            await self._run(
                context, claim, outcome, careful, projection.refresh(refresh_context, ids)
            )

    async def _run(
        self,
        context: DeliveryContext,
        claim: Claim | None,
        outcome: _Outcome,
        careful: bool,
        effect: Awaitable[None],
    ) -> None:
        if not careful:
            try:
                await effect
            except Exception as error:
                raise _SubscriberFailed from error
            if claim is not None:
                outcome.delivered.append(claim)
            return
        try:
            async with context.session.begin_nested():
                await effect
        except Exception as error:
            if claim is not None:
                logger.warning(
                    "delivery of %s to %s failed", claim.event_id, claim.subscriber, exc_info=True
                )
                outcome.fail(claim, f"{type(error).__name__}: {error}"[:MAX_ERROR_LENGTH])
            return
        if claim is not None:
            outcome.delivered.append(claim)

    async def _settle(self, session: AsyncSession, outcome: _Outcome, now: datetime) -> None:
        table = DeliveryRow
        if outcome.delivered:
            keys = [(claim.event_id, claim.subscriber) for claim in outcome.delivered]
            await session.execute(
                update(table)
                .where(tuple_(table.event_id, table.subscriber).in_(keys))
                .values(
                    state=DeliveryState.DELIVERED,
                    delivered_at=now,
                    attempts=table.attempts + 1,
                    last_error=None,
                )
            )
            await record_positions(session, outcome.applied(), now)
        for claim, error in outcome.failed:
            attempts = claim.attempts + 1
            dead = self._retry.is_exhausted(attempts)
            await session.execute(
                update(table)
                .where(table.event_id == claim.event_id, table.subscriber == claim.subscriber)
                .values(
                    state=DeliveryState.DEAD if dead else DeliveryState.PENDING,
                    attempts=attempts,
                    last_error=error,
                    # A dead letter's time is when it died; a retry's is when it runs next.
                    next_attempt_at=now if dead else now + self._retry.delay(attempts),
                )
            )


def _held_back(table: FromClause, now: datetime) -> Exists:
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


async def _handle(handler: Handler, context: DeliveryContext, event: Event) -> None:
    await handler.handle(context, event)


async def _load_events(
    session: AsyncSession, tenant_id: uuid.UUID, ids: list[uuid.UUID]
) -> dict[uuid.UUID, Event]:
    rows = await session.scalars(
        select(EventRow).where(EventRow.tenant_id == tenant_id, EventRow.id.in_(ids))
    )
    return {
        row.id: Event(
            id=row.id,
            tenant_id=row.tenant_id,
            type=row.type,
            version=row.version,
            aggregate_type=row.aggregate_type,
            aggregate_id=row.aggregate_id,
            sequence=row.sequence,
            occurred_at=row.occurred_at,
            actor=row.actor,
            payload=row.payload,
        )
        for row in rows
    }


async def _enabled_modules(session: AsyncSession, tenant_id: uuid.UUID) -> frozenset[str]:
    rows = await session.scalars(
        select(TenantModuleRow.module).where(
            TenantModuleRow.tenant_id == tenant_id, TenantModuleRow.is_enabled.is_(True)
        )
    )
    return frozenset(rows)
