"""``discountCreate``: a code customers enter, or an automatic discount."""

from __future__ import annotations

import uuid
from typing import Annotated

import strawberry

from app.graphql.context import Info
from app.graphql.directives import guarded
from modules.commerce import discounts
from modules.commerce.graphql.discount_inputs import DiscountCreateInput, discount_spec
from modules.commerce.graphql.discount_payloads import DiscountPayload, discount_payload
from modules.commerce.permissions import MANAGE_DISCOUNTS

__all__ = ["DiscountCreateMutation"]


@strawberry.type(description="discountCreate.")
class DiscountCreateMutation:
    """discountCreate."""

    @strawberry.mutation(
        description="Create a discount: a code or automatic, percentage or fixed.",
        directives=guarded(MANAGE_DISCOUNTS),
    )
    async def discount_create(
        self,
        info: Info,
        input: Annotated[DiscountCreateInput, strawberry.argument(description="The discount.")],
    ) -> DiscountPayload:
        """Create a discount."""
        ctx = info.context

        async def act() -> uuid.UUID:
            return await discounts.create_discount(ctx, discount_spec(input))

        return await discount_payload(ctx, act)
