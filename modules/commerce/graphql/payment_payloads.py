"""Inputs and payloads of the payment and refund mutations, and how an outcome becomes one.

A payment or refund the provider refused is reported twice: the object, with status
``FAILED``, and a ``PAYMENT_FAILED`` error carrying the provider's reason, so a client that only
reads ``errors`` never mistakes a declined card for a payment. One whose provider has not
answered in time comes back ``PENDING`` without an error: sending the same input again (same
key) asks the provider again and never charges twice.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from typing import TypeVar

import strawberry
from sqlalchemy import select
from strawberry.scalars import JSON

from app.errors import ErrorCode, FieldProblem, UserInputError
from app.graphql.types import MoneyInput, UserError, user_errors
from app.runtime import Context
from modules.commerce.graphql.order_types import Order
from modules.commerce.graphql.payment_types import Payment, Refund
from modules.commerce.orders import find_orders
from modules.commerce.payment_models import PaymentRow, RefundRow
from modules.commerce.payment_rules import PaymentState, RefundStatus

__all__ = [
    "PaymentCaptureInput",
    "PaymentCreateInput",
    "PaymentPayload",
    "PaymentVoidInput",
    "RefundCreateInput",
    "RefundLineInput",
    "RefundPayload",
    "payment_payload",
    "refund_payload",
]

_KEY = (
    "A key of 1 to 100 characters chosen by the client for this operation: sent again, it "
    "returns the same result instead of doing it twice."
)


@strawberry.input(description="Pay an order (a guest by its token, a customer by its ID).")
class PaymentCreateInput:
    """The order, the provider and method, data for the provider, and the key."""

    order_id: strawberry.ID | None = strawberry.field(
        default=None, description="The `Order` ID (its customer, or staff)."
    )
    order_token: str | None = strawberry.field(
        default=None, description="A guest's order token (from `checkoutComplete`)."
    )
    idempotency_key: str = strawberry.field(description=_KEY)
    payment_provider: str = strawberry.field(description="The provider (`manual`, ...).")
    payment_method: str = strawberry.field(description="One of the provider's methods.")
    payment_data: JSON | None = strawberry.field(
        default=None, description="What the provider needs (a JSON object; none for `manual`)."
    )


@strawberry.input(description="Capture an authorized payment in full.")
class PaymentCaptureInput:
    """The payment and the key."""

    payment_id: strawberry.ID = strawberry.field(description="The `Payment` ID.")
    idempotency_key: str = strawberry.field(description=_KEY)


@strawberry.input(description="Release an authorized payment.")
class PaymentVoidInput:
    """The payment."""

    id: strawberry.ID = strawberry.field(description="The `Payment` ID.")


@strawberry.input(description="A line a refund covers.")
class RefundLineInput:
    """An order line and how many of it."""

    order_line_id: strawberry.ID = strawberry.field(description="The `OrderLine` ID.")
    quantity: int = strawberry.field(description="How many of it (at least 1).")


@strawberry.input(description="Give back money captured on an order.")
class RefundCreateInput:
    """The order, the amount, the lines it covers, why, and the key."""

    order_id: strawberry.ID = strawberry.field(description="The `Order` ID.")
    idempotency_key: str = strawberry.field(description=_KEY)
    amount: MoneyInput = strawberry.field(description="How much, in the order's currency.")
    lines: list[RefundLineInput] = strawberry.field(
        default_factory=list, description="The lines it covers (recorded on them)."
    )
    reason: str = strawberry.field(description="Why, in 1 to 500 characters.")
    restock: bool = strawberry.field(
        default=False, description="Release the stock still reserved for those lines."
    )
    payment_data: JSON | None = strawberry.field(
        default=None, description="What the provider needs for the refund, if anything."
    )


@strawberry.type(description="Result of a payment mutation.")
class PaymentPayload:
    """The payment and its order after the change, or why nothing changed."""

    payment: Payment | None = strawberry.field(description="The payment.")
    order: Order | None = strawberry.field(description="Its order.")
    errors: list[UserError] = strawberry.field(
        description="Why nothing changed, or `PAYMENT_FAILED` when the provider refused."
    )


@strawberry.type(description="Result of refundCreate.")
class RefundPayload:
    """The refund and its order, or why nothing changed."""

    refund: Refund | None = strawberry.field(description="The refund.")
    order: Order | None = strawberry.field(description="Its order.")
    errors: list[UserError] = strawberry.field(
        description="Why nothing changed, or `PAYMENT_FAILED` when the provider refused."
    )


def _refused(message: str | None) -> list[UserError]:
    problem = FieldProblem(ErrorCode.PAYMENT_FAILED, message or "the provider refused", None)
    return user_errors([problem])


async def _order(ctx: Context, order_id: uuid.UUID) -> Order | None:
    row = (await find_orders(ctx, [order_id])).get(order_id)
    return Order.from_row(row) if row else None


Row = TypeVar("Row", PaymentRow, RefundRow)


async def _outcome(
    ctx: Context, model: type[Row], act: Callable[[], Awaitable[uuid.UUID]]
) -> tuple[Row | None, Order | None, list[UserError]]:
    """Run ``act``; return the row it names, its order, and the errors to answer with."""
    try:
        row_id = await act()
    except UserInputError as error:
        return None, None, user_errors(error.problems)
    tenant_id = ctx.require_tenant().id
    async with ctx.runtime.db.transaction(tenant_id, readonly=True) as session:
        row = await session.scalar(
            select(model).where(model.tenant_id == tenant_id, model.id == row_id)
        )
    if row is None:
        return None, None, []
    refused = row.status in {PaymentState.FAILED, RefundStatus.FAILED}
    errors = _refused(row.last_error) if refused else []
    return row, await _order(ctx, row.order_id), errors


async def payment_payload(ctx: Context, act: Callable[[], Awaitable[uuid.UUID]]) -> PaymentPayload:
    """Run ``act`` and answer with the payment and its order, or with its errors."""
    row, order, errors = await _outcome(ctx, PaymentRow, act)
    payment = None if row is None else Payment.from_row(row)
    return PaymentPayload(payment=payment, order=order, errors=errors)


async def refund_payload(ctx: Context, act: Callable[[], Awaitable[uuid.UUID]]) -> RefundPayload:
    """Run ``act`` and answer with the refund and its order, or with its errors."""
    row, order, errors = await _outcome(ctx, RefundRow, act)
    refund = None if row is None else Refund.from_row(row)
    return RefundPayload(refund=refund, order=order, errors=errors)
