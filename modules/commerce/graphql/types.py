"""GraphQL types of the catalog: ``Product``, ``ProductVariant``, ``ProductCategory`` and parts.

Leaves are plain attributes; relations go through the request's DataLoaders, so a page of
products with variants and prices costs the same few statements whatever its size.
"""

from __future__ import annotations

import enum
import uuid
from datetime import datetime
from typing import Annotated

import strawberry

from app.errors import ValidationFailed
from app.graphql.context import Info
from app.graphql.directives import guarded
from app.graphql.types import MinorUnits, Money, Node
from app.ids import encode_global_id
from modules.commerce.graphql import loaders
from modules.commerce.graphql.warehouse_types import StockLevel
from modules.commerce.inventory import is_in_stock
from modules.commerce.listing.models import ProductListingRow
from modules.commerce.models import CategoryRow, PriceRow, ProductRow, VariantRow
from modules.commerce.permissions import VIEW_INVENTORY, VIEW_PRODUCTS
from modules.content import api as content

__all__ = [
    "PriceRange",
    "Product",
    "ProductCategory",
    "ProductOption",
    "ProductSeo",
    "ProductStatus",
    "ProductVariant",
    "SelectedOption",
]

_Currency = Annotated[
    str | None,
    strawberry.argument(description="An ISO 4217 code (default: the shop's default currency)."),
]


@strawberry.enum(description="Where a product is in its life; only active products are public.")
class ProductStatus(enum.Enum):
    """GraphQL view of :class:`modules.commerce.product_rules.ProductStatus`."""

    DRAFT = strawberry.enum_value("draft", description="Being prepared; not public.")
    ACTIVE = strawberry.enum_value("active", description="For sale and public.")
    ARCHIVED = strawberry.enum_value("archived", description="No longer sold; not public.")


@strawberry.type(description="A product's fields for search engines.")
class ProductSeo:
    """SEO fields."""

    title: str | None = strawberry.field(description="The title for search results.")
    description: str | None = strawberry.field(description="The description for results.")


@strawberry.type(description="An option of a product (`Size`) and its values in order.")
class ProductOption:
    """A product option."""

    name: str = strawberry.field(description="The option's name.")
    values: list[str] = strawberry.field(description="Its values, in order.")


@strawberry.type(description="The value a variant picks for one option.")
class SelectedOption:
    """A variant's pick."""

    name: str = strawberry.field(description="The option's name (`Size`).")
    value: str = strawberry.field(description="The value picked (`M`).")


@strawberry.type(description="The lowest and highest price of a product's variants.")
class PriceRange:
    """A price range in one currency."""

    min: Money = strawberry.field(description="The lowest variant price.")
    max: Money = strawberry.field(description="The highest variant price.")
    compare_at_min: Money | None = strawberry.field(
        description='The lowest compare-at ("was") price, if any variant has one.'
    )


def _money(amount: int, currency: str) -> Money:
    return Money(amount=MinorUnits(amount), currency=currency)


async def _currency(info: Info, currency: str | None) -> str:
    if currency is not None:
        return currency
    tenant_id = info.context.require_tenant().id
    return (await loaders.settings(info.context).load(tenant_id)).default_currency


def _in(rows: list[PriceRow], currency: str) -> PriceRow | None:
    return next((row for row in rows if row.currency == currency), None)


