"""Catalog reads: the storefront's active product by id or slug; the admin's products in every
status; the category tree.

The storefront listing ``products(search, filter, sort, currency)`` reads the catalog read
model, and its products answer their variants, options, stock and prices from their rows as
``modules/commerce/graphql/listed.py`` rules; ``product(id|slug)``, ``adminProduct`` and
``adminProducts`` read the source tables (``adminProducts`` pages the source table).
"""

from __future__ import annotations

import enum
import uuid
from collections.abc import Iterable, Iterator
from typing import Annotated, Any

import strawberry
from sqlalchemy import Select, select
from strawberry.types.nodes import SelectedField, Selection

from app.errors import BadRequest
from app.graphql.context import Info
from app.graphql.directives import guarded, public
from app.graphql.global_ids import local_id
from app.graphql.relay import After, Before, First, Last, PageRequest, paginate
from app.graphql.types import Connection, MinorUnits
from app.runtime import Context
from modules.commerce.graphql import loaders
from modules.commerce.graphql.connection import (
    ProductConnection,
    facet_category_ids,
    listed_page,
)
from modules.commerce.graphql.listed import has_customer_pricing
from modules.commerce.graphql.types import Product, ProductCategory, ProductStatus
from modules.commerce.listing.filters import OptionFilter as OptionFilter_
from modules.commerce.listing.lists import ListRequest, SortField, list_products
from modules.commerce.models import CategoryRow, ProductCategoryRow, ProductRow
from modules.commerce.permissions import VIEW_PRODUCTS
from modules.commerce.product_rules import ProductStatus as Status
from modules.content import api as content

__all__ = ["CatalogQuery", "OptionFilter", "PriceFilter", "ProductFilter", "ProductSort"]


@strawberry.input(description="Products offering one of these values of an option.")
class OptionFilter:
    """An option filter."""

    name: str = strawberry.field(description="The option's name (`Size`).")
    values: list[str] = strawberry.field(description="Any of these values (`S`, `M`).")


@strawberry.input(description="A price range in minor units of the list's currency.")
class PriceFilter:
    """Bounds on a product's lowest price."""

    min: MinorUnits | None = strawberry.field(default=None, description="At least this much.")
    max: MinorUnits | None = strawberry.field(default=None, description="At most this much.")


@strawberry.input(description="Which products a list shows.")
class ProductFilter:
    """Product list filters."""

    status: list[ProductStatus] | None = strawberry.field(
        default=None, description="Only products in these statuses (`adminProducts` only)."
    )
    category_ids: list[strawberry.ID] | None = strawberry.field(
        default=None,
        description="Only products in one of these categories (`products`: or below them).",
    )
    options: list[OptionFilter] | None = strawberry.field(
        default=None, description="Only products offering these option values (`products` only)."
    )
    price: PriceFilter | None = strawberry.field(
        default=None, description="Only products whose lowest price is in range (`products` only)."
    )
    in_stock: bool | None = strawberry.field(
        default=None,
        description="Only products of which a variant can be bought now, or none can "
        "(`products` only).",
    )


@strawberry.enum(description="What a product list is ordered by.")
class ProductSortField(enum.Enum):
    """Sort keys of `products`."""

    NAME = strawberry.enum_value("name", description="The name, A to Z.")
    PRICE = strawberry.enum_value("price", description="The lowest variant price.")
    NEWEST = strawberry.enum_value("newest", description="Creation time, newest first.")
    RELEVANCE = strawberry.enum_value("relevance", description="Best match first (needs `search`).")


@strawberry.input(description="How to order a product list.")
class ProductSort:
    """A sort key and direction."""

    field: ProductSortField = strawberry.field(description="The sort key.")
    direction: content.SortDirection | None = strawberry.field(
        default=None, description="The direction (default: newest first; A to Z; cheapest first)."
    )


def _names(selections: Iterable[Selection]) -> Iterator[str]:
    """Yield the name of every field selected at any depth (through fragments too)."""
    for selection in selections:
        if isinstance(selection, SelectedField):
            yield selection.name
        yield from _names(selection.selections)


def _category_ids(given: ProductFilter) -> list[uuid.UUID]:
    return [
        local_id(value, "ProductCategory", f"filter.categoryIds.{number}")
        for number, value in enumerate(given.category_ids or ())
    ]


def _list_request(
    given: ProductFilter | None, sort: ProductSort | None, **fields: Any
) -> ListRequest:
    chosen = given or ProductFilter()
    if chosen.status is not None:
        raise BadRequest("`filter.status` is for `adminProducts`: `products` lists active ones")
    price = chosen.price or PriceFilter()
    return ListRequest(
        category_ids=_category_ids(chosen),
        options=[OptionFilter_(o.name, o.values) for o in chosen.options or ()],
        price_min=price.min,
        price_max=price.max,
        in_stock=chosen.in_stock,
        sort=SortField(sort.field.name.lower()) if sort else None,
        descending=(
            sort.direction is content.SortDirection.DESC if sort and sort.direction else None
        ),
        **fields,
    )


async def _find(ctx: Context, product_id: uuid.UUID | None, slug: str | None) -> ProductRow | None:
    tenant_id = ctx.require_tenant().id
    statement = select(ProductRow).where(ProductRow.tenant_id == tenant_id)
    if product_id is not None:
        statement = statement.where(ProductRow.id == product_id)
    else:
        statement = statement.where(ProductRow.slug == slug)
    async with ctx.runtime.db.transaction(tenant_id, readonly=True) as session:
        found: ProductRow | None = await session.scalar(statement)
    return found


