"""The admin's order list from ``idx_commerce_orders``: filter, search, sort, page.

Filters: statuses, payment and fulfilment statuses (any of each list), a customer, a placed
range (``placed_from`` inclusive, ``placed_to`` exclusive), a currency and a total range in
its minor units. Search matches the number, e-mail and customer name as a substring (the
number only for a caller who may not see customers' e-mail). Sorted by placing time (newest
first by default), total or number, with the order id breaking ties; paged by keyset. A page
costs a fixed number of statements: the count (when asked) and the page.

Refused with VALIDATION, naming the input field: ``placed_from`` after ``placed_to``; a
negative bound or ``total_min`` above ``total_max``; a total range or the ``TOTAL`` sort without
``currency`` (minor units of different currencies do not compare); a malformed currency; a
search longer than 200 characters.
"""

from __future__ import annotations

import enum
import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.errors import BadRequest, ValidationFailed
from app.graphql import cursors as pages
from app.runtime import Context
from modules.commerce.listing.order_models import OrderListingRow

__all__ = ["MAX_SEARCH", "OrderListRequest", "OrderPage", "OrderSortKey", "list_orders"]

_ROW = OrderListingRow
_CURRENCY = re.compile(r"^[A-Z]{3}$")
MAX_SEARCH = 200


class OrderSortKey(enum.Enum):
    """What the order list is ordered by."""

    PLACED_AT = "placed_at"
    TOTAL = "total"
    NUMBER = "number"


@dataclass(frozen=True, slots=True, kw_only=True)
class OrderListRequest:
    """What an order list asks for (empty filters: every order of the tenant)."""

    statuses: Sequence[str] = ()
    payment_statuses: Sequence[str] = ()
    fulfilment_statuses: Sequence[str] = ()
    customer_id: uuid.UUID | None = None
    placed_from: datetime | None = None
    placed_to: datetime | None = None
    currency: str | None = None
    total_min: int | None = None
    total_max: int | None = None
    search: str | None = None
    may_see_customers: bool = False
    sort: OrderSortKey = OrderSortKey.PLACED_AT
    descending: bool | None = None
    first: int | None = None
    after: str | None = None
    last: int | None = None
    before: str | None = None
    with_total: bool = True


@dataclass(slots=True)
class OrderPage:
    """One page of list rows, their cursors, and where the page sits."""

    rows: list[OrderListingRow] = field(default_factory=list)
    cursors: list[str] = field(default_factory=list)
    total: int = 0
    has_next: bool = False
    has_previous: bool = False


def _checked(request: OrderListRequest) -> None:
    """Refuse contradictory or meaningless filters (see the module docstring)."""
    placed = request.placed_from, request.placed_to
    if placed[0] is not None and placed[1] is not None and placed[0] > placed[1]:
        raise ValidationFailed("`placedFrom` is after `placedTo`", field="filter.placedFrom")
    for name, bound in (("totalMin", request.total_min), ("totalMax", request.total_max)):
        if bound is not None and bound < 0:
            raise ValidationFailed(f"`{name}` must not be negative", field=f"filter.{name}")
    totals = request.total_min, request.total_max
    if totals[0] is not None and totals[1] is not None and totals[0] > totals[1]:
        raise ValidationFailed("`totalMin` is above `totalMax`", field="filter.totalMin")
    if request.currency is not None and not _CURRENCY.match(request.currency):
        raise ValidationFailed(
            "a currency is an ISO 4217 code such as `EUR`", field="filter.currency"
        )
    if request.currency is None and totals != (None, None):
        raise ValidationFailed(
            "a total range needs `currency`: minor units of different currencies do not compare",
            field="filter.currency",
        )
    if request.currency is None and request.sort is OrderSortKey.TOTAL:
        raise ValidationFailed(
            "sorting by total needs `filter.currency`: amounts in different currencies do not "
            "compare",
            field="sort",
        )
    if request.search is not None and len(request.search) > MAX_SEARCH:
        raise ValidationFailed(f"a search is at most {MAX_SEARCH} characters", field="search")


