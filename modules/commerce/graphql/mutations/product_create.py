"""``productCreate``: a product with its options, variants and prices, all or nothing."""

from __future__ import annotations

import uuid
from typing import Annotated

import strawberry

from app.graphql.context import Info
from app.graphql.directives import guarded
from modules.commerce import products
from modules.commerce.graphql.inputs import ProductCreateInput, product_fields
from modules.commerce.graphql.payloads import ProductPayload, product_payload
from modules.commerce.permissions import MANAGE_PRODUCTS

__all__ = ["ProductCreateMutation"]


@strawberry.type(description="productCreate.")
class ProductCreateMutation:
    """productCreate."""

    @strawberry.mutation(
        description="Create a product with its variants and prices; all of it, or nothing.",
        directives=guarded(MANAGE_PRODUCTS),
    )
    async def product_create(
        self,
        info: Info,
        input: Annotated[ProductCreateInput, strawberry.argument(description="The product.")],
    ) -> ProductPayload:
        """Create a product."""
        ctx = info.context

        async def act() -> uuid.UUID:
            return await products.create_product(ctx, product_fields(input))

        return await product_payload(ctx, act)
