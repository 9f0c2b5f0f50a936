"""``productVariantDelete``: a variant with its prices, never a product's last."""

from __future__ import annotations

from typing import Annotated

import strawberry

from app.graphql.context import Info
from app.graphql.directives import guarded
from app.graphql.global_ids import local_id
from modules.commerce import variants
from modules.commerce.graphql.payloads import ProductVariantDeletePayload, deleted
from modules.commerce.permissions import MANAGE_PRODUCTS

__all__ = ["ProductVariantDeleteMutation"]


@strawberry.type(description="productVariantDelete.")
class ProductVariantDeleteMutation:
    """productVariantDelete."""

    @strawberry.mutation(
        description="Delete a variant (not the product's last one).",
        directives=guarded(MANAGE_PRODUCTS),
    )
    async def product_variant_delete(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="The `ProductVariant` ID.")],
    ) -> ProductVariantDeletePayload:
        """Delete a variant."""

        async def act() -> None:
            await variants.delete_variant(info.context, local_id(id, "ProductVariant", "id"))

        deleted_id, errors = await deleted(act, id)
        return ProductVariantDeletePayload(deleted_id=deleted_id, errors=errors)
