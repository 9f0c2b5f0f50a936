"""``priceListDelete``: a list goes with its groups and tiers; base prices stay."""

from __future__ import annotations

from typing import Annotated

import strawberry

from app.graphql.context import Info
from app.graphql.directives import guarded
from app.graphql.global_ids import local_id
from modules.commerce import price_lists
from modules.commerce.graphql.payloads import deleted
from modules.commerce.graphql.price_list_payloads import PriceListDeletePayload
from modules.commerce.permissions import MANAGE_PRICES

__all__ = ["PriceListDeleteMutation"]


@strawberry.type(description="priceListDelete.")
class PriceListDeleteMutation:
    """priceListDelete."""

    @strawberry.mutation(
        description="Delete a price list with its tiers; buyers pay base prices or other lists'.",
        directives=guarded(MANAGE_PRICES),
    )
    async def price_list_delete(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="The `PriceList` ID.")],
    ) -> PriceListDeletePayload:
        """Delete a list."""
        ctx = info.context

        async def act() -> None:
            await price_lists.delete_price_list(ctx, local_id(id, "PriceList", "id"))

        deleted_id, errors = await deleted(act, id)
        return PriceListDeletePayload(deleted_id=deleted_id, errors=errors)
