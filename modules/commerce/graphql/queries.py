"""Catalog reads: the storefront's active product by id or slug; the admin's products in every
status; the category tree.

The storefront listing ``products(search, filter, sort, currency)`` reads the catalog read
model, which comes next; until then ``adminProducts`` pages the source table.
"""

from __future__ import annotations

import uuid
from typing import Annotated

import strawberry
from sqlalchemy import Select, select

from app.errors import BadRequest
from app.graphql.context import Info
from app.graphql.directives import guarded, public
from app.graphql.global_ids import local_id
from app.graphql.relay import After, Before, First, Last, PageRequest, paginate
from app.graphql.types import Connection
from app.runtime import Context
from modules.commerce.graphql.types import Product, ProductCategory, ProductStatus
from modules.commerce.models import CategoryRow, ProductCategoryRow, ProductRow
from modules.commerce.permissions import VIEW_PRODUCTS
from modules.commerce.product_rules import ProductStatus as Status

__all__ = ["CatalogQuery", "ProductFilter"]


@strawberry.input(description="Which products a list shows.")
class ProductFilter:
    """Product list filters."""

    status: list[ProductStatus] | None = strawberry.field(
        default=None, description="Only products in these statuses (admin lists only)."
    )
    category_ids: list[strawberry.ID] | None = strawberry.field(
        default=None, description="Only products filed directly in one of these categories."
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
    if given.category_ids is not None:
        ids = [
            local_id(value, "ProductCategory", f"filter.categoryIds.{number}")
            for number, value in enumerate(given.category_ids)
        ]
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
    ) -> Connection[Product]:
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
            return await paginate(
                session,
                statement,
                ProductRow.id,
                page,
                Product.from_row,
                lambda row: row.id,
                newest_first=True,
            )

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
        page = PageRequest.from_arguments(
            first=first, after=after, last=None, before=None, max_size=100
        )
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
