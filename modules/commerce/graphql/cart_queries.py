"""The storefront's cart read: ``cart(token:)``."""

from __future__ import annotations

from typing import Annotated

import strawberry

from app.graphql.context import Info
from app.graphql.directives import public
from modules.commerce import carts
from modules.commerce.graphql.cart_types import Cart

__all__ = ["CartQuery"]


@strawberry.type(description="Commerce's cart reads.")
class CartQuery:
    """Cart reads."""

    @strawberry.field(
        description=(
            "The cart a token opens; null for an unknown token, or for a customer's cart read "
            "by anyone but that customer."
        ),
        directives=public(),
    )
    async def cart(
        self,
        info: Info,
        token: Annotated[str, strawberry.argument(description="The token from `cartCreate`.")],
    ) -> Cart | None:
        """Find the cart."""
        row = await carts.find_cart(info.context, token)
        return Cart.from_row(row) if row else None
