"""The storefront's product list from the read model: filter, search, sort, page.

One currency's rows of active products, filtered through the facet rows (categories with
their descendants, option values), a price range on the lowest price, and full-text search;
ordered by name, lowest price, newest or relevance; paged by keyset (by offset for relevance).
A page costs a fixed number of statements: the settings, the count (when asked), the page.
"""

from __future__ import annotations

import enum
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql import Subquery

from app.errors import BadRequest, ValidationFailed
from app.graphql import cursors as pages
from app.runtime import Context
from modules.commerce.listing.facets import FacetCount, count_facets
from modules.commerce.listing.filters import OptionFilter, conditions
from modules.commerce.listing.models import ProductListingRow
from modules.commerce.listing.search import CATALOG_SEARCH
from modules.commerce.price_resolution import has_price_lists_for_everyone
from modules.commerce.settings import load_settings

__all__ = ["ListRequest", "ProductPage", "SortField", "list_products"]

_ROW = ProductListingRow


class SortField(enum.Enum):
    """What the list is ordered by."""

    NAME = "name"
    PRICE = "price"
    NEWEST = "newest"
    RELEVANCE = "relevance"


@dataclass(frozen=True, slots=True, kw_only=True)
class ListRequest:
    """What a product list asks for."""

    currency: str | None = None
    search: str | None = None
    category_ids: Sequence[uuid.UUID] = ()
    options: Sequence[OptionFilter] = ()
    price_min: int | None = None
    price_max: int | None = None
    in_stock: bool | None = None
    sort: SortField | None = None
    descending: bool | None = None
    first: int | None = None
    after: str | None = None
    last: int | None = None
    before: str | None = None
    with_total: bool = True
    with_facets: bool = False


@dataclass(slots=True)
class ProductPage:
    """One page of listing rows, their cursors, and where the page sits.

    ``default_currency`` is the shop's, read with the page (a field's absent currency).
    ``has_public_price_lists``: a price list for everyone is live in ``currency`` now, so the
    rows' base prices are not what guests pay.
    """

    currency: str
    default_currency: str = ""
    rows: list[ProductListingRow] = field(default_factory=list)
    cursors: list[str] = field(default_factory=list)
    total: int = 0
    has_next: bool = False
    has_previous: bool = False
    facets: list[FacetCount] = field(default_factory=list)
    has_public_price_lists: bool = False


def _size(request: ListRequest, max_size: int) -> int:
    if request.first is not None and request.last is not None:
        raise BadRequest("pass `first` or `last`, not both")
    for name, value in (("first", request.first), ("last", request.last)):
        if value is not None and not 0 <= value <= max_size:
            raise BadRequest(f"`{name}` must be between 0 and {max_size}, got {value}")
    chosen = request.last if request.last is not None else request.first
    return chosen if chosen is not None else min(20, max_size)


def _sort_of(request: ListRequest) -> SortField:
    sort = request.sort or (SortField.RELEVANCE if request.search else SortField.NEWEST)
    if sort is SortField.RELEVANCE and not request.search:
        raise ValidationFailed("sorting by relevance needs `search`", field="sort")
    return sort


async def list_products(ctx: Context, request: ListRequest) -> ProductPage:
    """Return one page of the tenant's active products in a currency.

    Raises:
        ValidationFailed: a currency the shop does not sell (``currency``), or relevance
            without words to look for (``sort``).
        BadRequest: page arguments out of bounds, or a cursor of another list.
    """
    tenant_id = ctx.require_tenant().id
    size = _size(request, ctx.runtime.settings.max_page_size)
    sort = _sort_of(request)
    async with ctx.runtime.db.transaction(tenant_id, readonly=True) as session:
        settings = await load_settings(session, tenant_id)
        currency = request.currency or settings.default_currency
        if currency not in settings.currencies:
            sold = ", ".join(settings.currencies)
            raise ValidationFailed(f"the shop sells in {sold}", field="currency")
        statement: Select[Any] = select(_ROW).where(
            _ROW.tenant_id == tenant_id,
            _ROW.currency == currency,
            _ROW.status == "active",
            *conditions(request),
        )
        matches: Subquery | None = None
        if request.search is not None:
            matches = CATALOG_SEARCH.matches(session, tenant_id, request.search)
            if matches is None:
                return ProductPage(currency, settings.default_currency)
            statement = statement.join(matches, matches.c.doc_id == _ROW.product_id)
        page = ProductPage(currency, settings.default_currency)
        page.has_public_price_lists = await has_price_lists_for_everyone(
            session, tenant_id, currency, ctx.runtime.clock.now()
        )
        if request.with_total:
            page.total = await _count(session, statement)
        if request.with_facets:
            page.facets = await count_facets(session, tenant_id, currency, request, matches)
        if matches is not None and sort is SortField.RELEVANCE:
            await _offset_page(session, statement, matches, request, size, page)
        else:
            await _keyset_page(session, statement, request, sort, size, page)
    return page


