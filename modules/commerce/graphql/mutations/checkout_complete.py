"""``checkoutComplete``: a cart becomes an order once, with its stock reserved, and is paid.

With ``paymentProvider`` and ``paymentMethod`` the order's payment starts right after it is
placed, under the checkout's idempotency key (so a retried checkout returns the same order and
the same payment). The provider, method and data are checked before anything is placed: a bad
one places nothing. A provider that refuses leaves the order placed and unpaid (pay again with
``paymentCreate``); one that does not answer in time leaves the payment pending. An order with
nothing to pay (fully discounted) is placed paid, and no payment is started for it.
"""

from __future__ import annotations

import uuid
from typing import Annotated

import strawberry

from app.errors import ValidationFailed
from app.graphql.context import Info
from app.graphql.directives import public
from app.runtime import Context
from modules.commerce import checkout, payments
from modules.commerce.graphql.mutations.payment_create import payment_data
from modules.commerce.graphql.order_payloads import (
    CheckoutCompleteInput,
    CheckoutCompletePayload,
    checkout_payload,
)
from modules.commerce.settings import load_settings

__all__ = ["CheckoutCompleteMutation"]


async def _payment_request(
    ctx: Context, input: CheckoutCompleteInput
) -> payments.PaymentRequest | None:
    """Return the payment asked for with the checkout, checked; None when none was."""
    if input.payment_provider is None and input.payment_method is None:
        if input.payment_data is not None:
            raise ValidationFailed("give paymentProvider with paymentData", field="paymentData")
        return None
    if input.payment_provider is None or input.payment_method is None:
        missing = "paymentProvider" if input.payment_provider is None else "paymentMethod"
        raise ValidationFailed("give paymentProvider and paymentMethod together", field=missing)
    request = payments.PaymentRequest(
        provider=input.payment_provider,
        method=input.payment_method,
        key=input.idempotency_key,
        data=payment_data(input.payment_data),
    )
    tenant_id = ctx.require_tenant().id
    async with ctx.runtime.db.transaction(tenant_id, readonly=True) as session:
        settings = await load_settings(session, tenant_id)
    payments.provider_for(ctx, settings, request)
    return request


@strawberry.type(description="checkoutComplete.")
class CheckoutCompleteMutation:
    """checkoutComplete."""

    @strawberry.mutation(
        description=(
            "Place an order from a cart: prices are resolved again and stock is reserved, all "
            "or nothing; with a payment provider, paying starts at once. Guests may check out "
            "while the shop's `guest_checkout` is on."
        ),
        directives=public(),
    )
    async def checkout_complete(
        self,
        info: Info,
        input: Annotated[
            CheckoutCompleteInput, strawberry.argument(description="The cart and the key.")
        ],
    ) -> CheckoutCompletePayload:
        """Complete a checkout."""
        ctx = info.context
        request: payments.PaymentRequest | None = None

        async def act() -> checkout.PlacedOrder:
            nonlocal request
            request = await _payment_request(ctx, input)
            return await checkout.complete_checkout(ctx, input.token, input.idempotency_key)

        async def pay(placed: checkout.PlacedOrder) -> uuid.UUID:
            assert request is not None  # noqa: S101 - only called when a payment was asked
            return await payments.start_payment(ctx, placed.order_id, request)

        wants_payment = input.payment_provider is not None or input.payment_method is not None
        return await checkout_payload(ctx, act, pay if wants_payment else None)
