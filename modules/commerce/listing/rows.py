"""Building the read model's rows of some products from the source tables, in a few statements.

Per batch: the products, their variants, prices, picks, options, stock levels and categories
(with the ancestors' ids, read from the categories' paths) and the shop's currencies; then each
product
gets a listing row and facet rows per currency in which a variant has a price, and one search
document. A row's ``variants`` JSON holds what a listed variant answers from it
(``modules/commerce/graphql/listed.py``): its picks in the options' order, its price and
compare-at price in the row's currency, and whether it is in stock.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.index.search import Document
from modules.commerce.inventory import is_in_stock
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
from modules.content import api as content

__all__ = ["Built", "build_rows"]


@dataclass(slots=True)
class Built:
    """The rows and documents of a batch of products."""

    listings: list[dict[str, object]] = field(default_factory=list)
    facets: list[dict[str, object]] = field(default_factory=list)
    documents: list[Document] = field(default_factory=list)


@dataclass(slots=True)
class _Source:
    variants: dict[uuid.UUID, list[VariantRow]]
    prices: dict[uuid.UUID, dict[str, PriceRow]]
    picks: dict[uuid.UUID, dict[str, str]]
    options: dict[uuid.UUID, dict[str, list[str]]]
    categories: dict[uuid.UUID, list[CategoryRow]]
    ancestors: dict[str, uuid.UUID]
    in_stock: set[uuid.UUID]


async def _variants(
    session: AsyncSession, tenant_id: uuid.UUID, keys: Sequence[uuid.UUID]
) -> dict[uuid.UUID, list[VariantRow]]:
    rows = await session.scalars(
        select(VariantRow)
        .where(VariantRow.tenant_id == tenant_id, VariantRow.product_id.in_(keys))
        .order_by(VariantRow.product_id, VariantRow.position)
    )
    found: dict[uuid.UUID, list[VariantRow]] = defaultdict(list)
    for row in rows:
        found[row.product_id].append(row)
    return found


async def _in_stock(
    session: AsyncSession, tenant_id: uuid.UUID, variants: dict[uuid.UUID, list[VariantRow]]
) -> set[uuid.UUID]:
    """Return the ids of the variants that can be bought now (``inventory.is_in_stock``)."""
    every = [variant for rows in variants.values() for variant in rows]
    rows = await session.execute(
        select(StockLevelRow, WarehouseRow)
        .join(
            WarehouseRow,
            (WarehouseRow.tenant_id == StockLevelRow.tenant_id)
            & (WarehouseRow.id == StockLevelRow.warehouse_id),
        )
        .where(
            StockLevelRow.tenant_id == tenant_id,
            StockLevelRow.variant_id.in_([variant.id for variant in every]),
        )
    )
    levels: dict[uuid.UUID, list[tuple[StockLevelRow, WarehouseRow]]] = defaultdict(list)
    for level, warehouse in rows:
        levels[level.variant_id].append((level, warehouse))
    return {variant.id for variant in every if is_in_stock(variant, levels[variant.id])}


async def _prices(
    session: AsyncSession, tenant_id: uuid.UUID, keys: Sequence[uuid.UUID]
) -> dict[uuid.UUID, dict[str, PriceRow]]:
    rows = await session.scalars(
        select(PriceRow)
        .join(
            VariantRow,
            (VariantRow.tenant_id == PriceRow.tenant_id) & (VariantRow.id == PriceRow.variant_id),
        )
        .where(PriceRow.tenant_id == tenant_id, VariantRow.product_id.in_(keys))
    )
    found: dict[uuid.UUID, dict[str, PriceRow]] = defaultdict(dict)
    for row in rows:
        found[row.variant_id][row.currency] = row
    return found


async def _options(
    session: AsyncSession, tenant_id: uuid.UUID, keys: Sequence[uuid.UUID]
) -> tuple[dict[uuid.UUID, dict[str, list[str]]], dict[uuid.UUID, dict[str, str]]]:
    rows = await session.execute(
        select(OptionRow.product_id, OptionRow.name, OptionValueRow.id, OptionValueRow.value)
        .join(
            OptionValueRow,
            (OptionValueRow.tenant_id == OptionRow.tenant_id)
            & (OptionValueRow.option_id == OptionRow.id),
        )
        .where(OptionRow.tenant_id == tenant_id, OptionRow.product_id.in_(keys))
        .order_by(OptionRow.product_id, OptionRow.position, OptionValueRow.position)
    )
    options: dict[uuid.UUID, dict[str, list[str]]] = defaultdict(dict)
    named: dict[uuid.UUID, tuple[int, str, str]] = {}
    for rank, (product_id, name, value_id, value) in enumerate(rows):
        options[product_id].setdefault(name, []).append(value)
        named[value_id] = (rank, name, value)
    picked: dict[uuid.UUID, list[tuple[int, str, str]]] = defaultdict(list)
    if named:
        chosen = await session.execute(
            select(VariantOptionValueRow.variant_id, VariantOptionValueRow.option_value_id).where(
                VariantOptionValueRow.tenant_id == tenant_id,
                VariantOptionValueRow.option_value_id.in_(list(named)),
            )
        )
        for variant_id, value_id in chosen:
            picked[variant_id].append(named[value_id])
    # In the options' order, as ``ProductVariant.selectedOptions`` lists them.
    picks = {
        variant_id: {name: value for _, name, value in sorted(found)}
        for variant_id, found in picked.items()
    }
    return options, picks


async def _categories(
    session: AsyncSession, tenant_id: uuid.UUID, keys: Sequence[uuid.UUID]
) -> tuple[dict[uuid.UUID, list[CategoryRow]], dict[str, uuid.UUID]]:
    rows = await session.execute(
        select(ProductCategoryRow.product_id, CategoryRow)
        .join(
            CategoryRow,
            (CategoryRow.tenant_id == ProductCategoryRow.tenant_id)
            & (CategoryRow.id == ProductCategoryRow.category_id),
        )
        .where(ProductCategoryRow.tenant_id == tenant_id, ProductCategoryRow.product_id.in_(keys))
        .order_by(ProductCategoryRow.product_id, ProductCategoryRow.position)
    )
    filed: dict[uuid.UUID, list[CategoryRow]] = defaultdict(list)
    for product_id, category in rows:
        filed[product_id].append(category)
    prefixes = {
        "/".join(parts[:depth])
        for categories in filed.values()
        for category in categories
        for parts in [category.path.split("/")]
        for depth in range(1, len(parts))
    }
    ancestors: dict[str, uuid.UUID] = {}
    if prefixes:
        found = await session.execute(
            select(CategoryRow.path, CategoryRow.id).where(
                CategoryRow.tenant_id == tenant_id, CategoryRow.path.in_(sorted(prefixes))
            )
        )
        ancestors = {path: category_id for path, category_id in found}
    return filed, ancestors


async def _source(
    session: AsyncSession, tenant_id: uuid.UUID, keys: Sequence[uuid.UUID]
) -> _Source:
    options, picks = await _options(session, tenant_id, keys)
    filed, ancestors = await _categories(session, tenant_id, keys)
    variants = await _variants(session, tenant_id, keys)
    return _Source(
        variants=variants,
        prices=await _prices(session, tenant_id, keys),
        picks=picks,
        options=options,
        categories=filed,
        ancestors=ancestors,
        in_stock=await _in_stock(session, tenant_id, variants),
    )


def _category_facets(categories: list[CategoryRow], ancestors: dict[str, uuid.UUID]) -> set[str]:
    found: set[str] = set()
    for category in categories:
        found.add(str(category.id))
        parts = category.path.split("/")
        for depth in range(1, len(parts)):
            ancestor = ancestors.get("/".join(parts[:depth]))
            if ancestor is not None:
                found.add(str(ancestor))
    return found


def _variant_shapes(
    product: ProductRow, source: _Source, currency: str
) -> tuple[list[dict[str, object]], list[PriceRow]]:
    shaped: list[dict[str, object]] = []
    priced: list[PriceRow] = []
    for variant in source.variants.get(product.id, []):
        price = source.prices.get(variant.id, {}).get(currency)
        if price is not None:
            priced.append(price)
        shaped.append(
            {
                "id": str(variant.id),
                "sku": variant.sku,
                "title": variant.title,
                "options": source.picks.get(variant.id, {}),
                "amount": price.amount if price else None,
                "compare_at_amount": price.compare_at_amount if price else None,
                "is_in_stock": variant.id in source.in_stock,
            }
        )
    return shaped, priced


def _add_currency(
    built: Built, product: ProductRow, source: _Source, currency: str, excerpt: str
) -> None:
    shaped, priced = _variant_shapes(product, source, currency)
    if not priced:
        return
    categories = source.categories.get(product.id, [])
    options = source.options.get(product.id, {})
    was = [price.compare_at_amount for price in priced if price.compare_at_amount is not None]
    low = min(price.amount for price in priced)
    built.listings.append(
        {
            "tenant_id": product.tenant_id,
            "product_id": product.id,
            "currency": currency,
            "slug": product.slug,
            "name": product.name,
            "status": product.status,
            "excerpt": excerpt,
            "category_ids": [str(category.id) for category in categories],
            "category_paths": [category.path for category in categories],
            "option_values": options,
            "min_amount": low,
            "max_amount": max(price.amount for price in priced),
            "compare_at_min_amount": min(was) if was else None,
            "is_in_stock": any(v["is_in_stock"] and v["amount"] is not None for v in shaped),
            "variant_count": len(shaped),
            "variants": shaped,
            "created_at": product.created_at,
            "updated_at": product.updated_at,
        }
    )
    facets = {("category", value) for value in _category_facets(categories, source.ancestors)}
    facets |= {(f"option:{name}", value) for name, values in options.items() for value in values}
    built.facets += [
        {
            "tenant_id": product.tenant_id,
            "currency": currency,
            "facet": facet,
            "value": value,
            "product_id": product.id,
            "status": product.status,
            "min_amount": low,
        }
        for facet, value in sorted(facets)
    ]


async def build_rows(
    session: AsyncSession, tenant_id: uuid.UUID, keys: Sequence[uuid.UUID]
) -> Built:
    """Return the rows of the products ``keys`` (none for those gone at the source)."""
    built = Built()
    products = list(
        await session.scalars(
            select(ProductRow).where(ProductRow.tenant_id == tenant_id, ProductRow.id.in_(keys))
        )
    )
    if not products:
        return built
    settings = await load_settings(session, tenant_id)
    source = await _source(session, tenant_id, [product.id for product in products])
    for product in products:
        body = content.parse_body(product.description)
        for currency in settings.currencies:
            _add_currency(built, product, source, currency, content.excerpt(body))
        codes = [variant.sku for variant in source.variants.get(product.id, [])]
        codes += [
            value for values in source.options.get(product.id, {}).values() for value in values
        ]
        fields = {
            "name": product.name,
            "codes": " ".join(codes),
            "description": content.body_text(body),
        }
        built.documents.append(Document(product.id, fields))
    return built