async def _count(session: AsyncSession, statement: Select[Any]) -> int:
    total = await session.scalar(select(func.count()).select_from(statement.subquery()))
    return int(total or 0)


async def _offset_page(
    session: AsyncSession,
    statement: Select[Any],
    matches: Subquery,
    request: ListRequest,
    size: int,
    page: ProductPage,
) -> None:
    if request.last is not None or request.before is not None:
        raise BadRequest("a relevance-sorted list pages forward only: use `first` and `after`")
    start = 0
    if request.after is not None:
        cursor = pages.decode(request.after, "after")
        if cursor.offset is None:
            raise BadRequest("`after` is not a cursor of this list")
        start = cursor.offset + 1
    ordered = statement.order_by(matches.c.rank.desc(), _ROW.product_id)
    rows = list(await session.scalars(ordered.offset(start).limit(size + 1)))
    page.rows = rows[:size]
    page.cursors = [pages.encode_offset(start + n) for n in range(len(page.rows))]
    page.has_next, page.has_previous = len(rows) > size, start > 0


def _key(sort: SortField) -> ColumnElement[Any] | None:
    if sort is SortField.NAME:
        return _ROW.name.expression
    if sort is SortField.PRICE:
        return _ROW.min_amount.expression
    return None  # newest: the product id is a UUIDv7, ordered by creation


def _value(sort: SortField, row: ProductListingRow) -> str | int:
    if sort is SortField.NAME:
        return row.name
    if sort is SortField.PRICE:
        return row.min_amount
    return ""


def _after(
    sort: SortField, cursor: pages.Cursor, descending: bool, argument: str
) -> ColumnElement[bool]:
    key, ident = _key(sort), _ROW.product_id
    if cursor.key is None:
        raise BadRequest(f"`{argument}` is not a cursor of this list")
    beyond = ident < cursor.key if descending else ident > cursor.key
    if key is None:
        return beyond
    wanted = int if sort is SortField.PRICE else str
    if not isinstance(cursor.value, wanted):
        raise BadRequest(f"`{argument}` is not a cursor of this list")
    further = key < cursor.value if descending else key > cursor.value
    return or_(further, and_(key == cursor.value, beyond))


async def _keyset_page(
    session: AsyncSession,
    statement: Select[Any],
    request: ListRequest,
    sort: SortField,
    size: int,
    page: ProductPage,
) -> None:
    descending = request.descending
    if descending is None:
        descending = sort is SortField.NEWEST
    for argument, raw, forward in (
        ("after", request.after, True),
        ("before", request.before, False),
    ):
        if raw is not None:
            cursor = pages.decode(raw, argument)
            statement = statement.where(_after(sort, cursor, descending == forward, argument))
    backwards = request.last is not None
    key = _key(sort)
    columns = [key, _ROW.product_id] if key is not None else [_ROW.product_id]
    reverse = descending != backwards
    order = [column.desc() if reverse else column.asc() for column in columns]
    rows = list(await session.scalars(statement.order_by(*order).limit(size + 1)))
    has_more = len(rows) > size
    page.rows = rows[:size]
    if backwards:
        page.rows.reverse()
    page.cursors = [pages.encode_key(_value(sort, row), row.product_id) for row in page.rows]
    if backwards:
        page.has_next, page.has_previous = request.before is not None, has_more
    else:
        page.has_next, page.has_previous = has_more, request.after is not None
