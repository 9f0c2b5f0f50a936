"""What an import reads before it writes: the shop's names, and what exists of one product."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import select

from app.runtime import Context
from modules.commerce.catalog_csv.drafts import CatalogNames
from modules.commerce.models import (
    CategoryRow,
    OptionRow,
    PriceRow,
    ProductRow,
    VariantRow,
    WarehouseRow,
)
from modules.commerce.tax_models import TaxClassRow

__all__ = ["ExistingProduct", "find_existing", "load_names"]


async def load_names(ctx: Context) -> CatalogNames:
    """Return the tenant's categories by path, tax classes and warehouses by code."""
    tenant_id = ctx.require_tenant().id
    async with ctx.runtime.db.transaction(tenant_id, readonly=True) as session:
        categories = await session.execute(
            select(CategoryRow.path, CategoryRow.id).where(CategoryRow.tenant_id == tenant_id)
        )
        classes = await session.execute(
            select(TaxClassRow.code, TaxClassRow.id).where(TaxClassRow.tenant_id == tenant_id)
        )
        warehouses = await session.execute(
            select(WarehouseRow.code, WarehouseRow.id).where(WarehouseRow.tenant_id == tenant_id)
        )
        return CatalogNames(
            {p: i for p, i in categories}, {c: i for c, i in classes}, {c: i for c, i in warehouses}
        )


@dataclass(slots=True)
class ExistingProduct:
    """What the shop has of a product's slug and SKUs (``id`` None: no such product yet)."""

    id: uuid.UUID | None = None
    option_names: list[str] = field(default_factory=list)
    variants: dict[str, uuid.UUID] = field(default_factory=dict)  # its own, by SKU
    prices: dict[uuid.UUID, dict[str, tuple[int, int | None]]] = field(default_factory=dict)
    elsewhere: dict[str, str] = field(default_factory=dict)  # SKU → slug of another product


async def find_existing(ctx: Context, slug: str, skus: Sequence[str]) -> ExistingProduct:
    """Return what exists of the product ``slug`` and which of ``skus`` other products carry."""
    tenant_id = ctx.require_tenant().id
    found = ExistingProduct()
    async with ctx.runtime.db.transaction(tenant_id, readonly=True) as session:
        found.id = await session.scalar(
            select(ProductRow.id).where(ProductRow.tenant_id == tenant_id, ProductRow.slug == slug)
        )
        owners = await session.execute(
            select(VariantRow.sku, VariantRow.id, ProductRow.slug)
            .join(
                ProductRow,
                (ProductRow.tenant_id == VariantRow.tenant_id)
                & (ProductRow.id == VariantRow.product_id),
            )
            .where(VariantRow.tenant_id == tenant_id, VariantRow.sku.in_(list(skus)))
        )
        for sku, variant_id, owner in owners:
            if owner == slug:
                found.variants[sku] = variant_id
            else:
                found.elsewhere[sku] = owner
        if found.id is None:
            return found
        names = await session.scalars(
            select(OptionRow.name)
            .where(OptionRow.tenant_id == tenant_id, OptionRow.product_id == found.id)
            .order_by(OptionRow.position)
        )
        found.option_names = list(names)
        prices = await session.scalars(
            select(PriceRow).where(
                PriceRow.tenant_id == tenant_id,
                PriceRow.variant_id.in_(list(found.variants.values())),
            )
        )
        for price in prices:
            found.prices.setdefault(price.variant_id, {})[price.currency] = (
                price.amount,
                price.compare_at_amount,
            )
    return found
