"""``priceListCreate``: a price list for customer groups (or everyone), in one currency."""

from __future__ import annotations

import uuid
from typing import Annotated

import strawberry

from app.graphql.context import Info
from app.graphql.directives import guarded
from modules.commerce import price_lists
from modules.commerce.graphql.price_list_inputs import PriceListCreateInput, spec_of
from modules.commerce.graphql.price_list_payloads import PriceListPayload, price_list_payload
from modules.commerce.permissions import MANAGE_PRICES

__all__ = ["PriceListCreateMutation"]


@strawberry.type(description="priceListCreate.")
class PriceListCreateMutation:
    """priceListCreate."""

    @strawberry.mutation(
        description="Create a price list (its tiers come with `priceListEntriesSet`).",
        directives=guarded(MANAGE_PRICES),
    )
    async def price_list_create(
        self,
        info: Info,
        input: Annotated[PriceListCreateInput, strawberry.argument(description="The list.")],
    ) -> PriceListPayload:
        """Create a list."""
        ctx = info.context

        async def act() -> uuid.UUID:
            return await price_lists.create_price_list(ctx, spec_of(input))

        return await price_list_payload(ctx, act)
