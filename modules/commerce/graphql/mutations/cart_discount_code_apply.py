"""``cartDiscountCodeApply``: apply a discount code to a cart by its token."""

from __future__ import annotations

import uuid
from typing import Annotated

import strawberry

from app.graphql.context import Info
from app.graphql.directives import public
from modules.commerce import cart_discounts
from modules.commerce.graphql.cart_discount_inputs import CartDiscountCodeInput
from modules.commerce.graphql.cart_payloads import CartPayload, cart_payload

__all__ = ["CartDiscountCodeApplyMutation"]


@strawberry.type(description="cartDiscountCodeApply.")
class CartDiscountCodeApplyMutation:
    """cartDiscountCodeApply."""

    @strawberry.mutation(
        description="Apply a discount code to a cart by its token (checked again at checkout).",
        directives=public(),
    )
    async def cart_discount_code_apply(
        self,
        info: Info,
        input: Annotated[
            CartDiscountCodeInput, strawberry.argument(description="The cart and the code.")
        ],
    ) -> CartPayload:
        """Apply a code."""
        ctx = info.context

        async def act() -> uuid.UUID:
            return await cart_discounts.apply_code(ctx, input.token, input.code)

        return await cart_payload(ctx, act)
