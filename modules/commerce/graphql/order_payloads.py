"""Inputs and payloads of checkout and the order mutations, and how an outcome becomes one."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable

import strawberry
from strawberry.scalars import JSON

from app.errors import UserInputError
from app.graphql.types import UserError, user_errors
from app.runtime import Context
from modules.commerce.checkout import PlacedOrder
from modules.commerce.graphql.order_types import Order
from modules.commerce.graphql.payment_payloads import payment_payload
from modules.commerce.graphql.payment_types import Payment
from modules.commerce.orders import find_orders

__all__ = [
    "CheckoutCompleteInput",
    "CheckoutCompletePayload",
    "OrderCancelInput",
    "OrderPayload",
    "checkout_payload",
    "order_payload",
]


@strawberry.input(description="Turn a cart into an order.")
class CheckoutCompleteInput:
    """The cart and the key that makes a retry safe."""

    token: str = strawberry.field(description="The cart's token (from `cartCreate`).")
    idempotency_key: str = strawberry.field(
        description=(
            "A key of 1 to 100 characters chosen by the client for this checkout: sent again, "
            "it returns the same order instead of placing a second one."
        )
    )
    payment_provider: str | None = strawberry.field(
        default=None,
        description=(
            "Start paying at once through this provider (with `paymentMethod`); the payment "
            "takes the checkout's key. Without it, pay later with `paymentCreate`."
        ),
    )
    payment_method: str | None = strawberry.field(
        default=None, description="One of the provider's methods."
    )
    payment_data: JSON | None = strawberry.field(
        default=None, description="What the provider needs (a JSON object)."
    )


@strawberry.input(description="Cancel a placed order.")
class OrderCancelInput:
    """The order and why."""

    id: strawberry.ID = strawberry.field(description="The `Order` ID.")
    reason: str = strawberry.field(description="Why, in 1 to 500 characters.")


@strawberry.type(description="Result of checkoutComplete: the order placed, or why not.")
class CheckoutCompletePayload:
    """The order and, for a guest, its access token."""

    order: Order | None = strawberry.field(description="The order placed (or placed before).")
    order_token: str | None = strawberry.field(
        description=(
            "A guest's access to the order (`orderByToken`); null for a signed-in customer. "
            "The same cart token and key give the same one."
        )
    )
    payment: Payment | None = strawberry.field(
        description="The payment started with the order, if a provider was given."
    )
    errors: list[UserError] = strawberry.field(
        description=(
            "Why nothing was placed, if so; or `PAYMENT_FAILED` when the order was placed but "
            "the provider refused the payment (pay again with `paymentCreate`)."
        )
    )


@strawberry.type(description="Result of an order mutation.")
class OrderPayload:
    """The order after the change, or why nothing changed."""

    order: Order | None = strawberry.field(description="The order after the change.")
    errors: list[UserError] = strawberry.field(description="Why nothing changed, if so.")


async def _order(ctx: Context, order_id: uuid.UUID) -> Order | None:
    row = (await find_orders(ctx, [order_id])).get(order_id)
    return Order.from_row(row) if row else None


async def checkout_payload(
    ctx: Context,
    act: Callable[[], Awaitable[PlacedOrder]],
    pay: Callable[[PlacedOrder], Awaitable[uuid.UUID]] | None = None,
) -> CheckoutCompletePayload:
    """Run ``act`` (then ``pay``) and answer with the order, its payment and a guest's token.

    ``act`` refusing answers with its errors and nothing placed; ``pay`` refusing (or the
    provider refusing) still answers with the order placed, and the payment's errors. An order
    placed paid (nothing to pay) is not paid again: ``pay`` is not called.
    """
    try:
        placed = await act()
    except UserInputError as error:
        return CheckoutCompletePayload(
            order=None, order_token=None, payment=None, errors=user_errors(error.problems)
        )
    payment, errors = None, []
    if pay is not None and not placed.is_paid:
        paid = await payment_payload(ctx, lambda: pay(placed))
        payment, errors = paid.payment, paid.errors
    order = await _order(ctx, placed.order_id)
    return CheckoutCompletePayload(
        order=order, order_token=placed.order_token, payment=payment, errors=errors
    )


async def order_payload(ctx: Context, act: Callable[[], Awaitable[uuid.UUID]]) -> OrderPayload:
    """Run ``act`` and answer with the order it changed, or with its errors."""
    try:
        order_id = await act()
    except UserInputError as error:
        return OrderPayload(order=None, errors=user_errors(error.problems))
    return OrderPayload(order=await _order(ctx, order_id), errors=[])
