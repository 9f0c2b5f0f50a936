"""``cartLinesUpdate``: new quantities for a cart's lines (0 removes a line)."""

from __future__ import annotations

import uuid
from typing import Annotated

import strawberry

from app.graphql.context import Info
from app.graphql.directives import public
from modules.commerce import carts
from modules.commerce.graphql.cart_inputs import CartLinesUpdateInput, changes_of
from modules.commerce.graphql.cart_payloads import CartPayload, cart_payload

__all__ = ["CartLinesUpdateMutation"]


@strawberry.type(description="cartLinesUpdate.")
class CartLinesUpdateMutation:
    """cartLinesUpdate."""

    @strawberry.mutation(
        description="Set the quantities of a cart's lines (0 removes one); the cart is repriced.",
        directives=public(),
    )
    async def cart_lines_update(
        self,
        info: Info,
        input: Annotated[CartLinesUpdateInput, strawberry.argument(description="The changes.")],
    ) -> CartPayload:
        """Change quantities."""
        ctx = info.context

        async def act() -> uuid.UUID:
            return await carts.update_lines(ctx, input.token, changes_of(input.lines))

        return await cart_payload(ctx, act)
