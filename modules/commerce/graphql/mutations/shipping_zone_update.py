"""``shippingZoneUpdate``: rename a zone, replace its regions."""

from __future__ import annotations

import uuid
from typing import Annotated

import strawberry

from app.graphql.context import Info
from app.graphql.directives import guarded
from app.graphql.global_ids import local_id
from modules.commerce import shipping_zones
from modules.commerce.graphql.shipping_inputs import ShippingZoneUpdateInput, zone_fields
from modules.commerce.graphql.shipping_payloads import ShippingZonePayload, shipping_zone_payload
from modules.commerce.permissions import MANAGE_SHIPPING

__all__ = ["ShippingZoneUpdateMutation"]


@strawberry.type(description="shippingZoneUpdate.")
class ShippingZoneUpdateMutation:
    """shippingZoneUpdate."""

    @strawberry.mutation(
        description="Rename a shipping zone or replace its regions.",
        directives=guarded(MANAGE_SHIPPING),
    )
    async def shipping_zone_update(
        self,
        info: Info,
        input: Annotated[ShippingZoneUpdateInput, strawberry.argument(description="The changes.")],
    ) -> ShippingZonePayload:
        """Update a shipping zone."""
        ctx = info.context

        async def act() -> uuid.UUID:
            shipping_zone_id = local_id(input.id, "ShippingZone", "id")
            await shipping_zones.update_zone(ctx, shipping_zone_id, zone_fields(input))
            return shipping_zone_id

        return await shipping_zone_payload(ctx, act)
