"""``productVariantUpdate``: a variant's fields, not its prices."""

from __future__ import annotations

import uuid
from typing import Annotated

import strawberry

from app.graphql.context import Info
from app.graphql.directives import guarded
from app.graphql.global_ids import local_id
from modules.commerce import variants
from modules.commerce.graphql.inputs import ProductVariantUpdateInput, variant_fields
from modules.commerce.graphql.payloads import ProductVariantPayload, variant_payload
from modules.commerce.permissions import MANAGE_PRODUCTS

__all__ = ["ProductVariantUpdateMutation"]


@strawberry.type(description="productVariantUpdate.")
class ProductVariantUpdateMutation:
    """productVariantUpdate."""

    @strawberry.mutation(
        description="Change a variant's fields (its prices: productVariantPricesSet).",
        directives=guarded(MANAGE_PRODUCTS),
    )
    async def product_variant_update(
        self,
        info: Info,
        input: Annotated[
            ProductVariantUpdateInput, strawberry.argument(description="The changes.")
        ],
    ) -> ProductVariantPayload:
        """Update a variant."""
        ctx = info.context

        async def act() -> uuid.UUID:
            variant_id = local_id(input.id, "ProductVariant", "id")
            await variants.update_variant(ctx, variant_id, variant_fields(input))
            return variant_id

        return await variant_payload(ctx, act)
