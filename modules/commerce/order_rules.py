"""An order's states and the moves between them that exist so far.

An order has three state machines (``status``, ``payment_status``, ``fulfilment_status``).
``status``: ``placed`` → ``cancelled`` (by staff, or when the reservation expires) while
nothing is fulfilled and nothing captured is kept (``unpaid``, ``authorized`` — the
authorization is voided —, ``voided``, ``refunded``, or ``paid`` with nothing paid: an order
placed with a total of 0). ``payment_status``: ``unpaid`` → ``authorized`` → ``paid`` (or
``voided``), ``paid`` → ``partially_refunded`` → ``refunded`` (modules.commerce.payments and
modules.commerce.refunds); an order with nothing to pay is placed ``paid`` (checkout). Every
other move is refused with CONFLICT naming the current state.
"""

from __future__ import annotations

from modules.commerce.order_models import OrderRow

__all__ = [
    "SETTLED",
    "FulfilmentStatus",
    "OrderStatus",
    "PaymentStatus",
    "ReservationStatus",
    "cancel_refusal",
    "complete_refusal",
    "fulfil_refusal",
]


class OrderStatus:
    """An order's ``status`` values."""

    PLACED = "placed"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


class PaymentStatus:
    """An order's ``payment_status`` values."""

    UNPAID = "unpaid"
    AUTHORIZED = "authorized"
    PAID = "paid"
    PARTIALLY_REFUNDED = "partially_refunded"
    REFUNDED = "refunded"
    VOIDED = "voided"


class FulfilmentStatus:
    """An order's ``fulfilment_status`` values."""

    UNFULFILLED = "unfulfilled"
    PARTIALLY_FULFILLED = "partially_fulfilled"
    FULFILLED = "fulfilled"


class ReservationStatus:
    """A reservation's ``status`` values."""

    ACTIVE = "active"
    CONSUMED = "consumed"
    RELEASED = "released"


def cancel_refusal(order: OrderRow) -> str | None:
    """Return why the order cannot be cancelled, naming its state; None when it can."""
    if order.status != OrderStatus.PLACED:
        return f"the order is {order.status}; only a placed order can be cancelled"
    if order.fulfilment_status != FulfilmentStatus.UNFULFILLED:
        return f"the order is {order.fulfilment_status}; a fulfilled order cannot be cancelled"
    kept = order.paid_amount > order.refunded_amount
    if order.payment_status in {PaymentStatus.PAID, PaymentStatus.PARTIALLY_REFUNDED} and kept:
        return f"the order is {order.payment_status}; refund the payment first"
    return None


#: Payment states in which nothing more is owed or pending: the order may be completed.
SETTLED = frozenset({PaymentStatus.PAID, PaymentStatus.PARTIALLY_REFUNDED, PaymentStatus.REFUNDED})
CASH_ON_DELIVERY = "cash_on_delivery"


def fulfil_refusal(order: OrderRow) -> str | None:
    """Return why nothing of the order may be fulfilled now, naming its state; None if it may.

    A placed order ships once paid (or partly refunded), or, when it is paid cash on delivery,
    once that payment is authorized; not once everything shipped.
    """
    if order.status != OrderStatus.PLACED:
        return f"the order is {order.status}; only a placed order can be fulfilled"
    if order.fulfilment_status == FulfilmentStatus.FULFILLED:
        return "the order is fulfilled; nothing is left to ship"
    cod = (
        order.payment_method == CASH_ON_DELIVERY
        and order.payment_status == PaymentStatus.AUTHORIZED
    )
    if (
        order.payment_status not in {PaymentStatus.PAID, PaymentStatus.PARTIALLY_REFUNDED}
        and not cod
    ):
        return f"the order is {order.payment_status}; it ships once paid"
    return None


def complete_refusal(order: OrderRow) -> str | None:
    """Return why the order cannot be completed, naming its state; None when it can."""
    if order.status != OrderStatus.PLACED:
        return f"the order is {order.status}; only a placed order can be completed"
    if order.fulfilment_status != FulfilmentStatus.FULFILLED:
        return f"the order is {order.fulfilment_status}; ship everything first"
    if order.payment_status not in SETTLED:
        return f"the order is {order.payment_status}; settle its payment first"
    return None
