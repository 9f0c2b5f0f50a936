"""Commerce's discount events: discounts created, changed, deleted and redeemed (version 1).

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
    "DISCOUNT_REDEEMED",
    "DISCOUNT_UPDATED",
    "DiscountChanged",
    "DiscountRedeemed",
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


class DiscountRedeemed(EventPayload):
    """A placed order used the discount (its usage was counted); by a customer when signed in.

    Cancelling the order gives the use back (no event: ``commerce.order.cancelled`` says it).
    """

    discount_id: str
    order_id: str
    customer_id: str | None = None


def _type(name: str, payload: type[EventPayload], description: str) -> EventType:
    return EventType(
        name=name, version=1, payload=payload, permission=MANAGE_DISCOUNTS, description=description
    )


DISCOUNT_CREATED = _type("commerce.discount.created", DiscountRef, "A discount was created.")
DISCOUNT_UPDATED = _type(
    "commerce.discount.updated", DiscountChanged, "A discount's fields changed."
)
DISCOUNT_DELETED = _type("commerce.discount.deleted", DiscountRef, "A discount was deleted.")

DISCOUNT_REDEEMED = _type(
    "commerce.discount.redeemed", DiscountRedeemed, "A placed order used a discount."
)
DISCOUNT_EVENTS = (DISCOUNT_CREATED, DISCOUNT_UPDATED, DISCOUNT_DELETED, DISCOUNT_REDEEMED)
