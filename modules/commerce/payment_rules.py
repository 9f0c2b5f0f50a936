"""A payment's and a refund's states, and what may be asked of an order's payments when.

A payment is ``pending`` while its authorization is unsettled, then ``authorized`` (money
promised), ``captured`` (money taken), ``failed`` (refused: nothing moved) or ``voided``
(the promise released). A refund is ``pending``, then ``succeeded`` or ``failed``. An order may
be paid while it is placed and nothing paid, authorized or pending (its ``payment_status``
``unpaid`` or ``voided``); it may be refunded while money captured on it is not all given back.
"""

from __future__ import annotations

from modules.commerce.order_models import OrderRow
from modules.commerce.order_rules import OrderStatus, PaymentStatus

__all__ = ["PaymentState", "RefundStatus", "pay_refusal", "refund_refusal"]


class PaymentState:
    """A payment's ``status`` values."""

    PENDING = "pending"
    AUTHORIZED = "authorized"
    CAPTURED = "captured"
    FAILED = "failed"
    VOIDED = "voided"


class RefundStatus:
    """A refund's ``status`` values."""

    PENDING = "pending"
    SUCCEEDED = "succeeded"
    FAILED = "failed"


def pay_refusal(order: OrderRow) -> str | None:
    """Return why the order cannot take a new payment, naming its state; None when it can."""
    if order.status != OrderStatus.PLACED:
        return f"the order is {order.status}; only a placed order can be paid"
    if order.payment_status not in {PaymentStatus.UNPAID, PaymentStatus.VOIDED}:
        return f"the order is {order.payment_status}; it takes no second payment"
    return None


def refund_refusal(order: OrderRow) -> str | None:
    """Return why nothing can be refunded on the order; None when something can."""
    if order.status == OrderStatus.CANCELLED:
        return "the order is cancelled; nothing captured is left to refund"
    if order.payment_status not in {PaymentStatus.PAID, PaymentStatus.PARTIALLY_REFUNDED}:
        return f"the order is {order.payment_status}; only captured money can be refunded"
    return None
