"""What modules declare about events: event types with payload schemas, and subscribers."""

from __future__ import annotations

import re
import uuid
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol

from pydantic import BaseModel, ConfigDict

from app.registry.declaration import Permission

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncSession

    from app.clock import Clock
    from app.events.bus import EventBus
    from app.events.envelope import Event

__all__ = [
    "Audience",
    "DeliveryContext",
    "EventPayload",
    "EventType",
    "Handler",
    "Projection",
    "RefreshContext",
    "Subscriber",
    "matches",
]

EVENT_NAME = re.compile(r"^[a-z][a-z0-9]*\.[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$")


class EventPayload(BaseModel):
    """Base of every payload schema: strict (unknown fields rejected) and immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=False)


Upcaster = Callable[[dict[str, Any]], dict[str, Any]]


@dataclass(frozen=True, slots=True, kw_only=True)
class EventType:
    """A declared event type, ``<module>.<entity>.<past_tense_verb>``, at its current version.

    Attributes:
        name: The type, e.g. ``blog.post.published``.
        version: The current payload version; stored events of older versions are upcast.
        payload: The payload schema of the current version.
        permission: What a principal needs to see events of this type (audit, subscriptions).
        description: One line for the events catalog.
        upcasters: ``{v: f}`` turns a version-``v`` payload into version ``v + 1``.
    """

    name: str
    version: int
    payload: type[EventPayload]
    permission: Permission
    description: str
    upcasters: Mapping[int, Upcaster] = field(default_factory=dict)

    @property
    def namespace(self) -> str:
        """Return the owning namespace (``blog`` for ``blog.post.published``)."""
        return self.name.partition(".")[0]

    @property
    def aggregate_type(self) -> str:
        """Return the aggregate type (``blog.post`` for ``blog.post.published``)."""
        return self.name.rpartition(".")[0]

    def upcast(self, version: int, payload: dict[str, Any]) -> dict[str, Any]:
        """Return ``payload`` (stored at ``version``) at the current version."""
        while version < self.version:
            upcaster = self.upcasters.get(version)
            if upcaster is None:
                raise ValueError(f"{self.name}: no upcaster from version {version}")
            payload, version = upcaster(payload), version + 1
        return payload


def matches(pattern: str, event_type: str) -> bool:
    """Return whether a subscription pattern (exact, ``prefix.*`` or ``*``) covers a type."""
    if pattern == "*":
        return True
    if pattern.endswith(".*"):
        return event_type.startswith(pattern[:-1])
    return pattern == event_type


@dataclass(frozen=True, slots=True)
class DeliveryContext:
    """What a subscriber works with: the delivery transaction, scoped to the event's tenant."""

    session: AsyncSession
    tenant_id: uuid.UUID
    clock: Clock
    now: datetime
    events: EventBus

    async def emit(
        self, event_type: EventType, payload: EventPayload, *, aggregate_id: str | uuid.UUID
    ) -> Event:
        """Emit a follow-up event in the delivery transaction, acted by ``system``.

        It commits with the subscriber's receipt, so a redelivered event emits it once.
        """
        return await self.events.emit(
            self.session,
            event_type,
            payload,
            tenant_id=self.tenant_id,
            aggregate_id=aggregate_id,
            actor="system",
        )


@dataclass(frozen=True, slots=True)
class RefreshContext:
    """What a projection's refresh works with (delivery or rebuild)."""

    session: AsyncSession
    tenant_id: uuid.UUID
    clock: Clock


class Audience(Protocol):
    """Which tenants' events a handler takes at all, asked when an event is written.

    A handler of every event type (the webhook fan-out) would otherwise cost each event a
    delivery, claimed and settled, in every tenant, even where it has nothing to do. The
    question is asked in the writer's transaction, so it sees that transaction's own rows.
    """

    async def wants(
        self, session: AsyncSession, tenant_id: uuid.UUID, event_type: EventType
    ) -> bool:
        """Return whether an event of ``event_type`` in ``tenant_id`` needs this handler."""
        ...


@dataclass(frozen=True, slots=True, kw_only=True)
class Handler:
    """A subscriber with effects of its own, run once per event (receipt in the same transaction).

    Attributes:
        name: Unique subscriber name, ``<module>.<name>``.
        events: Patterns of the event types it receives (exact, ``prefix.*``, ``*``).
        handle: The effect; raising makes the delivery retry with backoff, then dead-letter.
        handle_batch: The same effect for several events of one tenant at once, in order
            (optional: one statement instead of one per event). The dispatcher uses it when
            it can; a batch that raises is redone event by event with ``handle``, so each
            failure is retried on its own.
        audience: Asked as each event is written (optional): an event it does not want gets
            no delivery to this handler. Without it, every event its patterns match does.
    """

    name: str
    events: tuple[str, ...]
    handle: Callable[[DeliveryContext, Event], Awaitable[None]]
    handle_batch: Callable[[DeliveryContext, Sequence[Event]], Awaitable[None]] | None = None
    audience: Audience | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Projection:
    """A read-model builder: refreshes the ``idx_*`` rows of aggregates from source tables.

    Refreshing reads the current source state, so applying an event twice, late or during a
    rebuild always converges on the same rows.

    Attributes:
        name: Unique subscriber name, ``<module>.<name>``.
        events: Patterns of the event types that change its rows.
        tables: The ``idx_*`` tables it owns.
        refresh: Rebuild the rows of the given aggregate ids (deleting those gone at the source).
        aggregates: List every aggregate id of a tenant at the source (for a full rebuild).
        clear: Delete every row of a tenant (for a full rebuild).
        aggregate_of: Which aggregate an event touches (default: the event's aggregate id).
        indexed: List every aggregate id that has rows in its tables. With it, a rebuild runs
            in short chunks and drops orphans by comparison; without it, a rebuild of more
            than one chunk runs in one transaction (clear, then refresh everything).
    """

    name: str
    events: tuple[str, ...]
    tables: tuple[str, ...]
    refresh: Callable[[RefreshContext, list[str]], Awaitable[None]]
    aggregates: Callable[[RefreshContext], Awaitable[list[str]]]
    clear: Callable[[RefreshContext], Awaitable[None]]
    aggregate_of: Callable[[Event], str | None] | None = None
    indexed: Callable[[RefreshContext], Awaitable[list[str]]] | None = None


Subscriber = Handler | Projection
