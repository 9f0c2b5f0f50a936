"""``productCategoryCreate``: a category in the tree."""

from __future__ import annotations

import uuid
from typing import Annotated

import strawberry

from app.graphql.context import Info
from app.graphql.directives import guarded
from modules.commerce import categories
from modules.commerce.graphql.inputs import ProductCategoryCreateInput, category_fields
from modules.commerce.graphql.payloads import ProductCategoryPayload, category_payload
from modules.commerce.permissions import MANAGE_PRODUCTS

__all__ = ["ProductCategoryCreateMutation"]


@strawberry.type(description="productCategoryCreate.")
class ProductCategoryCreateMutation:
    """productCategoryCreate."""

    @strawberry.mutation(
        description="Create a category, at the top or under a parent.",
        directives=guarded(MANAGE_PRODUCTS),
    )
    async def product_category_create(
        self,
        info: Info,
        input: Annotated[
            ProductCategoryCreateInput, strawberry.argument(description="The category.")
        ],
    ) -> ProductCategoryPayload:
        """Create a category."""
        ctx = info.context

        async def act() -> uuid.UUID:
            return await categories.create_category(ctx, category_fields(input))

        return await category_payload(ctx, act)
