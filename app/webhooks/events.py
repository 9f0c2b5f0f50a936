"""Events of webhook endpoints (aggregate ``webhooks.endpoint``); deliveries emit none.

``webhooks.endpoint.pinged`` is the one event the fan-out sends to a single endpoint (the one
its payload names), whatever the endpoints' filters: :data:`TARGETED` lists it.
"""

from __future__ import annotations

from datetime import datetime

from app.events.declarations import EventPayload, EventType
from app.webhooks.permissions import VIEW_ENDPOINTS

__all__ = [
    "ENDPOINT_CREATED",
    "ENDPOINT_DELETED",
    "ENDPOINT_DISABLED",
    "ENDPOINT_PINGED",
    "ENDPOINT_SECRET_ROTATED",
    "ENDPOINT_UPDATED",
    "TARGETED",
    "WEBHOOK_EVENTS",
    "EndpointCreated",
    "EndpointDeleted",
    "EndpointDisabled",
    "EndpointPinged",
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


class EndpointPinged(EventPayload):
    """Someone asked for a test delivery: sent to this endpoint alone, whatever its filters."""

    endpoint_id: str


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
ENDPOINT_PINGED = _declared(
    "webhooks.endpoint.pinged",
    EndpointPinged,
    "A test delivery to one webhook endpoint was asked for (only that endpoint receives it).",
)

WEBHOOK_EVENTS = (
    ENDPOINT_CREATED,
    ENDPOINT_UPDATED,
    ENDPOINT_DELETED,
    ENDPOINT_SECRET_ROTATED,
    ENDPOINT_DISABLED,
    ENDPOINT_PINGED,
)

TARGETED = frozenset({ENDPOINT_PINGED.name})
"""The event types sent only to the endpoint their payload's ``endpoint_id`` names."""
