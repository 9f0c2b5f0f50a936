"""``productVariantCreate``: a new variant, with its prices, of an existing product."""

from __future__ import annotations

import uuid
from typing import Annotated

import strawberry

from app.graphql.context import Info
from app.graphql.directives import guarded
from app.graphql.global_ids import local_id
from modules.commerce import variants
from modules.commerce.graphql.inputs import ProductVariantCreateInput, variant_fields
from modules.commerce.graphql.payloads import ProductVariantPayload, variant_payload
from modules.commerce.permissions import MANAGE_PRODUCTS

__all__ = ["ProductVariantCreateMutation"]


@strawberry.type(description="productVariantCreate.")
class ProductVariantCreateMutation:
    """productVariantCreate."""

    @strawberry.mutation(
        description="Add a variant with its prices to a product.",
        directives=guarded(MANAGE_PRODUCTS),
    )
    async def product_variant_create(
        self,
        info: Info,
        input: Annotated[
            ProductVariantCreateInput, strawberry.argument(description="The variant.")
        ],
    ) -> ProductVariantPayload:
        """Create a variant."""
        ctx = info.context

        async def act() -> uuid.UUID:
            product_id = local_id(input.product_id, "Product", "productId")
            return await variants.create_variant(ctx, product_id, variant_fields(input))

        return await variant_payload(ctx, act)
