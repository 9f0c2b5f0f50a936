"""Which shipping rates a cart may choose, and at what price: read in the caller's transaction.

An address is in the zone holding its country and region, else the zone holding the whole
country, else in none. A shop without any zone does not ship (carts and checkout then ask for
no address or rate). A zone's rates a cart may choose are those active, in the cart's currency
and able to price its weight (``shipping_rules.rate_price``), cheapest first.
"""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from modules.commerce.address import region_key
from modules.commerce.shipping_models import ShippingRateRow, ShippingZoneRegionRow, ShippingZoneRow
from modules.commerce.shipping_rates import spec_of
from modules.commerce.shipping_rules import rate_price

__all__ = ["available_rates", "has_zones", "zone_for"]


async def has_zones(session: AsyncSession, tenant_id: uuid.UUID) -> bool:
    """Return whether the shop ships at all (has a shipping zone)."""
    found = await session.scalar(
        select(ShippingZoneRow.id).where(ShippingZoneRow.tenant_id == tenant_id).limit(1)
    )
    return found is not None


async def zone_for(
    session: AsyncSession, tenant_id: uuid.UUID, country: str, region: str | None
) -> uuid.UUID | None:
    """Return the zone an address in ``country`` and ``region`` is in, if any."""
    key = region_key(region)
    rows = await session.execute(
        select(ShippingZoneRegionRow.region, ShippingZoneRegionRow.zone_id).where(
            ShippingZoneRegionRow.tenant_id == tenant_id,
            ShippingZoneRegionRow.country == country,
            ShippingZoneRegionRow.region.in_({key, ""}),
        )
    )
    zones = {region: zone_id for region, zone_id in rows.all()}
    return zones.get(key) or zones.get("")


async def available_rates(
    session: AsyncSession,
    tenant_id: uuid.UUID,
    zone_id: uuid.UUID,
    currency: str,
    grams: int,
    subtotal: int,
) -> list[tuple[ShippingRateRow, int]]:
    """Return the zone's rates a cart may choose, each with its price, cheapest first."""
    rows = await session.scalars(
        select(ShippingRateRow)
        .where(
            ShippingRateRow.tenant_id == tenant_id,
            ShippingRateRow.zone_id == zone_id,
            ShippingRateRow.currency == currency,
            ShippingRateRow.is_active.is_(True),
        )
        .order_by(ShippingRateRow.id)
    )
    priced = [(row, rate_price(spec_of(row), grams, subtotal)) for row in rows]
    found = [(row, price) for row, price in priced if price is not None]
    return sorted(found, key=lambda pair: pair[1])
