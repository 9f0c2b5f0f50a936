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

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from app.clock import Clock
from app.db import Database
from app.db.database import remember_tenant
from app.events._statements import DELIVERIES, ClaimedRow, DeliveryStatements, Position
from app.events.bus import EventBus
from app.events.declarations import DeliveryContext, Handler, Projection, RefreshContext
from app.events.envelope import Event
from app.events.models import DeliveryState
from app.events.retry import RetryPolicy

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

    def positions(self) -> list[Position]:
        """Return each (subscriber, tenant)'s newest delivered event whose event is known."""
        newest: dict[tuple[str, uuid.UUID], Claim] = {}
        counts: dict[tuple[str, uuid.UUID], int] = defaultdict(int)
        for claim in self.delivered:
            if claim.event_id not in self.occurred:
                continue
            key = (claim.subscriber, claim.tenant_id)
            counts[key] += 1
            if key not in newest or claim.event_id > newest[key].event_id:
                newest[key] = claim
        return [
            Position(
                subscriber=key[0],
                tenant_id=key[1],
                event_id=claim.event_id,
                occurred_at=self.occurred[claim.event_id],
                count=counts[key],
            )
            for key, claim in sorted(newest.items(), key=lambda item: str(item[0]))
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
        self._statements = DeliveryStatements(is_postgres=db.is_postgres, batch_size=batch_size)

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
        async with self._db.transaction(ahead=True) as session:
            connection = await session.connection()
            now = self._clock.now()
            rows = await self._statements.claim(connection, now)
            if not rows:
                return 0, 0
            claims = sorted(
                (_claim_of(row) for row in rows if not row.is_blocked),
                key=lambda claim: (claim.aggregate_key, claim.sequence),
            )
            outcome = await self._apply(session, claims, now, careful=careful)
            await self._settle(connection, outcome, now)
        return len(rows), len(outcome.delivered) + len(outcome.failed)

    async def _apply(
        self, session: AsyncSession, claims: list[Claim], now: datetime, *, careful: bool
    ) -> _Outcome:
        outcome = _Outcome()
        by_tenant: dict[uuid.UUID, list[Claim]] = defaultdict(list)
        for claim in claims:
            by_tenant[claim.tenant_id].append(claim)
        connection = await session.connection()
        for tenant_id, tenant_claims in by_tenant.items():
            await self._statements.scope(connection, tenant_id, self._lock_keys(tenant_claims))
            remember_tenant(session, tenant_id)
            rows, enabled = await self._statements.events(
                connection, tenant_id, sorted({claim.event_id for claim in tenant_claims})
            )
            events = {row.id: Event.from_row(row) for row in rows}
            outcome.occurred.update({key: event.occurred_at for key, event in events.items()})
            context = DeliveryContext(
                session=session, tenant_id=tenant_id, clock=self._clock, now=now, events=self._bus
            )
            await self._apply_tenant(
                context, tenant_claims, events, enabled, outcome, careful=careful
            )
        return outcome

    def _lock_keys(self, claims: list[Claim]) -> list[str]:
        """The refresh lock keys of the projections among ``claims``' subscribers, sorted."""
        tenant = claims[0].tenant_id
        subscriptions = self._bus.subscriptions
        names = {
            claim.subscriber
            for claim in claims
            if claim.subscriber in subscriptions
            and isinstance(subscriptions[claim.subscriber].subscriber, Projection)
        }
        return sorted(f"{name}:{tenant}" for name in names)

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
        handled: dict[str, list[tuple[Claim, Event]]] = defaultdict(list)
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
            if careful or subscriber.handle_batch is None:
                effect = _handle(subscriber, context, event)
                await self._run(context, claim, outcome, careful, effect)
                continue
            handled[subscriber.name].append((claim, event))
        for name, batch in handled.items():
            await self._handle_batch(context, name, batch, outcome)
        for name, items in refreshes.items():
            projection = self._bus.subscriptions[name].subscriber
            assert isinstance(projection, Projection)  # noqa: S101 - grouped by type above
            await self._refresh(context, projection, items, outcome, careful=careful)

    async def _handle_batch(
        self,
        context: DeliveryContext,
        name: str,
        batch: list[tuple[Claim, Event]],
        outcome: _Outcome,
    ) -> None:
        """Run a handler's ``handle_batch`` on the fast path (a failure redoes the batch)."""
        handler = self._bus.subscriptions[name].subscriber
        if not isinstance(handler, Handler) or handler.handle_batch is None:
            raise TypeError(f"{name} takes no batches")
        effect = handler.handle_batch(context, [event for _, event in batch])
        await self._run(context, None, outcome, False, effect)
        outcome.delivered.extend(claim for claim, _ in batch)

    async def _refresh(
        self,
        context: DeliveryContext,
        projection: Projection,
        items: list[tuple[Claim, str | None]],
        outcome: _Outcome,
        *,
        careful: bool,
    ) -> None:
        """Refresh the aggregates of ``items`` (its shared refresh lock is held: see _apply)."""
        refresh_context = RefreshContext(
            session=context.session, tenant_id=context.tenant_id, clock=context.clock
        )
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

    async def _settle(self, connection: AsyncConnection, outcome: _Outcome, now: datetime) -> None:
        delivered = [(claim.event_id, claim.subscriber) for claim in outcome.delivered]
        await self._statements.settle(connection, delivered, outcome.positions(), now)
        table = DELIVERIES
        for claim, error in outcome.failed:
            attempts = claim.attempts + 1
            dead = self._retry.is_exhausted(attempts)
            await connection.execute(
                update(table)
                .where(table.c.event_id == claim.event_id, table.c.subscriber == claim.subscriber)
                .values(
                    state=DeliveryState.DEAD if dead else DeliveryState.PENDING,
                    attempts=attempts,
                    last_error=error,
                    # A dead letter's time is when it died; a retry's is when it runs next.
                    next_attempt_at=now if dead else now + self._retry.delay(attempts),
                )
            )


def _claim_of(row: ClaimedRow) -> Claim:
    return Claim(
        event_id=row.event_id,
        subscriber=row.subscriber,
        tenant_id=row.tenant_id,
        aggregate_key=row.aggregate_key,
        sequence=row.sequence,
        attempts=row.attempts,
    )


async def _handle(handler: Handler, context: DeliveryContext, event: Event) -> None:
    await handler.handle(context, event)
