"""``shippingRateDelete``: a rate carts can no longer choose."""

from __future__ import annotations

from typing import Annotated

import strawberry

from app.graphql.context import Info
from app.graphql.directives import guarded
from app.graphql.global_ids import local_id
from modules.commerce import shipping_rates
from modules.commerce.graphql.payloads import deleted
from modules.commerce.graphql.shipping_payloads import ShippingRateDeletePayload
from modules.commerce.permissions import MANAGE_SHIPPING

__all__ = ["ShippingRateDeleteMutation"]


@strawberry.type(description="shippingRateDelete.")
class ShippingRateDeleteMutation:
    """shippingRateDelete."""

    @strawberry.mutation(description="Delete a shipping rate.", directives=guarded(MANAGE_SHIPPING))
    async def shipping_rate_delete(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="The `ShippingRate` ID.")],
    ) -> ShippingRateDeletePayload:
        """Delete a shipping rate."""
        ctx = info.context

        async def act() -> None:
            await shipping_rates.delete_rate(ctx, local_id(id, "ShippingRate", "id"))

        deleted_id, errors = await deleted(act, id)
        return ShippingRateDeletePayload(deleted_id=deleted_id, errors=errors)
