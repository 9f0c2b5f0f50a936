"""``shippingRateUpdate``: rename, reprice, deactivate a rate."""

from __future__ import annotations

import uuid
from typing import Annotated

import strawberry

from app.graphql.context import Info
from app.graphql.directives import guarded
from app.graphql.global_ids import local_id
from modules.commerce import shipping_rates
from modules.commerce.graphql.shipping_inputs import ShippingRateUpdateInput, rate_changes
from modules.commerce.graphql.shipping_payloads import ShippingRatePayload, shipping_rate_payload
from modules.commerce.permissions import MANAGE_SHIPPING

__all__ = ["ShippingRateUpdateMutation"]


@strawberry.type(description="shippingRateUpdate.")
class ShippingRateUpdateMutation:
    """shippingRateUpdate."""

    @strawberry.mutation(
        description="Change a shipping rate; the result is checked whole.",
        directives=guarded(MANAGE_SHIPPING),
    )
    async def shipping_rate_update(
        self,
        info: Info,
        input: Annotated[ShippingRateUpdateInput, strawberry.argument(description="The changes.")],
    ) -> ShippingRatePayload:
        """Update a shipping rate."""
        ctx = info.context

        async def act() -> uuid.UUID:
            shipping_rate_id = local_id(input.id, "ShippingRate", "id")
            await shipping_rates.update_rate(ctx, shipping_rate_id, rate_changes(input))
            return shipping_rate_id

        return await shipping_rate_payload(ctx, act)
