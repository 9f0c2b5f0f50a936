"""``productUpdate``: a product's own fields and its status."""

from __future__ import annotations

import uuid
from typing import Annotated

import strawberry

from app.graphql.context import Info
from app.graphql.directives import guarded
from app.graphql.global_ids import local_id
from modules.commerce import products
from modules.commerce.graphql.inputs import ProductUpdateInput, product_fields
from modules.commerce.graphql.payloads import ProductPayload, product_payload
from modules.commerce.permissions import MANAGE_PRODUCTS

__all__ = ["ProductUpdateMutation"]


@strawberry.type(description="productUpdate.")
class ProductUpdateMutation:
    """productUpdate."""

    @strawberry.mutation(
        description="Change a product's fields or status (DRAFT → ACTIVE → ARCHIVED → DRAFT).",
        directives=guarded(MANAGE_PRODUCTS),
    )
    async def product_update(
        self,
        info: Info,
        input: Annotated[ProductUpdateInput, strawberry.argument(description="The changes.")],
    ) -> ProductPayload:
        """Update a product."""
        ctx = info.context

        async def act() -> uuid.UUID:
            product_id = local_id(input.id, "Product", "id")
            await products.update_product(ctx, product_id, product_fields(input))
            return product_id

        return await product_payload(ctx, act)
