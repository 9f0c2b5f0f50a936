"""Commerce's discount events: discounts created, changed and deleted (version 1).

Each discount is its own aggregate (``commerce.discount``); holders of
``commerce.manage_discounts`` see them. ``code`` is null for an automatic discount.
"""

from __future__ import annotations

from app.events.declarations import EventPayload, EventType
from modules.commerce.permissions import MANAGE_DISCOUNTS

__all__ = [
    "DISCOUNT_CREATED",
    "DISCOUNT_DELETED",
    "DISCOUNT_EVENTS",
    "DISCOUNT_UPDATED",
    "DiscountChanged",
    "DiscountRef",
]


class DiscountRef(EventPayload):
    """A discount was created or deleted."""

    discount_id: str
    code: str | None = None


class DiscountChanged(EventPayload):
    """A discount's fields changed; ``changed`` names the input fields."""

    discount_id: str
    code: str | None = None
    changed: list[str]


def _type(name: str, payload: type[EventPayload], description: str) -> EventType:
    return EventType(
        name=name, version=1, payload=payload, permission=MANAGE_DISCOUNTS, description=description
    )


DISCOUNT_CREATED = _type("commerce.discount.created", DiscountRef, "A discount was created.")
DISCOUNT_UPDATED = _type(
    "commerce.discount.updated", DiscountChanged, "A discount's fields changed."
)
DISCOUNT_DELETED = _type("commerce.discount.deleted", DiscountRef, "A discount was deleted.")

DISCOUNT_EVENTS = (DISCOUNT_CREATED, DISCOUNT_UPDATED, DISCOUNT_DELETED)
