"""``cartLinesRemove``: take lines out of a cart."""

from __future__ import annotations

import uuid
from typing import Annotated

import strawberry

from app.graphql.context import Info
from app.graphql.directives import public
from modules.commerce import carts
from modules.commerce.graphql.cart_inputs import CartLinesRemoveInput, line_ids_of
from modules.commerce.graphql.cart_payloads import CartPayload, cart_payload

__all__ = ["CartLinesRemoveMutation"]


@strawberry.type(description="cartLinesRemove.")
class CartLinesRemoveMutation:
    """cartLinesRemove."""

    @strawberry.mutation(
        description="Remove lines from a cart by its token; what is left is repriced.",
        directives=public(),
    )
    async def cart_lines_remove(
        self,
        info: Info,
        input: Annotated[CartLinesRemoveInput, strawberry.argument(description="The lines.")],
    ) -> CartPayload:
        """Remove lines."""
        ctx = info.context

        async def act() -> uuid.UUID:
            return await carts.remove_lines(ctx, input.token, line_ids_of(input.line_ids))

        return await cart_payload(ctx, act)
