"""The projection ``commerce.catalog``: listing rows, facet rows and search per product.

Every event that changes what a catalog list shows refreshes the products concerned from the
source tables, so replays, late events and rebuilds converge on the same rows:

- ``commerce.product.*``: the product; ``commerce.variant.*`` and ``commerce.stock.changed``:
  its product (``product_id``);
- ``commerce.warehouse.updated``: every product with stock in the warehouse (it may have been
  deactivated), keyed ``warehouse:<id>``;
- ``commerce.category.updated|deleted``: every product filed in the category or below it
  (found through the ``category`` facet rows, which hold ancestors too), keyed
  ``category:<id>``;
- ``core.module.settings_updated`` of commerce: every product (the currencies may have
  changed), keyed ``all``.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from sqlalchemy import delete, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.events.declarations import Projection, RefreshContext
from app.events.envelope import Event
from modules.commerce.listing.models import ProductFacetRow, ProductListingRow
from modules.commerce.listing.rows import build_rows
from modules.commerce.listing.search import CATALOG_SEARCH
from modules.commerce.models import ProductRow, StockLevelRow, VariantRow

__all__ = ["CATALOG"]

_EVERYTHING = "all"


def _aggregate(event: Event) -> str | None:
    """Return what an event refreshes (see the module docstring), or None."""
    kind = event.type.rpartition(".")[0]
    if kind == "core.module":
        return _EVERYTHING if event.payload.get("module") == "commerce" else None
    if kind == "commerce.category":
        return f"category:{event.aggregate_id}"
    if kind == "commerce.warehouse":
        return f"warehouse:{event.aggregate_id}"
    if kind in {"commerce.variant", "commerce.stock"}:
        return str(event.payload["product_id"])
    return event.aggregate_id


async def _products_of(
    session: AsyncSession, tenant_id: uuid.UUID, ids: Iterable[str]
) -> set[uuid.UUID]:
    products: set[uuid.UUID] = set()
    categories: list[str] = []
    warehouses: list[uuid.UUID] = []
    for value in ids:
        if value == _EVERYTHING:
            every = select(ProductRow.id).where(ProductRow.tenant_id == tenant_id)
            products |= set(await session.scalars(every))
        elif value.startswith("category:"):
            categories.append(value.removeprefix("category:"))
        elif value.startswith("warehouse:"):
            warehouses.append(uuid.UUID(value.removeprefix("warehouse:")))
        else:
            products.add(uuid.UUID(value))
    if categories:
        filed = select(ProductFacetRow.product_id).where(
            ProductFacetRow.tenant_id == tenant_id,
            ProductFacetRow.facet == "category",
            ProductFacetRow.value.in_(categories),
        )
        products |= set(await session.scalars(filed))
    if warehouses:
        products |= await _stocked_in(session, tenant_id, warehouses)
    return products


async def _stocked_in(
    session: AsyncSession, tenant_id: uuid.UUID, warehouses: list[uuid.UUID]
) -> set[uuid.UUID]:
    """Return the products with a stock level in one of the warehouses."""
    stocked = (
        select(VariantRow.product_id)
        .join(
            StockLevelRow,
            (StockLevelRow.tenant_id == VariantRow.tenant_id)
            & (StockLevelRow.variant_id == VariantRow.id),
        )
        .where(VariantRow.tenant_id == tenant_id, StockLevelRow.warehouse_id.in_(warehouses))
        .distinct()
    )
    return set(await session.scalars(stocked))


async def refresh(context: RefreshContext, ids: list[str]) -> None:
    """Rebuild the rows of what ``ids`` name (dropping products deleted at the source)."""
    session, tenant_id = context.session, context.tenant_id
    keys = sorted(await _products_of(session, tenant_id, ids))
    if not keys:
        return
    for table in (ProductListingRow, ProductFacetRow):
        await session.execute(
            delete(table).where(table.tenant_id == tenant_id, table.product_id.in_(keys))
        )
    await CATALOG_SEARCH.delete(session, tenant_id, keys)
    built = await build_rows(session, tenant_id, keys)
    if built.listings:
        await session.execute(insert(ProductListingRow), built.listings)
    if built.facets:
        await session.execute(insert(ProductFacetRow), built.facets)
    await CATALOG_SEARCH.upsert_many(session, tenant_id, built.documents)


async def aggregates(context: RefreshContext) -> list[str]:
    """List every product of the tenant."""
    ids = await context.session.scalars(
        select(ProductRow.id).where(ProductRow.tenant_id == context.tenant_id)
    )
    return [str(value) for value in ids]


async def indexed(context: RefreshContext) -> list[str]:
    """List every product with listing rows."""
    ids = await context.session.scalars(
        select(ProductListingRow.product_id)
        .where(ProductListingRow.tenant_id == context.tenant_id)
        .distinct()
    )
    return [str(value) for value in ids]


async def clear(context: RefreshContext) -> None:
    """Delete every row of the tenant."""
    for table in (ProductListingRow, ProductFacetRow):
        await context.session.execute(delete(table).where(table.tenant_id == context.tenant_id))
    await CATALOG_SEARCH.clear(context.session, context.tenant_id)


CATALOG = Projection(
    name="commerce.catalog",
    events=(
        "commerce.product.*",
        "commerce.variant.*",
        "commerce.stock.changed",
        "commerce.warehouse.updated",
        "commerce.category.updated",
        "commerce.category.deleted",
        "core.module.settings_updated",
    ),
    tables=("idx_commerce_products", "idx_commerce_product_facets", "idx_commerce_product_search"),
    refresh=refresh,
    aggregates=aggregates,
    clear=clear,
    indexed=indexed,
    aggregate_of=_aggregate,
)
