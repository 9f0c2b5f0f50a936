"""The event bus: the catalog of event types and subscribers, and ``emit``.

``emit`` writes the event and one delivery per subscriber in the caller's transaction, so a
rolled-back mutation leaves no event, and wakes the runner once that transaction commits.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Table, insert
from sqlalchemy import event as sa_event
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session, SessionTransaction
from sqlalchemy.sql.dml import ReturningInsert

from app.clock import Clock
from app.events.declarations import EventPayload, EventType, Handler, Subscriber, matches
from app.events.envelope import Event
from app.events.models import AggregateSequenceRow, DeliveryRow, DeliveryState, EventRow
from app.ids import new_id

__all__ = ["OUTBOX", "EventBus", "Subscription", "UnknownEventType"]

# The topic of the wake-ups that say "events are committed"; others (the webhook queue's)
# use :meth:`EventBus.notify_after_commit` with a topic of their own.
OUTBOX = "outbox"

logger = logging.getLogger(__name__)

_WAKE_ON_COMMIT = "rustok_wake_on_commit"
_LIVE_ON_COMMIT = "rustok_live_on_commit"
# A committed event for the live subscribers, with the savepoint it was written in (if any).
_LiveEvent = tuple[Event, SessionTransaction | None]
_hooks_installed = False

_EVENTS = EventRow.metadata.tables[EventRow.__tablename__]
_INSERT_EVENT = insert(_EVENTS)
_INSERT_DELIVERIES = insert(DeliveryRow.metadata.tables[DeliveryRow.__tablename__])


def _next_sequence_statement(
    insert_into: Callable[[Table], postgresql.Insert | sqlite.Insert],
) -> ReturningInsert[Any]:
    table = AggregateSequenceRow.metadata.tables[AggregateSequenceRow.__tablename__]
    first = insert_into(table).values(last_sequence=1)
    return first.on_conflict_do_update(
        index_elements=["tenant_id", "aggregate_type", "aggregate_id"],
        set_={"last_sequence": table.c.last_sequence + 1},
    ).returning(table.c.last_sequence)


# Built once: {is_postgres: statement}; tenant, type and id are bound per call.
_NEXT_SEQUENCE = {
    True: _next_sequence_statement(postgresql.insert),
    False: _next_sequence_statement(sqlite.insert),
}


def _install_commit_hooks() -> None:
    """Listen once, for every session, for the commits and rollbacks that wake the runners.

    A listener per transaction (``event.listen(..., once=True)``) cost every write more
    than its whole outbox insert; these two read one key of the session's ``info``.
    """
    global _hooks_installed  # noqa: PLW0603 - installed once per process, on first emit
    if _hooks_installed:
        return
    sa_event.listen(Session, "after_commit", _committed)
    sa_event.listen(Session, "after_soft_rollback", _rolled_back)
    _hooks_installed = True


def _committed(session: Session) -> None:
    live: tuple[EventBus, list[_LiveEvent]] | None = session.info.pop(_LIVE_ON_COMMIT, None)
    if live is not None:
        live[0].publish_live([event for event, _savepoint in live[1]])
    pending: tuple[EventBus, set[str]] | None = session.info.pop(_WAKE_ON_COMMIT, None)
    if pending is not None:
        bus, topics = pending
        for topic in sorted(topics):
            bus.notify(topic)


def _rolled_back(session: Session, previous: SessionTransaction) -> None:
    if not session.in_transaction():  # a savepoint's rollback keeps the outer events
        session.info.pop(_WAKE_ON_COMMIT, None)
        session.info.pop(_LIVE_ON_COMMIT, None)
        return
    live: tuple[EventBus, list[_LiveEvent]] | None = session.info.get(_LIVE_ON_COMMIT)
    if live is not None:  # but not its own: they were never written
        live[1][:] = [item for item in live[1] if not _within(item[1], previous)]


def _within(savepoint: SessionTransaction | None, rolled_back: SessionTransaction) -> bool:
    """Return whether ``savepoint`` is ``rolled_back`` or nested in it."""
    while savepoint is not None:
        if savepoint is rolled_back:
            return True
        savepoint = savepoint.parent
    return False


class UnknownEventType(LookupError):
    """An event type nobody declared."""


@dataclass(frozen=True, slots=True)
class Subscription:
    """A subscriber and the module that owns it (None for the core)."""

    module: str | None
    subscriber: Subscriber


class EventBus:
    """Knows every event type and subscriber; writes events into the outbox."""

    def __init__(
        self,
        event_types: Iterable[EventType],
        subscriptions: Iterable[Subscription],
        clock: Clock,
    ) -> None:
        self.types = {event_type.name: event_type for event_type in event_types}
        self.subscriptions = {item.subscriber.name: item for item in subscriptions}
        self._clock = clock
        self._by_type: dict[str, list[Subscription]] = {}
        self._asking: set[str] = set()  # types with a subscriber that has an audience
        self._listeners: dict[str, list[Callable[[], None]]] = {}
        # Where committed events go for live subscribers (app/events/live.py); None: nowhere.
        self.live: Callable[[Sequence[Event]], None] | None = None

    def add_listener(self, listener: Callable[[], None], topic: str = OUTBOX) -> None:
        """Call ``listener`` after every commit that announced ``topic``.

        The default topic is announced by every commit that wrote events (the runners'
        wake-up).
        """
        self._listeners.setdefault(topic, []).append(listener)

    def subscribers_for(self, event_type: str) -> list[Subscription]:
        """Return the subscriptions that receive ``event_type``."""
        found = self._by_type.get(event_type)
        if found is None:
            found = [
                item
                for item in self.subscriptions.values()
                if any(matches(pattern, event_type) for pattern in item.subscriber.events)
            ]
            self._by_type[event_type] = found
            if any(
                isinstance(item.subscriber, Handler) and item.subscriber.audience is not None
                for item in found
            ):
                self._asking.add(event_type)
        return found

    def type_of(self, name: str) -> EventType:
        """Return the declared event type ``name``."""
        try:
            return self.types[name]
        except KeyError:
            raise UnknownEventType(f"event type {name!r} is not declared") from None

    async def emit(
        self,
        session: AsyncSession,
        event_type: EventType,
        payload: EventPayload,
        *,
        tenant_id: uuid.UUID,
        aggregate_id: str | uuid.UUID,
        actor: str,
    ) -> Event:
        """Write ``payload`` as an event of ``event_type`` in the session's transaction."""
        if self.types.get(event_type.name) is not event_type:
            raise UnknownEventType(f"event type {event_type.name!r} is not declared")
        if not isinstance(payload, event_type.payload):
            raise TypeError(
                f"{event_type.name} takes a {event_type.payload.__name__} payload, "
                f"not a {type(payload).__name__}"
            )
        aggregate = str(aggregate_id)
        sequence = await self._next_sequence(
            session, tenant_id, event_type.aggregate_type, aggregate
        )
        event = Event(
            id=new_id(),
            tenant_id=tenant_id,
            type=event_type.name,
            version=event_type.version,
            aggregate_type=event_type.aggregate_type,
            aggregate_id=aggregate,
            sequence=sequence,
            occurred_at=self._clock.now(),
            actor=actor,
            payload=payload.model_dump(mode="json"),
        )
        await self._write(session, event, event_type)
        self.notify_after_commit(session)
        if self.live is not None:
            self._publish_after_commit(session, event)
        return event

    def _publish_after_commit(self, session: AsyncSession, event: Event) -> None:
        info = session.sync_session.info
        # The innermost savepoint: if it rolls back, the event was never written.
        item = (event, session.sync_session.get_nested_transaction())
        pending = info.get(_LIVE_ON_COMMIT)
        if pending is None or pending[0] is not self:
            info[_LIVE_ON_COMMIT] = (self, [item])
        else:
            pending[1].append(item)

    def publish_live(self, events: Sequence[Event]) -> None:
        """Hand committed events to the live subscribers (never raising into the commit)."""
        if self.live is None:
            return
        try:
            self.live(events)
        except Exception:  # a live stream is best effort; the outbox holds the truth
            logger.warning("publishing %d events live failed", len(events), exc_info=True)

    async def _next_sequence(
        self, session: AsyncSession, tenant_id: uuid.UUID, aggregate_type: str, aggregate_id: str
    ) -> int:
        connection = await session.connection()
        statement = _NEXT_SEQUENCE[connection.dialect.name == "postgresql"]
        values = {
            "tenant_id": tenant_id,
            "aggregate_type": aggregate_type,
            "aggregate_id": aggregate_id,
        }
        sequence: int = (await connection.execute(statement, values)).scalar_one()
        return sequence

    async def _receivers(
        self, session: AsyncSession, event: Event, event_type: EventType
    ) -> list[Subscription]:
        """The subscriptions an event gets a delivery for: its type's, minus unwanting ones."""
        subscriptions = self.subscribers_for(event.type)
        if event.type not in self._asking:
            return subscriptions
        wanted = []
        for item in subscriptions:
            audience = item.subscriber.audience if isinstance(item.subscriber, Handler) else None
            if audience is None or await audience.wants(session, event.tenant_id, event_type):
                wanted.append(item)
        return wanted

    async def _write(self, session: AsyncSession, event: Event, event_type: EventType) -> None:
        connection = await session.connection()
        row: dict[str, Any] = {
            "id": event.id,
            "tenant_id": event.tenant_id,
            "type": event.type,
            "version": event.version,
            "aggregate_type": event.aggregate_type,
            "aggregate_id": event.aggregate_id,
            "sequence": event.sequence,
            "occurred_at": event.occurred_at,
            "actor": event.actor,
            "payload": event.payload,
        }
        await connection.execute(_INSERT_EVENT, row)
        aggregate_key = f"{event.tenant_id}:{event.aggregate_type}:{event.aggregate_id}"
        deliveries = [
            {
                "event_id": event.id,
                "subscriber": item.subscriber.name,
                "tenant_id": event.tenant_id,
                # Sequences count per tenant, so the tenant belongs in the ordering key.
                "aggregate_key": aggregate_key,
                "sequence": event.sequence,
                "state": DeliveryState.PENDING,
                "attempts": 0,
                "next_attempt_at": event.occurred_at,
                "created_at": event.occurred_at,
            }
            for item in await self._receivers(session, event, event_type)
        ]
        if deliveries:
            await connection.execute(_INSERT_DELIVERIES, deliveries)

    def notify_after_commit(self, session: AsyncSession, topic: str = OUTBOX) -> None:
        """Call :meth:`notify` once the session's transaction commits (not if it rolls back)."""
        _install_commit_hooks()
        info = session.sync_session.info
        pending = info.get(_WAKE_ON_COMMIT)
        if pending is None or pending[0] is not self:
            info[_WAKE_ON_COMMIT] = (self, {topic})
        else:
            pending[1].add(topic)

    def notify(self, topic: str = OUTBOX) -> None:
        """Tell ``topic``'s listeners (by default: new events are committed)."""
        for listener in self._listeners.get(topic, ()):
            try:
                listener()
            except Exception:  # a failed wake-up is caught by the periodic sweep
                logger.warning("%s wake-up failed", topic, exc_info=True)
