"""The event envelope as stored in the outbox and handed to subscribers."""

from __future__ import annotations

import builtins
import dataclasses
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeVar

from app.events.declarations import EventPayload, EventType

if TYPE_CHECKING:
    from app.events.models import EventRow

__all__ = ["Event"]

Payload = TypeVar("Payload", bound=EventPayload)


@dataclass(frozen=True, slots=True)
class Event:
    """One event: who did what to which aggregate, when, in which tenant."""

    id: uuid.UUID
    tenant_id: uuid.UUID
    type: str
    version: int
    aggregate_type: str
    aggregate_id: str
    sequence: int
    occurred_at: datetime
    actor: str
    payload: dict[str, Any]

    @classmethod
    def from_row(cls, row: EventRow) -> Event:
        """Return the event an outbox row stores, as stored (its payload at its version)."""
        return cls(
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

    @classmethod
    def from_json(cls, item: dict[str, Any]) -> Event:
        """Return the event :meth:`as_json` gave (over Redis, for live subscribers)."""
        return cls(
            id=uuid.UUID(item["id"]),
            tenant_id=uuid.UUID(item["tenant_id"]),
            type=item["type"],
            version=item["version"],
            aggregate_type=item["aggregate_type"],
            aggregate_id=item["aggregate_id"],
            sequence=item["sequence"],
            occurred_at=datetime.fromisoformat(item["occurred_at"]),
            actor=item["actor"],
            payload=item["payload"],
        )

    def brought_forward(self, types: Mapping[str, EventType]) -> Event:
        """Return the event with its payload at its type's current version (validated).

        Raises ValueError (pydantic's ValidationError is one) when it cannot be upcast.
        """
        declared = types.get(self.type)
        if declared is None or self.version >= declared.version:
            return self
        payload = declared.payload.model_validate(declared.upcast(self.version, self.payload))
        return dataclasses.replace(
            self, version=declared.version, payload=payload.model_dump(mode="json")
        )

    def payload_as(self, event_type: EventType, schema: builtins.type[Payload]) -> Payload:
        """Return the payload upcast to the current version and validated."""
        return schema.model_validate(event_type.upcast(self.version, self.payload))

    def as_json(self) -> dict[str, Any]:
        """Return the envelope as JSON-ready values (for webhooks, the CLI and GraphQL)."""
        return {
            "id": str(self.id),
            "tenant_id": str(self.tenant_id),
            "type": self.type,
            "version": self.version,
            "aggregate_type": self.aggregate_type,
            "aggregate_id": self.aggregate_id,
            "sequence": self.sequence,
            "occurred_at": self.occurred_at.isoformat(),
            "actor": self.actor,
            "payload": self.payload,
        }
