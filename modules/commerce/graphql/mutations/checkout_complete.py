"""``checkoutComplete``: a cart becomes an order once, with its stock reserved."""

from __future__ import annotations

from typing import Annotated

import strawberry

from app.graphql.context import Info
from app.graphql.directives import public
from modules.commerce import checkout
from modules.commerce.graphql.order_payloads import (
    CheckoutCompleteInput,
    CheckoutCompletePayload,
    checkout_payload,
)

__all__ = ["CheckoutCompleteMutation"]


@strawberry.type(description="checkoutComplete.")
class CheckoutCompleteMutation:
    """checkoutComplete."""

    @strawberry.mutation(
        description=(
            "Place an order from a cart: prices are resolved again and stock is reserved, all "
            "or nothing. Guests may check out while the shop's `guest_checkout` is on."
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

        async def act() -> checkout.PlacedOrder:
            return await checkout.complete_checkout(ctx, input.token, input.idempotency_key)

        return await checkout_payload(ctx, act)