def _pattern(words: str) -> str:
    """Return a LIKE pattern finding ``words`` anywhere (wildcards in them taken literally)."""
    escaped = words.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _conditions(request: OrderListRequest) -> list[ColumnElement[bool]]:
    found: list[ColumnElement[bool]] = []
    for column, values in (
        (_ROW.status, request.statuses),
        (_ROW.payment_status, request.payment_statuses),
        (_ROW.fulfilment_status, request.fulfilment_statuses),
    ):
        if values:
            found.append(column.in_(list(values)))
    if request.customer_id is not None:
        found.append(_ROW.customer_id == request.customer_id)
    if request.placed_from is not None:
        found.append(_ROW.placed_at >= request.placed_from)
    if request.placed_to is not None:
        found.append(_ROW.placed_at < request.placed_to)
    if request.currency is not None:
        found.append(_ROW.currency == request.currency)
    if request.total_min is not None:
        found.append(_ROW.total_amount >= request.total_min)
    if request.total_max is not None:
        found.append(_ROW.total_amount <= request.total_max)
    words = (request.search or "").strip().lower()
    if words:
        searched = _ROW.search_text if request.may_see_customers else func.lower(_ROW.number)
        found.append(searched.like(_pattern(words), escape="\\"))
    return found


def _size(request: OrderListRequest, max_size: int) -> int:
    if request.first is not None and request.last is not None:
        raise BadRequest("pass `first` or `last`, not both")
    for name, value in (("first", request.first), ("last", request.last)):
        if value is not None and not 0 <= value <= max_size:
            raise BadRequest(f"`{name}` must be between 0 and {max_size}, got {value}")
    chosen = request.last if request.last is not None else request.first
    return chosen if chosen is not None else min(20, max_size)


async def list_orders(ctx: Context, request: OrderListRequest) -> OrderPage:
    """Return one page of the tenant's orders (the caller checked ``commerce.view_orders``).

    Raises:
        ValidationFailed: a filter, the sort or the search refused (module docstring).
        BadRequest: page arguments out of bounds, or a cursor of another list.
    """
    tenant_id = ctx.require_tenant().id
    size = _size(request, ctx.runtime.settings.max_page_size)
    _checked(request)
    statement: Select[Any] = select(_ROW).where(_ROW.tenant_id == tenant_id, *_conditions(request))
    page = OrderPage()
    async with ctx.runtime.db.transaction(tenant_id, readonly=True) as session:
        if request.with_total:
            counted = select(func.count()).select_from(statement.subquery())
            page.total = int(await session.scalar(counted) or 0)
        await _keyset_page(session, statement, request, size, page)
    return page


def _key(sort: OrderSortKey) -> ColumnElement[Any]:
    if sort is OrderSortKey.TOTAL:
        return _ROW.total_amount.expression
    if sort is OrderSortKey.NUMBER:
        return _ROW.number.expression
    return _ROW.placed_at.expression


def _value(sort: OrderSortKey, row: OrderListingRow) -> str | int | datetime:
    if sort is OrderSortKey.TOTAL:
        return row.total_amount
    if sort is OrderSortKey.NUMBER:
        return row.number
    return row.placed_at


def _cursor_value(sort: OrderSortKey, cursor: pages.Cursor, argument: str) -> object:
    wanted = int if sort is OrderSortKey.TOTAL else str
    if cursor.key is None or not isinstance(cursor.value, wanted):
        raise BadRequest(f"`{argument}` is not a cursor of this list")
    if sort is OrderSortKey.PLACED_AT:
        return cursor.as_datetime(argument)
    return cursor.value


def _beyond(
    sort: OrderSortKey, cursor: pages.Cursor, descending: bool, argument: str
) -> ColumnElement[bool]:
    value = _cursor_value(sort, cursor, argument)
    key, ident = _key(sort), _ROW.order_id
    if descending:
        return or_(key < value, and_(key == value, ident < cursor.key))
    return or_(key > value, and_(key == value, ident > cursor.key))


async def _keyset_page(
    session: AsyncSession,
    statement: Select[Any],
    request: OrderListRequest,
    size: int,
    page: OrderPage,
) -> None:
    sort = request.sort
    descending = request.descending
    if descending is None:
        descending = sort is OrderSortKey.PLACED_AT
    for argument, raw, forward in (
        ("after", request.after, True),
        ("before", request.before, False),
    ):
        if raw is not None:
            cursor = pages.decode(raw, argument)
            statement = statement.where(_beyond(sort, cursor, descending == forward, argument))
    backwards = request.last is not None
    key = _key(sort)
    reverse = descending != backwards
    order = (key.desc(), _ROW.order_id.desc()) if reverse else (key.asc(), _ROW.order_id.asc())
    rows = list(await session.scalars(statement.order_by(*order).limit(size + 1)))
    has_more = len(rows) > size
    page.rows = rows[:size]
    if backwards:
        page.rows.reverse()
    page.cursors = [pages.encode_key(_value(sort, row), row.order_id) for row in page.rows]
    if backwards:
        page.has_next, page.has_previous = request.before is not None, has_more
    else:
        page.has_next, page.has_previous = has_more, request.after is not None
