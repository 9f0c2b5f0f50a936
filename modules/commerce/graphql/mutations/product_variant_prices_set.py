"""``productVariantPricesSet``: replace a variant's base prices."""

from __future__ import annotations

import uuid
from typing import Annotated

import strawberry

from app.graphql.context import Info
from app.graphql.directives import guarded
from app.graphql.global_ids import local_id
from modules.commerce import variants
from modules.commerce.graphql.inputs import ProductVariantPricesSetInput, prices_of
from modules.commerce.graphql.payloads import ProductVariantPayload, variant_payload
from modules.commerce.permissions import MANAGE_PRODUCTS

__all__ = ["ProductVariantPricesSetMutation"]


@strawberry.type(description="productVariantPricesSet.")
class ProductVariantPricesSetMutation:
    """productVariantPricesSet."""

    @strawberry.mutation(
        description="Replace a variant's base prices (one must be in the default currency).",
        directives=guarded(MANAGE_PRODUCTS),
    )
    async def product_variant_prices_set(
        self,
        info: Info,
        input: Annotated[
            ProductVariantPricesSetInput, strawberry.argument(description="The prices.")
        ],
    ) -> ProductVariantPayload:
        """Set the prices."""
        ctx = info.context

        async def act() -> uuid.UUID:
            variant_id = local_id(input.variant_id, "ProductVariant", "variantId")
            prices, was = prices_of(input.prices), prices_of(input.compare_at_prices)
            await variants.set_variant_prices(ctx, variant_id, prices, was)
            return variant_id

        return await variant_payload(ctx, act)
