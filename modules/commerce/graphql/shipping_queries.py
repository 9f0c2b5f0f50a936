"""Shipping reads: the zones with their regions and rates (admin), the countries shipped to."""

from __future__ import annotations

import strawberry
from sqlalchemy import select

from app.graphql.context import Info
from app.graphql.directives import guarded, public
from modules.commerce.graphql.shipping_types import ShippingZone
from modules.commerce.permissions import MANAGE_SHIPPING
from modules.commerce.shipping_models import ShippingZoneRegionRow, ShippingZoneRow

__all__ = ["ShippingQuery"]


@strawberry.type(description="Shipping reads.")
class ShippingQuery:
    """Shipping queries."""

    @strawberry.field(
        description="Every shipping zone, by name, with its regions and rates.",
        directives=guarded(MANAGE_SHIPPING),
    )
    async def shipping_zones(self, info: Info) -> list[ShippingZone]:
        """List the zones (regions and rates load in one statement each)."""
        ctx = info.context
        tenant_id = ctx.require_tenant().id
        async with ctx.runtime.db.transaction(tenant_id, readonly=True) as session:
            rows = await session.scalars(
                select(ShippingZoneRow)
                .where(ShippingZoneRow.tenant_id == tenant_id)
                .order_by(ShippingZoneRow.name, ShippingZoneRow.id)
            )
            return [ShippingZone.from_row(row) for row in rows]

    @strawberry.field(
        description="The countries the shop ships to (in a zone), as ISO 3166-1 alpha-2 codes.",
        directives=public(),
    )
    async def shipping_countries(self, info: Info) -> list[str]:
        """List the countries of every zone, sorted."""
        ctx = info.context
        tenant_id = ctx.require_tenant().id
        async with ctx.runtime.db.transaction(tenant_id, readonly=True) as session:
            rows = await session.scalars(
                select(ShippingZoneRegionRow.country)
                .where(ShippingZoneRegionRow.tenant_id == tenant_id)
                .distinct()
                .order_by(ShippingZoneRegionRow.country)
            )
            return list(rows)
