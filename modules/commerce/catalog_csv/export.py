"""Exporting a tenant's catalog: its products by slug, a page at a time, a row per variant.

Each page is a fixed number of statements whatever its size (products, their categories,
options, variants, picks, prices, stock), so memory and statements grow with the page, not
the catalog.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.runtime import Context
from modules.commerce.catalog_csv.columns import (
    COMPARE_AT,
    LIST_SEPARATOR,
    PRICE,
    STOCK,
    header_for,
    option_columns,
)
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
from modules.commerce.settings import load_settings
from modules.commerce.tax_models import TaxClassRow

__all__ = ["PAGE_SIZE", "Catalog", "open_catalog"]

PAGE_SIZE = 200


@dataclass(frozen=True, slots=True)
class Catalog:
    """A tenant's catalog to export: its header, how many products, and the way to page it."""

    ctx: Context
    header: list[str]
    products: int
    tax_classes: dict[uuid.UUID, str]
    warehouses: dict[uuid.UUID, str]

    async def pages(self, size: int = PAGE_SIZE) -> AsyncIterator[tuple[int, list[dict[str, str]]]]:
        """Yield each page of ``size`` products, in slug order: how many, and their rows."""
        tenant_id = self.ctx.require_tenant().id
        after = ""
        while True:
            async with self.ctx.runtime.db.transaction(tenant_id, readonly=True) as session:
                products = list(
                    await session.scalars(
                        select(ProductRow)
                        .where(ProductRow.tenant_id == tenant_id, ProductRow.slug > after)
                        .order_by(ProductRow.slug)
                        .limit(size)
                    )
                )
                if not products:
                    return
                rows = await _Page(self, session, tenant_id, products).rows()
            yield len(products), rows
            after = products[-1].slug


async def open_catalog(ctx: Context) -> Catalog:
    """Return the tenant's catalog: the header its currencies and warehouses make."""
    tenant_id = ctx.require_tenant().id
    async with ctx.runtime.db.transaction(tenant_id, readonly=True) as session:
        settings = await load_settings(session, tenant_id)
        count = await session.scalar(
            select(func.count()).select_from(ProductRow).where(ProductRow.tenant_id == tenant_id)
        )
        classes = await session.execute(
            select(TaxClassRow.id, TaxClassRow.code).where(TaxClassRow.tenant_id == tenant_id)
        )
        warehouses = await session.execute(
            select(WarehouseRow.id, WarehouseRow.code)
            .where(WarehouseRow.tenant_id == tenant_id)
            .order_by(WarehouseRow.position, WarehouseRow.code)
        )
        codes = {i: c for i, c in warehouses}
    currencies = [settings.default_currency] + [
        currency for currency in settings.currencies if currency != settings.default_currency
    ]
    return Catalog(
        ctx=ctx,
        header=header_for(currencies, list(codes.values())),
        products=int(count or 0),
        tax_classes={i: c for i, c in classes},
        warehouses=codes,
    )


