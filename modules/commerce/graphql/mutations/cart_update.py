"""``cartUpdate``: a cart's e-mail, shipping and billing addresses, and shipping rate."""

from __future__ import annotations

import uuid
from typing import Annotated

import strawberry

from app.graphql.context import Info
from app.graphql.directives import public
from modules.commerce import cart_update
from modules.commerce.graphql.cart_inputs import CartUpdateInput, details_of
from modules.commerce.graphql.cart_payloads import CartPayload, cart_payload

__all__ = ["CartUpdateMutation"]


@strawberry.type(description="cartUpdate.")
class CartUpdateMutation:
    """cartUpdate."""

    @strawberry.mutation(
        description=(
            "Set a cart's e-mail, addresses or shipping rate by its token; the cart is repriced "
            "with shipping and tax."
        ),
        directives=public(),
    )
    async def cart_update(
        self,
        info: Info,
        input: Annotated[CartUpdateInput, strawberry.argument(description="The changes.")],
    ) -> CartPayload:
        """Update a cart."""
        ctx = info.context

        async def act() -> uuid.UUID:
            return await cart_update.update_cart(ctx, input.token, details_of(input))

        return await cart_payload(ctx, act)
