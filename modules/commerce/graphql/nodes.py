"""``node(id:)`` sources of the catalog's types, each as visible as through its own queries.

- ``Product``: active ones to everyone; every status to holders of ``commerce.view_products``.
- ``ProductVariant``: a variant of a product the principal may see as above.
- ``ProductCategory``: public, as ``productCategories`` is.
- ``Warehouse`` and ``StockMovement``: to holders of ``commerce.view_inventory``, as
  ``warehouses`` and ``stockMovements``.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import select

from app.registry import NodeSource
from app.runtime import Context
from modules.commerce.graphql.movements import StockMovement
from modules.commerce.graphql.types import Product, ProductCategory, ProductVariant
from modules.commerce.graphql.warehouse_types import Warehouse
from modules.commerce.models import (
    CategoryRow,
    ProductRow,
    StockMovementRow,
    VariantRow,
    WarehouseRow,
)
from modules.commerce.permissions import VIEW_INVENTORY, VIEW_PRODUCTS
from modules.commerce.product_rules import ProductStatus

__all__ = ["CATALOG_NODES"]


async def _visible_products(ctx: Context, ids: set[uuid.UUID]) -> dict[uuid.UUID, ProductRow]:
    tenant_id = ctx.require_tenant().id
    statement = select(ProductRow).where(ProductRow.tenant_id == tenant_id, ProductRow.id.in_(ids))
    if not ctx.principal.has_permission(VIEW_PRODUCTS, tenant_id):
        statement = statement.where(ProductRow.status == ProductStatus.ACTIVE.value)
    async with ctx.runtime.db.transaction(tenant_id, readonly=True) as session:
        return {row.id: row for row in await session.scalars(statement)}


async def _products(ctx: Context, ids: list[uuid.UUID]) -> Sequence[Product | None]:
    found = await _visible_products(ctx, set(ids))
    return [Product.from_row(found[key]) if key in found else None for key in ids]


async def _variants(ctx: Context, ids: list[uuid.UUID]) -> Sequence[ProductVariant | None]:
    tenant_id = ctx.require_tenant().id
    async with ctx.runtime.db.transaction(tenant_id, readonly=True) as session:
        rows = list(
            await session.scalars(
                select(VariantRow).where(VariantRow.tenant_id == tenant_id, VariantRow.id.in_(ids))
            )
        )
    products = await _visible_products(ctx, {row.product_id for row in rows})
    found = {row.id: ProductVariant.from_row(row) for row in rows if row.product_id in products}
    return [found.get(key) for key in ids]


async def _categories(ctx: Context, ids: list[uuid.UUID]) -> Sequence[ProductCategory | None]:
    tenant_id = ctx.require_tenant().id
    async with ctx.runtime.db.transaction(tenant_id, readonly=True) as session:
        rows = await session.scalars(
            select(CategoryRow).where(CategoryRow.tenant_id == tenant_id, CategoryRow.id.in_(ids))
        )
        found = {row.id: ProductCategory.from_row(row) for row in rows}
    return [found.get(key) for key in ids]


async def _warehouses(ctx: Context, ids: list[uuid.UUID]) -> Sequence[Warehouse | None]:
    tenant_id = ctx.require_tenant().id
    if not ctx.principal.has_permission(VIEW_INVENTORY, tenant_id):
        return [None] * len(ids)
    async with ctx.runtime.db.transaction(tenant_id, readonly=True) as session:
        rows = await session.scalars(
            select(WarehouseRow).where(
                WarehouseRow.tenant_id == tenant_id, WarehouseRow.id.in_(ids)
            )
        )
        found = {row.id: Warehouse.from_row(row) for row in rows}
    return [found.get(key) for key in ids]


async def _movements(ctx: Context, ids: list[uuid.UUID]) -> Sequence[StockMovement | None]:
    tenant_id = ctx.require_tenant().id
    if not ctx.principal.has_permission(VIEW_INVENTORY, tenant_id):
        return [None] * len(ids)
    async with ctx.runtime.db.transaction(tenant_id, readonly=True) as session:
        rows = await session.scalars(
            select(StockMovementRow).where(
                StockMovementRow.tenant_id == tenant_id, StockMovementRow.id.in_(ids)
            )
        )
        found = {row.id: StockMovement.from_row(row) for row in rows}
    return [found.get(key) for key in ids]


CATALOG_NODES = (
    NodeSource(type_name="Product", load=_products),
    NodeSource(type_name="ProductVariant", load=_variants),
    NodeSource(type_name="ProductCategory", load=_categories),
    NodeSource(type_name="Warehouse", load=_warehouses),
    NodeSource(type_name="StockMovement", load=_movements),
)
