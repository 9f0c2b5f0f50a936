"""``shippingRateCreate``: a flat or weight-based price to ship to a zone."""

from __future__ import annotations

import uuid
from typing import Annotated

import strawberry

from app.graphql.context import Info
from app.graphql.directives import guarded
from modules.commerce import shipping_rates
from modules.commerce.graphql.shipping_inputs import ShippingRateCreateInput, rate_create_of
from modules.commerce.graphql.shipping_payloads import ShippingRatePayload, shipping_rate_payload
from modules.commerce.permissions import MANAGE_SHIPPING

__all__ = ["ShippingRateCreateMutation"]


@strawberry.type(description="shippingRateCreate.")
class ShippingRateCreateMutation:
    """shippingRateCreate."""

    @strawberry.mutation(
        description="Create a zone's flat or weight-based rate in one of the shop's currencies.",
        directives=guarded(MANAGE_SHIPPING),
    )
    async def shipping_rate_create(
        self,
        info: Info,
        input: Annotated[
            ShippingRateCreateInput, strawberry.argument(description="The shipping rate.")
        ],
    ) -> ShippingRatePayload:
        """Create a shipping rate."""
        ctx = info.context

        async def act() -> uuid.UUID:
            return await shipping_rates.create_rate(ctx, *rate_create_of(input))

        return await shipping_rate_payload(ctx, act)
