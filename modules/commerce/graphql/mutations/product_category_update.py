"""``productCategoryUpdate``: rename, reorder or move a category with its subtree."""

from __future__ import annotations

import uuid
from typing import Annotated

import strawberry

from app.graphql.context import Info
from app.graphql.directives import guarded
from app.graphql.global_ids import local_id
from modules.commerce import categories
from modules.commerce.graphql.inputs import ProductCategoryUpdateInput, category_fields
from modules.commerce.graphql.payloads import ProductCategoryPayload, category_payload
from modules.commerce.permissions import MANAGE_PRODUCTS

__all__ = ["ProductCategoryUpdateMutation"]


@strawberry.type(description="productCategoryUpdate.")
class ProductCategoryUpdateMutation:
    """productCategoryUpdate."""

    @strawberry.mutation(
        description="Rename, reorder or move a category; its subtree moves with it.",
        directives=guarded(MANAGE_PRODUCTS),
    )
    async def product_category_update(
        self,
        info: Info,
        input: Annotated[
            ProductCategoryUpdateInput, strawberry.argument(description="The changes.")
        ],
    ) -> ProductCategoryPayload:
        """Update a category."""
        ctx = info.context

        async def act() -> uuid.UUID:
            category_id = local_id(input.id, "ProductCategory", "id")
            await categories.update_category(ctx, category_id, category_fields(input))
            return category_id

        return await category_payload(ctx, act)
