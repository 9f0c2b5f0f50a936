"""``discountUpdate``: change a discount's fields; the result is checked whole."""

from __future__ import annotations

import uuid
from typing import Annotated

import strawberry

from app.graphql.context import Info
from app.graphql.directives import guarded
from app.graphql.global_ids import local_id
from modules.commerce import discounts
from modules.commerce.graphql.discount_inputs import DiscountUpdateInput, discount_changes
from modules.commerce.graphql.discount_payloads import DiscountPayload, discount_payload
from modules.commerce.permissions import MANAGE_DISCOUNTS

__all__ = ["DiscountUpdateMutation"]


@strawberry.type(description="discountUpdate.")
class DiscountUpdateMutation:
    """discountUpdate."""

    @strawberry.mutation(
        description="Change a discount's fields (absent: unchanged; null clears).",
        directives=guarded(MANAGE_DISCOUNTS),
    )
    async def discount_update(
        self,
        info: Info,
        input: Annotated[DiscountUpdateInput, strawberry.argument(description="The changes.")],
    ) -> DiscountPayload:
        """Update a discount."""
        ctx = info.context

        async def act() -> uuid.UUID:
            discount_id = local_id(input.id, "Discount", "id")
            await discounts.update_discount(ctx, discount_id, discount_changes(input))
            return discount_id

        return await discount_payload(ctx, act)
