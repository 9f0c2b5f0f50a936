"""``cartLinesAdd``: more of some variants in a cart, merged with its lines by variant."""

from __future__ import annotations

import uuid
from typing import Annotated

import strawberry

from app.graphql.context import Info
from app.graphql.directives import public
from modules.commerce import carts
from modules.commerce.graphql.cart_inputs import CartLinesAddInput, lines_of
from modules.commerce.graphql.cart_payloads import CartPayload, cart_payload

__all__ = ["CartLinesAddMutation"]


@strawberry.type(description="cartLinesAdd.")
class CartLinesAddMutation:
    """cartLinesAdd."""

    @strawberry.mutation(
        description="Add lines to a cart by its token; the cart is repriced by the server.",
        directives=public(),
    )
    async def cart_lines_add(
        self,
        info: Info,
        input: Annotated[CartLinesAddInput, strawberry.argument(description="The lines.")],
    ) -> CartPayload:
        """Add lines."""
        ctx = info.context

        async def act() -> uuid.UUID:
            return await carts.add_lines(ctx, input.token, lines_of(input.lines))

        return await cart_payload(ctx, act)
