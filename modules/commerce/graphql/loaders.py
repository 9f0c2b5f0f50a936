"""DataLoaders of commerce: a product's relations cost one statement per batch, not per row.

Each loader opens its own read-only transaction, so sibling resolvers never share a session.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Sequence

from sqlalchemy import select
from strawberry.dataloader import DataLoader

from app.graphql.loaders import request_loader, rows_by_id
from app.runtime import Context
from modules.commerce.models import (
    CategoryRow,
    OptionRow,
    OptionValueRow,
    PriceRow,
    ProductCategoryRow,
    ProductRow,
    StockLevelRow,
    VariantOptionValueRow,
    VariantRow,
    WarehouseRow,
)
from modules.commerce.settings import CommerceSettings, load_settings

__all__ = [
    "categories",
    "categories_of_products",
    "child_categories",
    "options",
    "prices",
    "products",
    "selected_options",
    "settings",
    "stock_levels",
    "variants",
    "variants_by_id",
    "warehouses",
]


def products(ctx: Context) -> DataLoader[uuid.UUID, ProductRow | None]:
    """Return the request's loader of product rows by id (fields a listing row lacks)."""

    async def load(keys: list[uuid.UUID]) -> Sequence[ProductRow | None]:
        tenant_id = ctx.require_tenant().id
        async with ctx.runtime.db.transaction(tenant_id, readonly=True) as session:
            rows = await session.scalars(
                select(ProductRow).where(ProductRow.tenant_id == tenant_id, ProductRow.id.in_(keys))
            )
            found = {row.id: row for row in rows}
        return [found.get(key) for key in keys]

    return request_loader(ctx, "commerce.products", load)


def variants(ctx: Context) -> DataLoader[uuid.UUID, list[VariantRow]]:
    """Return the request's loader of a product's variants, in position order."""

    async def load(keys: list[uuid.UUID]) -> list[list[VariantRow]]:
        tenant_id = ctx.require_tenant().id
        async with ctx.runtime.db.transaction(tenant_id, readonly=True) as session:
            rows = await session.scalars(
                select(VariantRow)
                .where(VariantRow.tenant_id == tenant_id, VariantRow.product_id.in_(keys))
                .order_by(VariantRow.product_id, VariantRow.position)
            )
            found: dict[uuid.UUID, list[VariantRow]] = defaultdict(list)
            for row in rows:
                found[row.product_id].append(row)
        return [found.get(key, []) for key in keys]

    return request_loader(ctx, "commerce.variants", load)


def prices(ctx: Context) -> DataLoader[uuid.UUID, list[PriceRow]]:
    """Return the request's loader of a variant's base prices, by currency."""

    async def load(keys: list[uuid.UUID]) -> list[list[PriceRow]]:
        tenant_id = ctx.require_tenant().id
        async with ctx.runtime.db.transaction(tenant_id, readonly=True) as session:
            rows = await session.scalars(
                select(PriceRow)
                .where(PriceRow.tenant_id == tenant_id, PriceRow.variant_id.in_(keys))
                .order_by(PriceRow.variant_id, PriceRow.currency)
            )
            found: dict[uuid.UUID, list[PriceRow]] = defaultdict(list)
            for row in rows:
                found[row.variant_id].append(row)
        return [found.get(key, []) for key in keys]

    return request_loader(ctx, "commerce.prices", load)


def options(ctx: Context) -> DataLoader[uuid.UUID, list[tuple[str, list[str]]]]:
    """Return the request's loader of a product's options and their values, in order."""

    async def load(keys: list[uuid.UUID]) -> list[list[tuple[str, list[str]]]]:
        tenant_id = ctx.require_tenant().id
        async with ctx.runtime.db.transaction(tenant_id, readonly=True) as session:
            rows = await session.execute(
                select(OptionRow.product_id, OptionRow.name, OptionValueRow.value)
                .join(
                    OptionValueRow,
                    (OptionValueRow.tenant_id == OptionRow.tenant_id)
                    & (OptionValueRow.option_id == OptionRow.id),
                )
                .where(OptionRow.tenant_id == tenant_id, OptionRow.product_id.in_(keys))
                .order_by(OptionRow.product_id, OptionRow.position, OptionValueRow.position)
            )
            found: dict[uuid.UUID, dict[str, list[str]]] = defaultdict(dict)
            for product_id, name, value in rows:
                found[product_id].setdefault(name, []).append(value)
        return [list(found.get(key, {}).items()) for key in keys]

    return request_loader(ctx, "commerce.options", load)


def selected_options(ctx: Context) -> DataLoader[uuid.UUID, list[tuple[str, str]]]:
    """Return the request's loader of a variant's picks (option name, value), in option order."""

    async def load(keys: list[uuid.UUID]) -> list[list[tuple[str, str]]]:
        tenant_id = ctx.require_tenant().id
        async with ctx.runtime.db.transaction(tenant_id, readonly=True) as session:
            rows = await session.execute(
                select(VariantOptionValueRow.variant_id, OptionRow.name, OptionValueRow.value)
                .join(
                    OptionValueRow,
                    (OptionValueRow.tenant_id == VariantOptionValueRow.tenant_id)
                    & (OptionValueRow.id == VariantOptionValueRow.option_value_id),
                )
                .join(
                    OptionRow,
                    (OptionRow.tenant_id == OptionValueRow.tenant_id)
                    & (OptionRow.id == OptionValueRow.option_id),
                )
                .where(
                    VariantOptionValueRow.tenant_id == tenant_id,
                    VariantOptionValueRow.variant_id.in_(keys),
                )
                .order_by(VariantOptionValueRow.variant_id, OptionRow.position)
            )
            found: dict[uuid.UUID, list[tuple[str, str]]] = defaultdict(list)
            for variant_id, name, value in rows:
                found[variant_id].append((name, value))
        return [found.get(key, []) for key in keys]

    return request_loader(ctx, "commerce.selected_options", load)


