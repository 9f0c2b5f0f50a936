"""``cartCreate``: a new cart, and the token that opens it, shown this once."""

from __future__ import annotations

from typing import Annotated

import strawberry

from app.graphql.context import Info
from app.graphql.directives import public
from modules.commerce import carts
from modules.commerce.graphql.cart_inputs import CartCreateInput, lines_of
from modules.commerce.graphql.cart_payloads import CartCreatePayload, cart_created_payload

__all__ = ["CartCreateMutation"]


@strawberry.type(description="cartCreate.")
class CartCreateMutation:
    """cartCreate."""

    @strawberry.mutation(
        description=(
            "Create a cart (a signed-in customer's is theirs at once); the token in the payload "
            "is the cart's only key."
        ),
        directives=public(),
    )
    async def cart_create(
        self,
        info: Info,
        input: Annotated[CartCreateInput, strawberry.argument(description="The cart.")],
    ) -> CartCreatePayload:
        """Create a cart."""
        ctx = info.context

        async def act() -> carts.CreatedCart:
            return await carts.create_cart(ctx, input.currency, lines_of(input.lines), input.email)

        return await cart_created_payload(ctx, act)
