"""Events of webhook endpoints (aggregate ``webhooks.endpoint``); deliveries emit none."""

from __future__ import annotations

from datetime import datetime

from app.events.declarations import EventPayload, EventType
from app.webhooks.permissions import VIEW_ENDPOINTS

__all__ = [
    "ENDPOINT_CREATED",
    "ENDPOINT_DELETED",
    "ENDPOINT_DISABLED",
    "ENDPOINT_SECRET_ROTATED",
    "ENDPOINT_UPDATED",
    "WEBHOOK_EVENTS",
    "EndpointCreated",
    "EndpointDeleted",
    "EndpointDisabled",
    "EndpointSecretRotated",
    "EndpointUpdated",
]


class EndpointCreated(EventPayload):
    """An endpoint was created (never with its secret or header values)."""

    endpoint_id: str


class EndpointUpdated(EventPayload):
    """An endpoint changed; ``changed`` names the fields (url, description, eventTypes, ...)."""

    endpoint_id: str
    changed: list[str]


class EndpointDeleted(EventPayload):
    """An endpoint was deleted: nothing more is sent to it."""

    endpoint_id: str


class EndpointSecretRotated(EventPayload):
    """An endpoint got a new secret; the old one signs too until ``overlap_ends_at``."""

    endpoint_id: str
    overlap_ends_at: datetime


class EndpointDisabled(EventPayload):
    """The delivery runner disabled an endpoint: ``reason`` is ``gone`` (410) or ``failing``."""

    endpoint_id: str
    reason: str
    failing_since: datetime | None = None


def _declared(name: str, payload: type[EventPayload], description: str) -> EventType:
    return EventType(
        name=name, version=1, payload=payload, permission=VIEW_ENDPOINTS, description=description
    )


ENDPOINT_CREATED = _declared(
    "webhooks.endpoint.created", EndpointCreated, "A webhook endpoint was created."
)
ENDPOINT_UPDATED = _declared(
    "webhooks.endpoint.updated", EndpointUpdated, "A webhook endpoint was changed."
)
ENDPOINT_DELETED = _declared(
    "webhooks.endpoint.deleted", EndpointDeleted, "A webhook endpoint was deleted."
)
ENDPOINT_SECRET_ROTATED = _declared(
    "webhooks.endpoint.secret_rotated",
    EndpointSecretRotated,
    "A webhook endpoint's signing secret was rotated.",
)
ENDPOINT_DISABLED = _declared(
    "webhooks.endpoint.disabled",
    EndpointDisabled,
    "A webhook endpoint was disabled by its deliveries (gone, or failing too long).",
)

WEBHOOK_EVENTS = (
    ENDPOINT_CREATED,
    ENDPOINT_UPDATED,
    ENDPOINT_DELETED,
    ENDPOINT_SECRET_ROTATED,
    ENDPOINT_DISABLED,
)
