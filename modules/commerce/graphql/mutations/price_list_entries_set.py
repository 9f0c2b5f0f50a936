"""``priceListEntriesSet``: replace a variant's quantity tiers in a price list."""

from __future__ import annotations

import uuid
from typing import Annotated

import strawberry

from app.graphql.context import Info
from app.graphql.directives import guarded
from app.graphql.global_ids import local_id
from modules.commerce import price_lists
from modules.commerce.graphql.price_list_inputs import PriceListEntriesSetInput, tiers_of
from modules.commerce.graphql.price_list_payloads import PriceListPayload, price_list_payload
from modules.commerce.permissions import MANAGE_PRICES

__all__ = ["PriceListEntriesSetMutation"]


@strawberry.type(description="priceListEntriesSet.")
class PriceListEntriesSetMutation:
    """priceListEntriesSet."""

    @strawberry.mutation(
        description="Replace a variant's tiers in a price list (none: it leaves the list).",
        directives=guarded(MANAGE_PRICES),
    )
    async def price_list_entries_set(
        self,
        info: Info,
        input: Annotated[
            PriceListEntriesSetInput, strawberry.argument(description="The variant's tiers.")
        ],
    ) -> PriceListPayload:
        """Set the tiers."""
        ctx = info.context

        async def act() -> uuid.UUID:
            list_id = local_id(input.id, "PriceList", "id")
            variant_id = local_id(input.variant_id, "ProductVariant", "variantId")
            return await price_lists.set_entries(ctx, list_id, variant_id, tiers_of(input))

        return await price_list_payload(ctx, act)
