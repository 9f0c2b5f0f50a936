"""Request DataLoaders of tax classes, shipping zones and shipping rates (one query a batch)."""

from __future__ import annotations

import uuid
from collections import defaultdict

from sqlalchemy import select
from strawberry.dataloader import DataLoader

from app.graphql.loaders import request_loader, rows_by_id
from app.runtime import Context
from modules.commerce.shipping_models import ShippingRateRow, ShippingZoneRegionRow, ShippingZoneRow
from modules.commerce.tax_models import TaxClassRow

__all__ = ["rates_by_id", "rates_by_zone", "regions_by_zone", "tax_classes_by_id", "zones_by_id"]


def tax_classes_by_id(ctx: Context) -> DataLoader[uuid.UUID, TaxClassRow | None]:
    """Return the request's loader of tax classes by id."""
    return rows_by_id(ctx, TaxClassRow, "commerce.tax_classes_by_id")


def zones_by_id(ctx: Context) -> DataLoader[uuid.UUID, ShippingZoneRow | None]:
    """Return the request's loader of shipping zones by id."""
    return rows_by_id(ctx, ShippingZoneRow, "commerce.shipping_zones_by_id")


def regions_by_zone(ctx: Context) -> DataLoader[uuid.UUID, list[ShippingZoneRegionRow]]:
    """Return the request's loader of a zone's regions, by country and region."""

    async def load(keys: list[uuid.UUID]) -> list[list[ShippingZoneRegionRow]]:
        tenant_id = ctx.require_tenant().id
        async with ctx.runtime.db.transaction(tenant_id, readonly=True) as session:
            rows = await session.scalars(
                select(ShippingZoneRegionRow)
                .where(
                    ShippingZoneRegionRow.tenant_id == tenant_id,
                    ShippingZoneRegionRow.zone_id.in_(keys),
                )
                .order_by(ShippingZoneRegionRow.country, ShippingZoneRegionRow.region)
            )
            found: dict[uuid.UUID, list[ShippingZoneRegionRow]] = defaultdict(list)
            for row in rows:
                found[row.zone_id].append(row)
        return [found.get(key, []) for key in keys]

    return request_loader(ctx, "commerce.shipping_regions_by_zone", load)


def rates_by_zone(ctx: Context) -> DataLoader[uuid.UUID, list[ShippingRateRow]]:
    """Return the request's loader of a zone's rates, oldest first."""

    async def load(keys: list[uuid.UUID]) -> list[list[ShippingRateRow]]:
        tenant_id = ctx.require_tenant().id
        async with ctx.runtime.db.transaction(tenant_id, readonly=True) as session:
            rows = await session.scalars(
                select(ShippingRateRow)
                .where(ShippingRateRow.tenant_id == tenant_id, ShippingRateRow.zone_id.in_(keys))
                .order_by(ShippingRateRow.id)
            )
            found: dict[uuid.UUID, list[ShippingRateRow]] = defaultdict(list)
            for row in rows:
                found[row.zone_id].append(row)
        return [found.get(key, []) for key in keys]

    return request_loader(ctx, "commerce.shipping_rates_by_zone", load)


def rates_by_id(ctx: Context) -> DataLoader[uuid.UUID, ShippingRateRow | None]:
    """Return the request's loader of shipping rates by id."""
    return rows_by_id(ctx, ShippingRateRow, "commerce.shipping_rates_by_id")