def categories_of_products(ctx: Context) -> DataLoader[uuid.UUID, list[CategoryRow]]:
    """Return the request's loader of the categories a product is filed in, in its order."""

    async def load(keys: list[uuid.UUID]) -> list[list[CategoryRow]]:
        tenant_id = ctx.require_tenant().id
        async with ctx.runtime.db.transaction(tenant_id, readonly=True) as session:
            rows = await session.execute(
                select(ProductCategoryRow.product_id, CategoryRow)
                .join(
                    CategoryRow,
                    (CategoryRow.tenant_id == ProductCategoryRow.tenant_id)
                    & (CategoryRow.id == ProductCategoryRow.category_id),
                )
                .where(
                    ProductCategoryRow.tenant_id == tenant_id,
                    ProductCategoryRow.product_id.in_(keys),
                )
                .order_by(ProductCategoryRow.product_id, ProductCategoryRow.position)
            )
            found: dict[uuid.UUID, list[CategoryRow]] = defaultdict(list)
            for product_id, category in rows:
                found[product_id].append(category)
        return [found.get(key, []) for key in keys]

    return request_loader(ctx, "commerce.product_categories", load)


def categories(ctx: Context) -> DataLoader[uuid.UUID, CategoryRow | None]:
    """Return the request's loader of categories by id (a category's parent)."""

    async def load(keys: list[uuid.UUID]) -> Sequence[CategoryRow | None]:
        tenant_id = ctx.require_tenant().id
        async with ctx.runtime.db.transaction(tenant_id, readonly=True) as session:
            rows = await session.scalars(
                select(CategoryRow).where(
                    CategoryRow.tenant_id == tenant_id, CategoryRow.id.in_(keys)
                )
            )
            found = {row.id: row for row in rows}
        return [found.get(key) for key in keys]

    return request_loader(ctx, "commerce.categories", load)


def child_categories(ctx: Context) -> DataLoader[uuid.UUID, list[CategoryRow]]:
    """Return the request's loader of a category's children, in position order."""

    async def load(keys: list[uuid.UUID]) -> list[list[CategoryRow]]:
        tenant_id = ctx.require_tenant().id
        async with ctx.runtime.db.transaction(tenant_id, readonly=True) as session:
            rows = await session.scalars(
                select(CategoryRow)
                .where(CategoryRow.tenant_id == tenant_id, CategoryRow.parent_id.in_(keys))
                .order_by(CategoryRow.position, CategoryRow.id)
            )
            found: dict[uuid.UUID, list[CategoryRow]] = defaultdict(list)
            for row in rows:
                if row.parent_id is not None:
                    found[row.parent_id].append(row)
        return [found.get(key, []) for key in keys]

    return request_loader(ctx, "commerce.child_categories", load)


def settings(ctx: Context) -> DataLoader[uuid.UUID, CommerceSettings]:
    """Return the request's loader of the tenant's commerce settings (by tenant id)."""

    async def load(keys: list[uuid.UUID]) -> list[CommerceSettings]:
        found = []
        for key in keys:
            async with ctx.runtime.db.transaction(key, readonly=True) as session:
                found.append(await load_settings(session, key))
        return found

    return request_loader(ctx, "commerce.settings", load)


def variants_by_id(ctx: Context) -> DataLoader[uuid.UUID, VariantRow | None]:
    """Return the request's loader of variant rows by id (a stock movement's variant)."""
    return rows_by_id(ctx, VariantRow, "commerce.variants_by_id")


def warehouses(ctx: Context) -> DataLoader[uuid.UUID, WarehouseRow | None]:
    """Return the request's loader of warehouses by id (a stock movement's warehouse)."""
    return rows_by_id(ctx, WarehouseRow, "commerce.warehouses")


def stock_levels(ctx: Context) -> DataLoader[uuid.UUID, list[tuple[StockLevelRow, WarehouseRow]]]:
    """Return the request's loader of a variant's stock levels with their warehouses.

    In allocation order (the warehouses' positions); ``isInStock`` and ``stock`` share it.
    """

    async def load(keys: list[uuid.UUID]) -> list[list[tuple[StockLevelRow, WarehouseRow]]]:
        tenant_id = ctx.require_tenant().id
        async with ctx.runtime.db.transaction(tenant_id, readonly=True) as session:
            rows = await session.execute(
                select(StockLevelRow, WarehouseRow)
                .join(
                    WarehouseRow,
                    (WarehouseRow.tenant_id == StockLevelRow.tenant_id)
                    & (WarehouseRow.id == StockLevelRow.warehouse_id),
                )
                .where(StockLevelRow.tenant_id == tenant_id, StockLevelRow.variant_id.in_(keys))
                .order_by(StockLevelRow.variant_id, WarehouseRow.position, WarehouseRow.code)
            )
            found: dict[uuid.UUID, list[tuple[StockLevelRow, WarehouseRow]]] = defaultdict(list)
            for level, warehouse in rows:
                found[level.variant_id].append((level, warehouse))
        return [found.get(key, []) for key in keys]

    return request_loader(ctx, "commerce.stock_levels", load)
