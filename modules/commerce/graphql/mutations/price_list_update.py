"""``priceListUpdate``: a price list's name, status, window, priority or groups."""

from __future__ import annotations

import uuid
from typing import Annotated

import strawberry

from app.graphql.context import Info
from app.graphql.directives import guarded
from app.graphql.global_ids import local_id
from modules.commerce import price_lists
from modules.commerce.graphql.price_list_inputs import PriceListUpdateInput, changes_of
from modules.commerce.graphql.price_list_payloads import PriceListPayload, price_list_payload
from modules.commerce.permissions import MANAGE_PRICES

__all__ = ["PriceListUpdateMutation"]


@strawberry.type(description="priceListUpdate.")
class PriceListUpdateMutation:
    """priceListUpdate."""

    @strawberry.mutation(
        description="Change a price list (its currency is fixed).",
        directives=guarded(MANAGE_PRICES),
    )
    async def price_list_update(
        self,
        info: Info,
        input: Annotated[PriceListUpdateInput, strawberry.argument(description="The changes.")],
    ) -> PriceListPayload:
        """Update a list."""
        ctx = info.context

        async def act() -> uuid.UUID:
            list_id = local_id(input.id, "PriceList", "id")
            return await price_lists.update_price_list(ctx, list_id, changes_of(input))

        return await price_list_payload(ctx, act)
