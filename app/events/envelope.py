"""The event envelope as stored in the outbox and handed to subscribers."""

from __future__ import annotations

import builtins
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from app.events.declarations import EventPayload, EventType

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