@dataclass(frozen=True, slots=True)
class _Page:
    catalog: Catalog
    session: AsyncSession
    tenant_id: uuid.UUID
    products: Sequence[ProductRow]

    async def rows(self) -> list[dict[str, str]]:
        ids = [product.id for product in self.products]
        categories = await self._categories(ids)
        options = await self._options(ids)
        variants = list(
            await self.session.scalars(
                select(VariantRow)
                .where(VariantRow.tenant_id == self.tenant_id, VariantRow.product_id.in_(ids))
                .order_by(VariantRow.product_id, VariantRow.position)
            )
        )
        variant_ids = [variant.id for variant in variants]
        picks = await self._picks(variant_ids)
        prices = await self._prices(variant_ids)
        stock = await self._stock(variant_ids)
        by_product: dict[uuid.UUID, list[VariantRow]] = {}
        for variant in variants:
            by_product.setdefault(variant.product_id, []).append(variant)
        rows = []
        for product in self.products:
            shared = self._product_cells(product, categories.get(product.id, []))
            names = options.get(product.id, [])
            for number, name in enumerate(names, start=1):
                shared[option_columns(number)[0]] = name
            for variant in by_product.get(product.id, []):
                row = dict(shared)
                for number, value in enumerate(picks.get(variant.id, []), start=1):
                    row[option_columns(number)[1]] = value
                row.update(self._variant_cells(variant))
                row.update(prices.get(variant.id, {}))
                row.update(stock.get(variant.id, {}))
                rows.append(row)
        return rows

    @staticmethod
    def _product_cells(product: ProductRow, paths: list[str]) -> dict[str, str]:
        return {
            "product_slug": product.slug,
            "product_name": product.name,
            "status": product.status,
            "categories": LIST_SEPARATOR.join(paths),
            "seo_title": product.seo_title or "",
            "seo_description": product.seo_description or "",
        }

    def _variant_cells(self, variant: VariantRow) -> dict[str, str]:
        tax_class = (
            self.catalog.tax_classes.get(variant.tax_class_id) if variant.tax_class_id else None
        )
        return {
            "sku": variant.sku,
            "variant_title": variant.title,
            "weight_grams": "" if variant.weight_grams is None else str(variant.weight_grams),
            "barcode": variant.barcode or "",
            "tax_class": tax_class or "",
            "track_inventory": "true" if variant.track_inventory else "false",
            "allow_backorder": "true" if variant.allow_backorder else "false",
        }

    async def _categories(self, ids: list[uuid.UUID]) -> dict[uuid.UUID, list[str]]:
        rows = await self.session.execute(
            select(ProductCategoryRow.product_id, CategoryRow.path)
            .join(
                CategoryRow,
                (CategoryRow.tenant_id == ProductCategoryRow.tenant_id)
                & (CategoryRow.id == ProductCategoryRow.category_id),
            )
            .where(
                ProductCategoryRow.tenant_id == self.tenant_id,
                ProductCategoryRow.product_id.in_(ids),
            )
            .order_by(ProductCategoryRow.product_id, ProductCategoryRow.position)
        )
        found: dict[uuid.UUID, list[str]] = {}
        for product_id, path in rows:
            found.setdefault(product_id, []).append(path)
        return found

    async def _options(self, ids: list[uuid.UUID]) -> dict[uuid.UUID, list[str]]:
        rows = await self.session.execute(
            select(OptionRow.product_id, OptionRow.name)
            .where(OptionRow.tenant_id == self.tenant_id, OptionRow.product_id.in_(ids))
            .order_by(OptionRow.product_id, OptionRow.position)
        )
        found: dict[uuid.UUID, list[str]] = {}
        for product_id, name in rows:
            found.setdefault(product_id, []).append(name)
        return found

    async def _picks(self, ids: list[uuid.UUID]) -> dict[uuid.UUID, list[str]]:
        rows = await self.session.execute(
            select(VariantOptionValueRow.variant_id, OptionValueRow.value)
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
                VariantOptionValueRow.tenant_id == self.tenant_id,
                VariantOptionValueRow.variant_id.in_(ids),
            )
            .order_by(VariantOptionValueRow.variant_id, OptionRow.position)
        )
        found: dict[uuid.UUID, list[str]] = {}
        for variant_id, value in rows:
            found.setdefault(variant_id, []).append(value)
        return found

    async def _prices(self, ids: list[uuid.UUID]) -> dict[uuid.UUID, dict[str, str]]:
        rows = await self.session.scalars(
            select(PriceRow).where(
                PriceRow.tenant_id == self.tenant_id, PriceRow.variant_id.in_(ids)
            )
        )
        found: dict[uuid.UUID, dict[str, str]] = {}
        for price in rows:
            cells = found.setdefault(price.variant_id, {})
            cells[f"{PRICE}{price.currency}"] = str(price.amount)
            if price.compare_at_amount is not None:
                cells[f"{COMPARE_AT}{price.currency}"] = str(price.compare_at_amount)
        return found

    async def _stock(self, ids: list[uuid.UUID]) -> dict[uuid.UUID, dict[str, str]]:
        rows = await self.session.scalars(
            select(StockLevelRow).where(
                StockLevelRow.tenant_id == self.tenant_id, StockLevelRow.variant_id.in_(ids)
            )
        )
        found: dict[uuid.UUID, dict[str, str]] = {}
        for level in rows:
            code = self.catalog.warehouses.get(level.warehouse_id)
            if code is not None:
                found.setdefault(level.variant_id, {})[f"{STOCK}{code}"] = str(level.on_hand)
        return found
