"""Commerce's fulfilment events and the order events they bring (version 1 each).

Aggregates: ``commerce.fulfilment`` (the fulfilment id) and ``commerce.order`` (the order id) for
``commerce.order.partially_fulfilled`` / ``fulfilled`` / ``completed``.
"""

from __future__ import annotations

from app.events.declarations import EventPayload, EventType
from modules.commerce.permissions import VIEW_ORDERS

__all__ = [
    "FULFILMENT_CREATED",
    "FULFILMENT_EVENTS",
    "FULFILMENT_SHIPPED",
    "ORDER_COMPLETED",
    "ORDER_FULFILLED",
    "ORDER_PARTIALLY_FULFILLED",
    "FulfilmentCreated",
    "FulfilmentShipped",
    "OrderCompleted",
    "OrderFulfilment",
]


class FulfilmentCreated(EventPayload):
    """Units of an order left a warehouse."""

    order_id: str
    fulfilment_id: str
    warehouse_id: str
    line_count: int


class FulfilmentShipped(EventPayload):
    """A fulfilment was handed to a carrier."""

    order_id: str
    fulfilment_id: str
    customer_id: str | None = None
    carrier: str | None = None
    tracking_number: str | None = None


class OrderFulfilment(EventPayload):
    """Part of the order, or all of it, has been fulfilled."""

    order_id: str
    number: str
    customer_id: str | None = None
    fulfilment_id: str


class OrderCompleted(EventPayload):
    """The order is fulfilled and settled, and closed."""

    order_id: str
    number: str
    customer_id: str | None = None


def _type(name: str, payload: type[EventPayload], description: str) -> EventType:
    return EventType(
        name=name, version=1, payload=payload, permission=VIEW_ORDERS, description=description
    )


FULFILMENT_CREATED = _type(
    "commerce.fulfilment.created", FulfilmentCreated, "Units of an order left a warehouse."
)
FULFILMENT_SHIPPED = _type(
    "commerce.fulfilment.shipped", FulfilmentShipped, "A fulfilment was handed to a carrier."
)
ORDER_PARTIALLY_FULFILLED = _type(
    "commerce.order.partially_fulfilled", OrderFulfilment, "Part of an order was fulfilled."
)
ORDER_FULFILLED = _type(
    "commerce.order.fulfilled", OrderFulfilment, "Everything of an order was fulfilled."
)
ORDER_COMPLETED = _type(
    "commerce.order.completed", OrderCompleted, "An order was fulfilled, settled and closed."
)

FULFILMENT_EVENTS = (
    FULFILMENT_CREATED,
    FULFILMENT_SHIPPED,
    ORDER_PARTIALLY_FULFILLED,
    ORDER_FULFILLED,
    ORDER_COMPLETED,
)
