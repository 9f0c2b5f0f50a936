"""Commerce's shipping events: zones and rates created, changed and deleted (version 1).

Each entity is its own aggregate (``commerce.shipping_zone``, ``commerce.shipping_rate``);
holders of ``commerce.manage_shipping`` see them.
"""

from __future__ import annotations

from app.events.declarations import EventPayload, EventType
from modules.commerce.permissions import MANAGE_SHIPPING

__all__ = [
    "SHIPPING_EVENTS",
    "SHIPPING_RATE_CREATED",
    "SHIPPING_RATE_DELETED",
    "SHIPPING_RATE_UPDATED",
    "SHIPPING_ZONE_CREATED",
    "SHIPPING_ZONE_DELETED",
    "SHIPPING_ZONE_UPDATED",
    "ShippingRateChanged",
    "ShippingRateCreated",
    "ShippingRateRef",
    "ShippingZoneChanged",
    "ShippingZoneRef",
]


class ShippingZoneRef(EventPayload):
    """A shipping zone was created or deleted (a deleted zone's rates went with it)."""

    shipping_zone_id: str


class ShippingZoneChanged(EventPayload):
    """A zone's fields changed; ``changed`` names the input fields (``name``, ``regions``)."""

    shipping_zone_id: str
    changed: list[str]


class ShippingRateCreated(EventPayload):
    """A shipping rate was created in a zone."""

    shipping_rate_id: str
    shipping_zone_id: str


class ShippingRateChanged(EventPayload):
    """A shipping rate's fields changed; ``changed`` names the input fields."""

    shipping_rate_id: str
    changed: list[str]


class ShippingRateRef(EventPayload):
    """A shipping rate was deleted."""

    shipping_rate_id: str


def _type(name: str, payload: type[EventPayload], description: str) -> EventType:
    return EventType(
        name=name, version=1, payload=payload, permission=MANAGE_SHIPPING, description=description
    )


SHIPPING_ZONE_CREATED = _type(
    "commerce.shipping_zone.created", ShippingZoneRef, "A shipping zone was created."
)
SHIPPING_ZONE_UPDATED = _type(
    "commerce.shipping_zone.updated", ShippingZoneChanged, "A shipping zone's fields changed."
)
SHIPPING_ZONE_DELETED = _type(
    "commerce.shipping_zone.deleted", ShippingZoneRef, "A shipping zone was deleted."
)
SHIPPING_RATE_CREATED = _type(
    "commerce.shipping_rate.created", ShippingRateCreated, "A shipping rate was created."
)
SHIPPING_RATE_UPDATED = _type(
    "commerce.shipping_rate.updated", ShippingRateChanged, "A shipping rate's fields changed."
)
SHIPPING_RATE_DELETED = _type(
    "commerce.shipping_rate.deleted", ShippingRateRef, "A shipping rate was deleted."
)

SHIPPING_EVENTS = (
    SHIPPING_ZONE_CREATED,
    SHIPPING_ZONE_UPDATED,
    SHIPPING_ZONE_DELETED,
    SHIPPING_RATE_CREATED,
    SHIPPING_RATE_UPDATED,
    SHIPPING_RATE_DELETED,
)
