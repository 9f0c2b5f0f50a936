"""Commerce's payment and refund events, and the order events they bring (version 1 each).

Aggregates: ``commerce.payment`` (the payment id), ``commerce.refund`` (the refund id) and, for
``commerce.order.paid`` / ``refunded`` / ``partially_refunded``, ``commerce.order`` (the order
id), so an order's own events stay in order with its placing and cancelling. Payloads carry ids,
amounts and codes; never payment data.
"""

from __future__ import annotations

from app.events.declarations import EventPayload, EventType
from modules.commerce.permissions import VIEW_ORDERS

__all__ = [
    "ORDER_PAID",
    "ORDER_PARTIALLY_REFUNDED",
    "ORDER_REFUNDED",
    "PAYMENT_AUTHORIZED",
    "PAYMENT_CAPTURED",
    "PAYMENT_CREATED",
    "PAYMENT_EVENTS",
    "PAYMENT_FAILED",
    "PAYMENT_VOIDED",
    "REFUND_CREATED",
    "REFUND_FAILED",
    "REFUND_SUCCEEDED",
    "OrderPaid",
    "OrderRefunded",
    "PaymentAmount",
    "PaymentCreated",
    "PaymentFailed",
    "PaymentRef",
    "RefundCreated",
    "RefundFailed",
    "RefundSettled",
]


class PaymentCreated(EventPayload):
    """A payment was asked of a provider for an order."""

    order_id: str
    payment_id: str
    provider: str
    method: str
    currency: str
    amount: int


class PaymentAmount(EventPayload):
    """A payment was authorized or captured for ``amount``."""

    order_id: str
    payment_id: str
    currency: str
    amount: int


class PaymentFailed(EventPayload):
    """The provider refused the payment (``error_code`` is the provider's, or ``timeout``)."""

    order_id: str
    payment_id: str
    error_code: str


class PaymentRef(EventPayload):
    """A payment's authorization was voided."""

    order_id: str
    payment_id: str


class OrderPaid(EventPayload):
    """The order is paid in full.

    Version 2: ``payment_id`` is null when nothing was owed (an order placed with a total of 0,
    by ``checkoutComplete``); version 1 payloads upcast unchanged.
    """

    order_id: str
    number: str
    customer_id: str | None = None
    payment_id: str | None = None
    currency: str
    paid_amount: int


class OrderRefunded(EventPayload):
    """Money was given back on the order; ``refunded_amount`` is the order's total refunded."""

    order_id: str
    number: str
    customer_id: str | None = None
    refund_id: str
    currency: str
    refunded_amount: int


class RefundCreated(EventPayload):
    """A refund was asked of the payment's provider."""

    order_id: str
    refund_id: str
    payment_id: str
    currency: str
    amount: int


class RefundSettled(EventPayload):
    """The provider gave the money back."""

    order_id: str
    refund_id: str
    currency: str
    amount: int


class RefundFailed(EventPayload):
    """The provider refused the refund."""

    order_id: str
    refund_id: str
    error_code: str


def _type(name: str, payload: type[EventPayload], description: str) -> EventType:
    return EventType(
        name=name, version=1, payload=payload, permission=VIEW_ORDERS, description=description
    )


PAYMENT_CREATED = _type(
    "commerce.payment.created", PaymentCreated, "A payment was asked of a provider."
)
PAYMENT_AUTHORIZED = _type(
    "commerce.payment.authorized", PaymentAmount, "A payment was authorized, not yet captured."
)
PAYMENT_CAPTURED = _type("commerce.payment.captured", PaymentAmount, "A payment was captured.")
PAYMENT_FAILED = _type("commerce.payment.failed", PaymentFailed, "A provider refused a payment.")
PAYMENT_VOIDED = _type(
    "commerce.payment.voided", PaymentRef, "A payment's authorization was voided."
)
ORDER_PAID = EventType(
    name="commerce.order.paid",
    version=2,
    payload=OrderPaid,
    permission=VIEW_ORDERS,
    description="An order was paid in full (or placed with nothing to pay).",
    upcasters={1: lambda payload: payload},
)
ORDER_PARTIALLY_REFUNDED = _type(
    "commerce.order.partially_refunded", OrderRefunded, "Part of an order's payment was refunded."
)
ORDER_REFUNDED = _type(
    "commerce.order.refunded", OrderRefunded, "Everything paid for an order was refunded."
)
REFUND_CREATED = _type("commerce.refund.created", RefundCreated, "A refund was asked for.")
REFUND_SUCCEEDED = _type(
    "commerce.refund.succeeded", RefundSettled, "A provider gave a refund's money back."
)
REFUND_FAILED = _type("commerce.refund.failed", RefundFailed, "A provider refused a refund.")

PAYMENT_EVENTS = (
    PAYMENT_CREATED,
    PAYMENT_AUTHORIZED,
    PAYMENT_CAPTURED,
    PAYMENT_FAILED,
    PAYMENT_VOIDED,
    ORDER_PAID,
    ORDER_PARTIALLY_REFUNDED,
    ORDER_REFUNDED,
    REFUND_CREATED,
    REFUND_SUCCEEDED,
    REFUND_FAILED,
)
