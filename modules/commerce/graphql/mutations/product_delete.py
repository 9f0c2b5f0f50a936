"""``productDelete``: a product with its variants and prices."""

from __future__ import annotations

from typing import Annotated

import strawberry

from app.graphql.context import Info
from app.graphql.directives import guarded
from app.graphql.global_ids import local_id
from modules.commerce import products
from modules.commerce.graphql.payloads import ProductDeletePayload, deleted
from modules.commerce.permissions import MANAGE_PRODUCTS

__all__ = ["ProductDeleteMutation"]


@strawberry.type(description="productDelete.")
class ProductDeleteMutation:
    """productDelete."""

    @strawberry.mutation(
        description="Delete a product with its variants and prices.",
        directives=guarded(MANAGE_PRODUCTS),
    )
    async def product_delete(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="The `Product` ID.")],
    ) -> ProductDeletePayload:
        """Delete a product."""

        async def act() -> None:
            await products.delete_product(info.context, local_id(id, "Product", "id"))

        deleted_id, errors = await deleted(act, id)
        return ProductDeletePayload(deleted_id=deleted_id, errors=errors)