@strawberry.type(description="A purchasable variant of a product, with its SKU and prices.")
class ProductVariant(Node):
    """A variant."""

    sku: str = strawberry.field(description="The stock-keeping unit, unique in the shop.")
    title: str = strawberry.field(description="The variant's title (`M / Blue`).")
    weight_grams: int | None = strawberry.field(description="The shipping weight in grams.")
    barcode: str | None = strawberry.field(
        description="The barcode (GTIN, EAN, UPC).", directives=guarded(VIEW_PRODUCTS)
    )
    track_inventory: bool = strawberry.field(
        description="Whether stock is counted (when not, it is always in stock).",
        directives=guarded(VIEW_PRODUCTS),
    )
    allow_backorder: bool = strawberry.field(
        description="Whether it sells beyond the stock on hand.", directives=guarded(VIEW_PRODUCTS)
    )
    row: strawberry.Private[VariantRow]

    @strawberry.field(description="The value picked for each of the product's options.")
    async def selected_options(self, info: Info) -> list[SelectedOption]:
        """Load the picks."""
        picks = await loaders.selected_options(info.context).load(self.row.id)
        return [SelectedOption(name=name, value=value) for name, value in picks]

    @strawberry.field(
        description=(
            "The price in a currency for a quantity; null when the variant is not sold in it. "
            "Base prices for now: price lists come later in #7."
        )
    )
    async def price(
        self,
        info: Info,
        currency: _Currency = None,
        quantity: Annotated[
            int, strawberry.argument(description="How many are bought (at least 1).")
        ] = 1,
    ) -> Money | None:
        """Resolve the price."""
        if quantity < 1:
            raise ValidationFailed("buy at least 1", field="quantity")
        code = await _currency(info, currency)
        found = _in(await loaders.prices(info.context).load(self.row.id), code)
        return _money(found.amount, code) if found else None

    @strawberry.field(description='The compare-at ("was") price in a currency, if set.')
    async def compare_at_price(self, info: Info, currency: _Currency = None) -> Money | None:
        """Return the compare-at price."""
        code = await _currency(info, currency)
        found = _in(await loaders.prices(info.context).load(self.row.id), code)
        if found is None or found.compare_at_amount is None:
            return None
        return _money(found.compare_at_amount, code)

    @strawberry.field(
        description="The base price in every currency set.", directives=guarded(VIEW_PRODUCTS)
    )
    async def base_prices(self, info: Info) -> list[Money]:
        """Load the base prices."""
        rows = await loaders.prices(info.context).load(self.row.id)
        return [_money(row.amount, row.currency) for row in rows]

    @strawberry.field(
        description=(
            "Whether it can be bought now: stock available in an active warehouse, or "
            "backorders allowed, or stock not tracked."
        )
    )
    async def is_in_stock(self, info: Info) -> bool:
        """Decide from the variant's stock levels."""
        return is_in_stock(self.row, await loaders.stock_levels(info.context).load(self.row.id))

    @strawberry.field(
        description="Its stock in each warehouse that has counted it, in allocation order.",
        directives=guarded(VIEW_INVENTORY),
    )
    async def stock(self, info: Info) -> list[StockLevel]:
        """Load the stock levels."""
        levels = await loaders.stock_levels(info.context).load(self.row.id)
        return [StockLevel.from_rows(level, warehouse) for level, warehouse in levels]

    @classmethod
    def from_row(cls, row: VariantRow) -> ProductVariant:
        """Build from a variant row."""
        return cls(
            id=strawberry.ID(encode_global_id("ProductVariant", row.id)),
            sku=row.sku,
            title=row.title,
            weight_grams=row.weight_grams,
            barcode=row.barcode,
            track_inventory=row.track_inventory,
            allow_backorder=row.allow_backorder,
            row=row,
        )


@strawberry.type(description="A category of the catalog tree.")
class ProductCategory(Node):
    """A category."""

    slug: str = strawberry.field(description="The slug, unique among its siblings.")
    name: str = strawberry.field(description="The name.")
    path: str = strawberry.field(description="The slugs from the root, joined by `/`.")
    depth: int = strawberry.field(description="0 for a top-level category.")
    position: int = strawberry.field(description="The order among its siblings.")
    row: strawberry.Private[CategoryRow]

    @strawberry.field(description="The parent category; null at the top.")
    async def parent(self, info: Info) -> ProductCategory | None:
        """Load the parent."""
        if self.row.parent_id is None:
            return None
        found = await loaders.categories(info.context).load(self.row.parent_id)
        return ProductCategory.from_row(found) if found else None

    @strawberry.field(description="The child categories, in order.")
    async def children(self, info: Info) -> list[ProductCategory]:
        """Load the children."""
        rows = await loaders.child_categories(info.context).load(self.row.id)
        return [ProductCategory.from_row(row) for row in rows]

    @classmethod
    def from_row(cls, row: CategoryRow) -> ProductCategory:
        """Build from a category row."""
        return cls(
            id=strawberry.ID(encode_global_id("ProductCategory", row.id)),
            slug=row.slug,
            name=row.name,
            path=row.path,
            depth=row.depth,
            position=row.position,
            row=row,
        )


