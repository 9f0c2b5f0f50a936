"""``shippingZoneDelete``: a zone goes with its regions and rates."""

from __future__ import annotations

from typing import Annotated

import strawberry

from app.graphql.context import Info
from app.graphql.directives import guarded
from app.graphql.global_ids import local_id
from modules.commerce import shipping_zones
from modules.commerce.graphql.payloads import deleted
from modules.commerce.graphql.shipping_payloads import ShippingZoneDeletePayload
from modules.commerce.permissions import MANAGE_SHIPPING

__all__ = ["ShippingZoneDeleteMutation"]


@strawberry.type(description="shippingZoneDelete.")
class ShippingZoneDeleteMutation:
    """shippingZoneDelete."""

    @strawberry.mutation(
        description="Delete a shipping zone with its regions and rates.",
        directives=guarded(MANAGE_SHIPPING),
    )
    async def shipping_zone_delete(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="The `ShippingZone` ID.")],
    ) -> ShippingZoneDeletePayload:
        """Delete a shipping zone."""
        ctx = info.context

        async def act() -> None:
            await shipping_zones.delete_zone(ctx, local_id(id, "ShippingZone", "id"))

        deleted_id, errors = await deleted(act, id)
        return ShippingZoneDeletePayload(deleted_id=deleted_id, errors=errors)
