"""Entry lists from the read model: filter, search, sort, page — a fixed number of statements.

One count (unless the caller does not need the total), one page, (when searching) one
statement for the snippets of the page, and (when asked) two for the page's categories and
tags, whatever the page size, all in one transaction.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.selectable import Subquery

from app.errors import BadRequest
from app.graphql import cursors as pages
from app.runtime import Context
from modules.content.entries.views import EntryView
from modules.content.listing.models import EntryListingRow, EntryTermRow
from modules.content.listing.search import LIVE_SEARCH, WORKING_SEARCH
from modules.content.settings import load_settings
from modules.content.taxonomy.api import EntryTerms, load_entry_terms
from modules.content.taxonomy.models import CategoryRow

__all__ = ["EntryFilter", "EntryPage", "ListRequest", "list_entries"]

SORTS = ("published_at", "title", "updated_at", "relevance")


@dataclass(frozen=True, slots=True, kw_only=True)
class EntryFilter:
    """What the list holds (all None: everything of the edition and locale)."""

    kind: str | None = None
    category_id: uuid.UUID | None = None
    tag_id: uuid.UUID | None = None
    author_user_id: uuid.UUID | None = None
    published_from: datetime | None = None
    published_to: datetime | None = None
    statuses: tuple[str, ...] | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ListRequest:
    """One page request of a list.

    ``with_total`` False skips the count (the page's ``total`` is then 0); ``with_terms``
    loads the page's categories and tags in the list's own transaction.
    """

    edition: str
    locale: str | None = None
    filter: EntryFilter = field(default_factory=EntryFilter)
    search: str | None = None
    sort: str | None = None
    descending: bool | None = None
    first: int | None = None
    after: str | None = None
    last: int | None = None
    before: str | None = None
    with_total: bool = True
    with_terms: bool = False


@dataclass(frozen=True, slots=True)
class EntryPage:
    """A page: views with their cursors and highlights, and the list's total.

    ``terms`` (when asked for) holds each listed entry's categories and tags, and
    ``default_locale`` the site's default locale they are named in by default.
    """

    items: list[tuple[EntryView, str, str | None]]
    total: int
    has_next: bool
    has_previous: bool
    terms: dict[uuid.UUID, EntryTerms] | None = None
    default_locale: str | None = None


def _view(row: EntryListingRow) -> EntryView:
    return EntryView(
        entry_id=row.entry_id,
        translation_id=row.translation_id,
        revision_id=row.revision_id,
        kind=row.kind,
        locale=row.locale,
        status=row.status,
        slug=row.slug,
        title=row.title,
        excerpt=row.excerpt,
        author_user_id=row.author_user_id,
        cover_asset_id=row.cover_asset_id,
        published_at=row.published_at,
        publish_at=row.publish_at,
        updated_at=row.updated_at,
        has_unpublished_changes=row.has_unpublished_changes,
    )


async def _category_ids(
    session: AsyncSession, tenant_id: uuid.UUID, category_id: uuid.UUID
) -> list[uuid.UUID]:
    path = await session.scalar(
        select(CategoryRow.path).where(
            CategoryRow.tenant_id == tenant_id, CategoryRow.id == category_id
        )
    )
    if path is None:
        return []
    below = await session.scalars(
        select(CategoryRow.id).where(
            CategoryRow.tenant_id == tenant_id,
            or_(CategoryRow.path == path, CategoryRow.path.startswith(f"{path}/", autoescape=True)),
        )
    )
    return list(below)


def _term(tenant_id: uuid.UUID, term_type: str, ids: Sequence[uuid.UUID]) -> ColumnElement[bool]:
    return EntryListingRow.entry_id.in_(
        select(EntryTermRow.entry_id).where(
            EntryTermRow.tenant_id == tenant_id,
            EntryTermRow.term_type == term_type,
            EntryTermRow.term_id.in_(ids),
        )
    )


async def _filtered(
    session: AsyncSession, tenant_id: uuid.UUID, request: ListRequest, locale: str
) -> Select[EntryListingRow]:
    given = request.filter
    row = EntryListingRow
    statement: Select[EntryListingRow] = select(row).where(
        row.tenant_id == tenant_id, row.edition == request.edition, row.locale == locale
    )
    conditions: list[ColumnElement[bool]] = []
    if given.kind is not None:
        conditions.append(row.kind == given.kind)
    if given.author_user_id is not None:
        conditions.append(row.author_user_id == given.author_user_id)
    if given.published_from is not None:
        conditions.append(row.published_at >= given.published_from)
    if given.published_to is not None:
        conditions.append(row.published_at < given.published_to)
    if given.statuses is not None:
        conditions.append(row.status.in_(given.statuses))
    if given.category_id is not None:
        ids = await _category_ids(session, tenant_id, given.category_id)
        conditions.append(_term(tenant_id, "category", ids))
    if given.tag_id is not None:
        conditions.append(_term(tenant_id, "tag", [given.tag_id]))
    return statement.where(*conditions)


def _sort_key(sort: str) -> ColumnElement[Any]:
    row = EntryListingRow
    if sort == "title":
        return row.title.expression
    if sort == "updated_at":
        return row.updated_at.expression
    return func.coalesce(row.published_at, row.updated_at)


def _sort_value(sort: str, row: EntryListingRow) -> str | datetime:
    if sort == "title":
        return row.title
    if sort == "updated_at":
        return row.updated_at
    return row.published_at or row.updated_at


def _size(request: ListRequest, max_size: int) -> int:
    if request.first is not None and request.last is not None:
        raise BadRequest("pass `first` or `last`, not both")
    for name, value in (("first", request.first), ("last", request.last)):
        if value is not None and not 0 <= value <= max_size:
            raise BadRequest(f"`{name}` must be between 0 and {max_size}, got {value}")
    chosen = request.last if request.last is not None else request.first
    return chosen if chosen is not None else min(20, max_size)


async def list_entries(ctx: Context, request: ListRequest) -> EntryPage:
    """Return one page of the tenant's entries of ``request.edition``."""
    tenant = ctx.require_tenant()
    size = _size(request, ctx.runtime.settings.max_page_size)
    sort = request.sort or ("relevance" if request.search else "published_at")
    if sort == "relevance" and not request.search:
        raise BadRequest("sorting by relevance needs `search`")
    async with ctx.runtime.db.transaction(tenant.id, readonly=True) as session:
        default_locale: str | None = None
        if request.locale is None or request.with_terms:
            default_locale = (await load_settings(session, tenant.id)).default_locale
        locale = request.locale or default_locale or ""
        statement = await _filtered(session, tenant.id, request, locale[:35])
        index = LIVE_SEARCH if request.edition == "live" else WORKING_SEARCH
        matches: Subquery | None = None
        if request.search is not None:
            matches = index.matches(session, tenant.id, request.search, locale=locale)
            if matches is None:
                return EntryPage([], 0, has_next=False, has_previous=False)
            statement = statement.join(matches, matches.c.doc_id == EntryListingRow.entry_id)
        total = (
            await session.scalar(select(func.count()).select_from(statement.subquery()))
            if request.with_total
            else 0
        )
        if sort == "relevance" and matches is not None:
            page = await _offset_page(session, statement, matches, request, size)
        else:
            page = await _keyset_page(session, statement, request, sort, size)
        rows, cursors, has_next, has_previous = page
        highlights: dict[tuple[uuid.UUID, str | None], str] = {}
        if request.search is not None and rows:
            highlights = await index.snippets(
                session, tenant.id, request.search, [r.entry_id for r in rows], locale=locale
            )
        terms = (
            await load_entry_terms(session, tenant.id, [row.entry_id for row in rows])
            if request.with_terms
            else None
        )
    items = [
        (_view(row), cursor, highlights.get((row.entry_id, row.locale)))
        for row, cursor in zip(rows, cursors, strict=True)
    ]
    return EntryPage(items, int(total or 0), has_next, has_previous, terms, default_locale)


_Page = tuple[list[EntryListingRow], list[str], bool, bool]


async def _offset_page(
    session: AsyncSession,
    statement: Select[EntryListingRow],
    matches: Subquery,
    request: ListRequest,
    size: int,
) -> _Page:
    if request.last is not None or request.before is not None:
        raise BadRequest("a relevance-sorted list pages forward only: use `first` and `after`")
    start = 0
    if request.after is not None:
        cursor = pages.decode(request.after, "after")
        if cursor.offset is None:
            raise BadRequest("`after` is not a cursor of this list")
        start = cursor.offset + 1
    ordered = statement.order_by(matches.c.rank.desc(), EntryListingRow.entry_id)
    rows = list((await session.scalars(ordered.offset(start).limit(size + 1))).all())
    has_next = len(rows) > size
    rows = rows[:size]
    cursors = [pages.encode_offset(start + n) for n in range(len(rows))]
    return rows, cursors, has_next, start > 0


def _after(
    sort: str, key: ColumnElement[Any], cursor: pages.Cursor, descending: bool
) -> ColumnElement[bool]:
    if sort == "title" and not isinstance(cursor.value, str):
        raise BadRequest("`after` is not a cursor of this list")
    value: object = cursor.value if sort == "title" else cursor.as_datetime("after")
    ident = EntryListingRow.entry_id
    if descending:
        return or_(key < value, and_(key == value, ident < cursor.key))
    return or_(key > value, and_(key == value, ident > cursor.key))


async def _keyset_page(
    session: AsyncSession,
    statement: Select[EntryListingRow],
    request: ListRequest,
    sort: str,
    size: int,
) -> _Page:
    key = _sort_key(sort)
    descending = request.descending if request.descending is not None else sort != "title"
    backwards = request.last is not None
    for argument, raw, forward in (
        ("after", request.after, True),
        ("before", request.before, False),
    ):
        if raw is not None:
            cursor = pages.decode(raw, argument)
            if cursor.key is None:
                raise BadRequest(f"`{argument}` is not a cursor of this list")
            statement = statement.where(
                _after(sort, key, cursor, descending if forward else not descending)
            )
    reading_descending = descending != backwards
    order = (
        (key.desc(), EntryListingRow.entry_id.desc())
        if reading_descending
        else (
            key.asc(),
            EntryListingRow.entry_id.asc(),
        )
    )
    rows = list((await session.scalars(statement.order_by(*order).limit(size + 1))).all())
    has_more = len(rows) > size
    rows = rows[:size]
    if backwards:
        rows.reverse()
    cursors = [pages.encode_key(_sort_value(sort, row), row.entry_id) for row in rows]
    if backwards:
        return rows, cursors, request.before is not None, has_more
    return rows, cursors, has_more, request.after is not None