def _filtered(
    statement: Select[tuple[ProductRow]], given: ProductFilter | None
) -> Select[tuple[ProductRow]]:
    if given is None:
        return statement
    if given.status is not None:
        statement = statement.where(ProductRow.status.in_([s.name.lower() for s in given.status]))
    if given.options is not None or given.price is not None or given.in_stock is not None:
        raise BadRequest("`adminProducts` filters by `status` and `categoryIds` only, for now")
    if given.category_ids is not None:
        ids = _category_ids(given)
        filed = select(ProductCategoryRow.product_id).where(
            ProductCategoryRow.tenant_id == ProductRow.tenant_id,
            ProductCategoryRow.category_id.in_(ids),
        )
        statement = statement.where(ProductRow.id.in_(filed))
    return statement


@strawberry.type(description="Catalog reads.")
class CatalogQuery:
    """Catalog queries."""

    @strawberry.field(
        description="An active product by its ID or its slug (give exactly one).",
        directives=public(),
    )
    async def product(
        self,
        info: Info,
        id: Annotated[
            strawberry.ID | None, strawberry.argument(description="The `Product` ID.")
        ] = None,
        slug: Annotated[str | None, strawberry.argument(description="The slug.")] = None,
    ) -> Product | None:
        """Find an active product."""
        if (id is None) == (slug is None):
            raise BadRequest("give `id` or `slug`, not both and not neither")
        product_id = local_id(id, "Product", "id") if id is not None else None
        row = await _find(info.context, product_id, slug[:200] if slug else None)
        if row is None or row.status != Status.ACTIVE.value:
            return None
        return Product.from_row(row)

    @strawberry.field(
        description=(
            "Active products in one currency, from the catalog read model: filtered, searched, "
            "sorted and paged."
        ),
        directives=public(),
    )
    async def products(
        self,
        info: Info,
        currency: Annotated[
            str | None,
            strawberry.argument(
                description="An ISO 4217 code the shop sells in (default: its own)."
            ),
        ] = None,
        search: Annotated[
            str | None,
            strawberry.argument(description="Words to look for (name above SKUs and options)."),
        ] = None,
        filter: Annotated[
            ProductFilter | None, strawberry.argument(description="Which products.")
        ] = None,
        sort: Annotated[
            ProductSort | None,
            strawberry.argument(description="The order (default: newest first, or best match)."),
        ] = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> ProductConnection:
        """List products from the read model."""
        selected = set(_names(info.selected_fields))
        request = _list_request(
            filter,
            sort,
            currency=currency,
            search=search,
            first=first,
            after=after,
            last=last,
            before=before,
            with_total="totalCount" in selected,
            with_facets="facets" in selected,
        )
        page = await list_products(info.context, request)
        ids = facet_category_ids(page.facets)
        rows = await loaders.categories(info.context).load_many(ids) if ids else []
        names = {str(row.id): row.name for row in rows if row is not None}
        is_base_pricing = not (
            has_customer_pricing(info.context.principal) or page.has_public_price_lists
        )
        return listed_page(page, names, is_base_pricing=is_base_pricing)

    @strawberry.field(
        description="A product in any status, by its ID.", directives=guarded(VIEW_PRODUCTS)
    )
    async def admin_product(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="The `Product` ID.")],
    ) -> Product | None:
        """Find a product."""
        row = await _find(info.context, local_id(id, "Product", "id"), None)
        return Product.from_row(row) if row is not None else None

    @strawberry.field(
        description="Products in every status, newest first (read from the source tables).",
        directives=guarded(VIEW_PRODUCTS),
    )
    async def admin_products(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
        filter: Annotated[
            ProductFilter | None, strawberry.argument(description="Which products to show.")
        ] = None,
    ) -> ProductConnection:
        """Page through the products."""
        ctx = info.context
        page = PageRequest.from_arguments(
            first=first,
            after=after,
            last=last,
            before=before,
            max_size=ctx.runtime.settings.max_page_size,
        )
        tenant_id = ctx.require_tenant().id
        every: Select[tuple[ProductRow]] = select(ProductRow)
        statement = _filtered(every.where(ProductRow.tenant_id == tenant_id), filter)
        async with ctx.runtime.db.transaction(tenant_id, readonly=True) as session:
            found = await paginate(
                session,
                statement,
                ProductRow.id,
                page,
                Product.from_row,
                lambda row: row.id,
                newest_first=True,
            )
        return ProductConnection.of(found)

    @strawberry.field(
        description="Categories under a parent (or the top level), in order.", directives=public()
    )
    async def product_categories(
        self,
        info: Info,
        parent_id: Annotated[
            strawberry.ID | None,
            strawberry.argument(description="The parent's ID; absent: the top level."),
        ] = None,
        first: First = None,
        after: After = None,
    ) -> Connection[ProductCategory]:
        """Page through one level of the tree, in creation order."""
        ctx = info.context
        page = PageRequest.from_arguments(first=first, after=after, max_size=100)
        tenant_id = ctx.require_tenant().id
        parent = local_id(parent_id, "ProductCategory", "parentId") if parent_id else None
        level = (
            CategoryRow.parent_id.is_(None) if parent is None else CategoryRow.parent_id == parent
        )
        statement: Select[tuple[CategoryRow]] = select(CategoryRow)
        statement = statement.where(CategoryRow.tenant_id == tenant_id, level)
        async with ctx.runtime.db.transaction(tenant_id, readonly=True) as session:
            return await paginate(
                session,
                statement,
                CategoryRow.id,
                page,
                ProductCategory.from_row,
                lambda row: row.id,
            )
