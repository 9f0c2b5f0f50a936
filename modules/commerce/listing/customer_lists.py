"""Staff's customer list: the shop's customers, searched by e-mail, filtered by group, paged.

It reads the core's ``core_customers`` directly: the list shows what the account row holds,
so a read table would only copy it. Sorted newest first (by id: ids are UUIDv7, so creation
order, served by the primary key) or by e-mail A to Z (e-mails are unique in the shop, so the
e-mail alone is the keyset, served by ``ix_core_customers_tenant_id_email``).

Search is a case-insensitive **prefix of the e-mail** (e-mails are stored lower-cased), asked
as a range ``prefix <= email < next(prefix)`` so the same e-mail index serves it; a substring
or a name search could use no index on the core's table. The range is exact where text sorts
by code point (SQLite; PostgreSQL with the ``C`` or ``C.UTF-8`` collation); the ``LIKE`` kept
beside it only narrows. Filtered by a group, the list joins the group's memberships.

A page costs two statements whatever its size: the count and the page. Refused with
VALIDATION at ``search``: a search longer than :data:`MAX_SEARCH`.
"""

from __future__ import annotations

import enum
import sys
import uuid
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, func, or_, select

from app.errors import BadRequest, ValidationFailed
from app.graphql import cursors as pages
from app.identity.customer_models import CustomerRow
from app.runtime import Context
from modules.commerce.customer_models import CustomerGroupMemberRow

__all__ = ["MAX_SEARCH", "CustomerListRequest", "CustomerPage", "CustomerSortKey", "list_customers"]

MAX_SEARCH = 254
_ROW = CustomerRow


class CustomerSortKey(enum.Enum):
    """What the customer list is ordered by."""

    NEWEST = "newest"
    EMAIL = "email"


@dataclass(frozen=True, slots=True, kw_only=True)
class CustomerListRequest:
    """What a customer list asks for (nothing: every customer of the shop, newest first)."""

    search: str | None = None
    group_id: uuid.UUID | None = None
    sort: CustomerSortKey = CustomerSortKey.NEWEST
    first: int | None = None
    after: str | None = None


@dataclass(slots=True)
class CustomerPage:
    """One page of customer rows, their cursors, and where the page sits."""

    rows: list[CustomerRow] = field(default_factory=list)
    cursors: list[str] = field(default_factory=list)
    total: int = 0
    has_next: bool = False
    has_previous: bool = False


def _prefix(search: str | None) -> str:
    words = (search or "").strip().lower()
    if len(words) > MAX_SEARCH:
        raise ValidationFailed(f"a search is at most {MAX_SEARCH} characters", field="search")
    return words


def _prefix_conditions(prefix: str) -> list[ColumnElement[bool]]:
    """Return the index range holding the e-mails starting with ``prefix``, and the exact test."""
    escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    found = [_ROW.email >= prefix, _ROW.email.like(f"{escaped}%", "\\")]
    if (last := ord(prefix[-1])) < sys.maxunicode:
        found.append(_ROW.email < prefix[:-1] + chr(last + 1))
    return found


def _statement(tenant_id: uuid.UUID, request: CustomerListRequest) -> Select[Any]:
    statement: Select[Any] = select(_ROW).where(_ROW.tenant_id == tenant_id)
    if prefix := _prefix(request.search):
        statement = statement.where(*_prefix_conditions(prefix))
    if request.group_id is not None:
        member = CustomerGroupMemberRow
        statement = statement.join(
            member,
            and_(
                member.tenant_id == _ROW.tenant_id,
                member.customer_id == _ROW.id,
                member.customer_group_id == request.group_id,
            ),
        )
    return statement


def _size(first: int | None, max_size: int) -> int:
    if first is not None and not 0 <= first <= max_size:
        raise BadRequest(f"`first` must be between 0 and {max_size}, got {first}")
    return first if first is not None else min(20, max_size)


def _after(sort: CustomerSortKey, raw: str) -> ColumnElement[bool]:
    cursor = pages.decode(raw, "after")
    if cursor.key is None or (sort is CustomerSortKey.EMAIL) != isinstance(cursor.value, str):
        raise BadRequest("`after` is not a cursor of this list")
    if sort is CustomerSortKey.EMAIL:
        return or_(
            _ROW.email > cursor.value, and_(_ROW.email == cursor.value, _ROW.id > cursor.key)
        )
    return _ROW.id < cursor.key


def _cursor(sort: CustomerSortKey, row: CustomerRow) -> str:
    return pages.encode_key(row.email if sort is CustomerSortKey.EMAIL else None, row.id)


async def list_customers(ctx: Context, request: CustomerListRequest) -> CustomerPage:
    """Return one page of the shop's customers (the caller checked ``commerce.view_customers``).

    Raises:
        ValidationFailed: the search is too long (``search``).
        BadRequest: ``first`` out of bounds, or a cursor of another list or sort.
    """
    tenant_id = ctx.require_tenant().id
    size = _size(request.first, ctx.runtime.settings.max_page_size)
    statement = _statement(tenant_id, request)
    counted = select(func.count()).select_from(statement.subquery())
    if request.after is not None:
        statement = statement.where(_after(request.sort, request.after))
    if request.sort is CustomerSortKey.EMAIL:
        statement = statement.order_by(_ROW.email, _ROW.id)
    else:
        statement = statement.order_by(_ROW.id.desc())
    page = CustomerPage()
    async with ctx.runtime.db.transaction(tenant_id, readonly=True) as session:
        page.total = int(await session.scalar(counted) or 0)
        rows = list(await session.scalars(statement.limit(size + 1)))
    page.rows, page.has_next = rows[:size], len(rows) > size
    page.has_previous = request.after is not None
    page.cursors = [_cursor(request.sort, row) for row in page.rows]
    return page
