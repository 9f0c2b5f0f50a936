"""``node(id:)`` for ``TaxClass``, ``TaxRate``, ``ShippingZone`` and ``ShippingRate``.

Each is given to the staff who manage it (``commerce.manage_taxes``, ``commerce.manage_shipping``),
as their lists are, and is null for anyone else, as for an unknown id. A cart's shoppers see
the rates they may pick through ``Cart.availableShippingRates``, not through ``node``.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import select

from app.registry import NodeSource, Permission
from app.runtime import Context
from modules.commerce.graphql import shipping_loaders
from modules.commerce.graphql.shipping_types import ShippingRate, ShippingZone
from modules.commerce.graphql.tax_types import TaxClass, TaxRate
from modules.commerce.permissions import MANAGE_SHIPPING, MANAGE_TAXES
from modules.commerce.tax_models import TaxRateRow

__all__ = ["TAX_SHIPPING_NODES"]


def _may(ctx: Context, permission: Permission) -> bool:
    return ctx.principal.has_permission(permission, ctx.require_tenant().id)


async def _tax_classes(ctx: Context, ids: list[uuid.UUID]) -> Sequence[TaxClass | None]:
    if not _may(ctx, MANAGE_TAXES):
        return [None] * len(ids)
    rows = await shipping_loaders.tax_classes_by_id(ctx).load_many(ids)
    return [None if row is None else TaxClass.from_row(row) for row in rows]


async def _tax_rates(ctx: Context, ids: list[uuid.UUID]) -> Sequence[TaxRate | None]:
    if not _may(ctx, MANAGE_TAXES):
        return [None] * len(ids)
    tenant_id = ctx.require_tenant().id
    async with ctx.runtime.db.transaction(tenant_id, readonly=True) as session:
        found = {
            row.id: row
            for row in await session.scalars(
                select(TaxRateRow).where(TaxRateRow.tenant_id == tenant_id, TaxRateRow.id.in_(ids))
            )
        }
    return [TaxRate.from_row(found[key]) if key in found else None for key in ids]


async def _zones(ctx: Context, ids: list[uuid.UUID]) -> Sequence[ShippingZone | None]:
    if not _may(ctx, MANAGE_SHIPPING):
        return [None] * len(ids)
    rows = await shipping_loaders.zones_by_id(ctx).load_many(ids)
    return [None if row is None else ShippingZone.from_row(row) for row in rows]


async def _rates(ctx: Context, ids: list[uuid.UUID]) -> Sequence[ShippingRate | None]:
    if not _may(ctx, MANAGE_SHIPPING):
        return [None] * len(ids)
    rows = await shipping_loaders.rates_by_id(ctx).load_many(ids)
    return [None if row is None else ShippingRate.from_row(row) for row in rows]


TAX_SHIPPING_NODES = (
    NodeSource(type_name="TaxClass", load=_tax_classes),
    NodeSource(type_name="TaxRate", load=_tax_rates),
    NodeSource(type_name="ShippingZone", load=_zones),
    NodeSource(type_name="ShippingRate", load=_rates),
)