@strawberry.type(description="A product for sale: its variants, prices, options and categories.")
class Product(Node):
    """A product, built from its source row or from a catalog listing row."""

    slug: str = strawberry.field(description="The product's address part, unique in the shop.")
    name: str = strawberry.field(description="The name.")
    created_at: datetime = strawberry.field(description="When it was created.")
    updated_at: datetime = strawberry.field(description="When it last changed.")
    status: ProductStatus = strawberry.field(
        description="Where it is in its life.", directives=guarded(VIEW_PRODUCTS)
    )
    product_id: strawberry.Private[uuid.UUID]
    source: strawberry.Private[ProductRow | None]

    async def _source(self, info: Info) -> ProductRow | None:
        if self.source is not None:
            return self.source
        return await loaders.products(info.context).load(self.product_id)

    @strawberry.field(description="The SEO fields.")
    async def seo(self, info: Info) -> ProductSeo:
        """Return the SEO fields."""
        row = await self._source(info)
        if row is None:
            return ProductSeo(title=None, description=None)
        return ProductSeo(title=row.seo_title, description=row.seo_description)

    @strawberry.field(description="The description as content blocks.")
    async def description(self, info: Info) -> content.RichTextDocument:
        """Return the stored blocks."""
        row = await self._source(info)
        return content.RichTextDocument(row.description if row else [])

    @strawberry.field(description="The description rendered as safe HTML.")
    async def description_html(self, info: Info) -> str:
        """Render the description."""
        row = await self._source(info)
        return content.render_html(content.parse_body(row.description if row else []))

    @strawberry.field(description="The options (`Size`, `Colour`) and their values, in order.")
    async def options(self, info: Info) -> list[ProductOption]:
        """Load the options."""
        found = await loaders.options(info.context).load(self.product_id)
        return [ProductOption(name=name, values=values) for name, values in found]

    @strawberry.field(description="The variants, in order (at most 100).")
    async def variants(self, info: Info) -> list[ProductVariant]:
        """Load the variants."""
        rows = await loaders.variants(info.context).load(self.product_id)
        return [ProductVariant.from_row(row) for row in rows]

    @strawberry.field(description="The categories it is filed in, in order.")
    async def categories(self, info: Info) -> list[ProductCategory]:
        """Load the categories."""
        rows = await loaders.categories_of_products(info.context).load(self.product_id)
        return [ProductCategory.from_row(row) for row in rows]

    @strawberry.field(description="Whether any of its variants can be bought now.")
    async def is_in_stock(self, info: Info) -> bool:
        """Decide from the variants' stock levels."""
        variants = await loaders.variants(info.context).load(self.product_id)
        levels = await loaders.stock_levels(info.context).load_many([row.id for row in variants])
        return any(is_in_stock(row, found) for row, found in zip(variants, levels, strict=True))

    @strawberry.field(
        description="The range of its variants' base prices in a currency; null if none is set."
    )
    async def price_range(self, info: Info, currency: _Currency = None) -> PriceRange | None:
        """Compute the price range."""
        code = await _currency(info, currency)
        variants = await loaders.variants(info.context).load(self.product_id)
        per_variant = await loaders.prices(info.context).load_many([row.id for row in variants])
        found = [price for rows in per_variant if (price := _in(rows, code)) is not None]
        if not found:
            return None
        was = [row.compare_at_amount for row in found if row.compare_at_amount is not None]
        return PriceRange(
            min=_money(min(row.amount for row in found), code),
            max=_money(max(row.amount for row in found), code),
            compare_at_min=_money(min(was), code) if was else None,
        )

    @classmethod
    def from_row(cls, row: ProductRow) -> Product:
        """Build from a product row."""
        return cls(
            id=strawberry.ID(encode_global_id("Product", row.id)),
            slug=row.slug,
            name=row.name,
            created_at=row.created_at,
            updated_at=row.updated_at,
            status=ProductStatus(row.status),
            product_id=row.id,
            source=row,
        )

    @classmethod
    def from_listing(cls, row: ProductListingRow) -> Product:
        """Build from a catalog listing row (the source row loads when a field needs it)."""
        return cls(
            id=strawberry.ID(encode_global_id("Product", row.product_id)),
            slug=row.slug,
            name=row.name,
            created_at=row.created_at,
            updated_at=row.updated_at,
            status=ProductStatus(row.status),
            product_id=row.product_id,
            source=None,
        )
