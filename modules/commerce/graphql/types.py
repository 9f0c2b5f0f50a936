"""GraphQL types of the catalog: ``Product``, ``ProductVariant``, ``ProductCategory`` and parts.

Leaves are plain attributes; relations go through the request's DataLoaders, so a page of
products with variants and prices costs the same few statements whatever its size. A product
listed by ``products(...)`` carries its read-model row and answers its variants, options,
stock and price range from it instead, as :mod:`modules.commerce.graphql.listed` rules.
"""

from __future__ import annotations

import enum
import uuid
from collections.abc import Awaitable
from datetime import datetime

import strawberry

from app.graphql.context import Info
from app.graphql.directives import guarded
from app.graphql.types import Money, Node
from app.ids import encode_global_id
from modules.commerce.graphql import loaders
from modules.commerce.graphql.listed import ListedProduct
from modules.commerce.graphql.variant_types import (
    Currency,
    ProductVariant,
    SelectedOption,
    currency_of,
    money,
    price_in,
)
from modules.commerce.inventory import is_in_stock
from modules.commerce.models import CategoryRow, ProductRow
from modules.commerce.permissions import VIEW_PRODUCTS
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


@strawberry.type(description="The lowest and highest price of a product's variants.")
class PriceRange:
    """A price range in one currency."""

    min: Money = strawberry.field(description="The lowest variant price.")
    max: Money = strawberry.field(description="The highest variant price.")
    compare_at_min: Money | None = strawberry.field(
        description='The lowest compare-at ("was") price, if any variant has one.'
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
    """A product, built from its source row or from a catalog listing row (``listed``)."""

    slug: str = strawberry.field(description="The product's address part, unique in the shop.")
    name: str = strawberry.field(description="The name.")
    created_at: datetime = strawberry.field(description="When it was created.")
    updated_at: datetime = strawberry.field(description="When it last changed.")
    status: ProductStatus = strawberry.field(
        description="Where it is in its life.", directives=guarded(VIEW_PRODUCTS)
    )
    product_id: strawberry.Private[uuid.UUID]
    source: strawberry.Private[ProductRow | None]
    listed: strawberry.Private[ListedProduct | None]

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

    # The fields below that a listing row holds are sync: a listed product answers at once,
    # a product read from the source answers with an awaitable (graphql-core awaits it).
    @strawberry.field(
        description="The options (`Size`, `Colour`) and their values, in order.",
        graphql_type=list[ProductOption],
    )
    def options(self, info: Info) -> list[ProductOption] | Awaitable[list[ProductOption]]:
        """Return the options."""
        if self.listed is not None:
            found = self.listed.row.option_values
            return [ProductOption(name=name, values=values) for name, values in found.items()]
        return self._options(info)

    @strawberry.field(
        description="The variants, in order (at most 100).", graphql_type=list[ProductVariant]
    )
    def variants(self, info: Info) -> list[ProductVariant] | Awaitable[list[ProductVariant]]:
        """Return the variants."""
        listed = self.listed
        if listed is not None:
            return [ProductVariant.from_listing(shaped, listed) for shaped in listed.row.variants]
        return self._variants(info)

    @strawberry.field(description="The categories it is filed in, in order.")
    async def categories(self, info: Info) -> list[ProductCategory]:
        """Load the categories."""
        rows = await loaders.categories_of_products(info.context).load(self.product_id)
        return [ProductCategory.from_row(row) for row in rows]

    @strawberry.field(
        description="Whether any of its variants can be bought now.", graphql_type=bool
    )
    def is_in_stock(self, info: Info) -> bool | Awaitable[bool]:
        """Decide from the variants' stock levels (or the listing row's variants)."""
        if self.listed is not None:
            return any(shaped["is_in_stock"] is True for shaped in self.listed.row.variants)
        return self._is_in_stock(info)

    @strawberry.field(
        description="The range of its variants' base prices in a currency; null if none is set.",
        graphql_type=PriceRange | None,
    )
    def price_range(
        self, info: Info, currency: Currency = None
    ) -> PriceRange | Awaitable[PriceRange | None] | None:
        """Compute the price range (or take the listing row's, in its currency)."""
        listed = self.listed
        if listed is not None and listed.is_row_currency(currency):
            row = listed.row
            was = row.compare_at_min_amount
            return PriceRange(
                min=money(row.min_amount, row.currency),
                max=money(row.max_amount, row.currency),
                compare_at_min=None if was is None else money(was, row.currency),
            )
        return self._price_range(info, currency)

    async def _options(self, info: Info) -> list[ProductOption]:
        found = await loaders.options(info.context).load(self.product_id)
        return [ProductOption(name=name, values=values) for name, values in found]

    async def _variants(self, info: Info) -> list[ProductVariant]:
        rows = await loaders.variants(info.context).load(self.product_id)
        return [ProductVariant.from_row(row) for row in rows]

    async def _is_in_stock(self, info: Info) -> bool:
        variants = await loaders.variants(info.context).load(self.product_id)
        levels = await loaders.stock_levels(info.context).load_many([row.id for row in variants])
        return any(is_in_stock(row, found) for row, found in zip(variants, levels, strict=True))

    async def _price_range(self, info: Info, currency: str | None) -> PriceRange | None:
        code = await currency_of(info, currency)
        variants = await loaders.variants(info.context).load(self.product_id)
        per_variant = await loaders.prices(info.context).load_many([row.id for row in variants])
        found = [price for rows in per_variant if (price := price_in(rows, code)) is not None]
        if not found:
            return None
        was = [row.compare_at_amount for row in found if row.compare_at_amount is not None]
        return PriceRange(
            min=money(min(row.amount for row in found), code),
            max=money(max(row.amount for row in found), code),
            compare_at_min=money(min(was), code) if was else None,
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
            listed=None,
        )

    @classmethod
    def from_listing(cls, listed: ListedProduct) -> Product:
        """Build from a catalog listing row (the source row loads when a field needs it)."""
        row = listed.row
        return cls(
            id=strawberry.ID(encode_global_id("Product", row.product_id)),
            slug=row.slug,
            name=row.name,
            created_at=row.created_at,
            updated_at=row.updated_at,
            status=ProductStatus(row.status),
            product_id=row.product_id,
            source=None,
            listed=listed,
        )
