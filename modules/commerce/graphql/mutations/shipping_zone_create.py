"""``shippingZoneCreate``: the countries and regions a set of rates ships to."""

from __future__ import annotations

import uuid
from typing import Annotated

import strawberry

from app.graphql.context import Info
from app.graphql.directives import guarded
from modules.commerce import shipping_zones
from modules.commerce.graphql.shipping_inputs import ShippingZoneCreateInput, zone_fields
from modules.commerce.graphql.shipping_payloads import ShippingZonePayload, shipping_zone_payload
from modules.commerce.permissions import MANAGE_SHIPPING

__all__ = ["ShippingZoneCreateMutation"]


@strawberry.type(description="shippingZoneCreate.")
class ShippingZoneCreateMutation:
    """shippingZoneCreate."""

    @strawberry.mutation(
        description="Create a shipping zone of countries and regions (none in another zone).",
        directives=guarded(MANAGE_SHIPPING),
    )
    async def shipping_zone_create(
        self,
        info: Info,
        input: Annotated[
            ShippingZoneCreateInput, strawberry.argument(description="The shipping zone.")
        ],
    ) -> ShippingZonePayload:
        """Create a shipping zone."""
        ctx = info.context

        async def act() -> uuid.UUID:
            return await shipping_zones.create_zone(ctx, zone_fields(input))

        return await shipping_zone_payload(ctx, act)
