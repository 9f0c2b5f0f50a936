"""``productCategoryDelete``: a category without children; its products are unfiled."""

from __future__ import annotations

from typing import Annotated

import strawberry

from app.graphql.context import Info
from app.graphql.directives import guarded
from app.graphql.global_ids import local_id
from modules.commerce import categories
from modules.commerce.graphql.payloads import ProductCategoryDeletePayload, deleted
from modules.commerce.permissions import MANAGE_PRODUCTS

__all__ = ["ProductCategoryDeleteMutation"]


@strawberry.type(description="productCategoryDelete.")
class ProductCategoryDeleteMutation:
    """productCategoryDelete."""

    @strawberry.mutation(
        description="Delete a category without children; its products are unfiled.",
        directives=guarded(MANAGE_PRODUCTS),
    )
    async def product_category_delete(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="The `ProductCategory` ID.")],
    ) -> ProductCategoryDeletePayload:
        """Delete a category."""

        async def act() -> None:
            await categories.delete_category(info.context, local_id(id, "ProductCategory", "id"))

        deleted_id, errors = await deleted(act, id)
        return ProductCategoryDeletePayload(deleted_id=deleted_id, errors=errors)
