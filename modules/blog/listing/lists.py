"""Post lists from the read model: filter, search, sort, page — a fixed number of statements.

One statement for the site's settings (content's and blog's together), one count (only when
the total is asked for), one page and, when searching, one for the snippets of the page,
whatever the page size, in one read-only transaction. Rows are read as Core rows of
``idx_blog_posts`` (no ORM entities): authors, categories and tags come pre-shaped with them.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Row, Select, and_, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.selectable import Subquery

from app.errors import BadRequest, ValidationFailed
from app.graphql import cursors as pages
from app.runtime import Context
from modules.blog.listing.models import PostListingRow, PostTermRow
from modules.blog.listing.search import LIVE_SEARCH, WORKING_SEARCH
from modules.blog.listing.site import Site, load_site

__all__ = ["COLUMNS", "ListRequest", "PostFilter", "PostPage", "checked_locale", "list_posts"]

COLUMNS = tuple(PostListingRow.__table__.columns)
_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
_TABLE = PostListingRow


@dataclass(frozen=True, slots=True, kw_only=True)
class PostFilter:
    """What the list holds (all None: every post of the edition and locale)."""

    category_id: uuid.UUID | None = None
    tag_id: uuid.UUID | None = None
    author_id: uuid.UUID | None = None
    is_featured: bool | None = None
    month: str | None = None
    published_from: datetime | None = None
    published_to: datetime | None = None
    statuses: tuple[str, ...] | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ListRequest:
    """One page request of a post list (``with_total`` False skips the count)."""

    edition: str
    locale: str | None = None
    filter: PostFilter = field(default_factory=PostFilter)
    search: str | None = None
    sort: str | None = None
    descending: bool | None = None
    first: int | None = None
    after: str | None = None
    last: int | None = None
    before: str | None = None
    with_total: bool = True


@dataclass(frozen=True, slots=True)
class PostPage:
    """A page: rows of ``idx_blog_posts`` with cursors and highlights, and the site."""

    rows: list[Row[Any]]
    cursors: list[str]
    highlights: list[str | None]
    total: int
    has_next: bool
    has_previous: bool
    site: Site
    locale: str


def _term(
    request: ListRequest, locale: str, term_type: str, term_id: uuid.UUID
) -> ColumnElement[bool]:
    return _TABLE.post_id.in_(
        select(PostTermRow.post_id).where(
            PostTermRow.tenant_id == _TABLE.tenant_id,
            PostTermRow.term_type == term_type,
            PostTermRow.term_id == term_id,
            PostTermRow.edition == request.edition,
            PostTermRow.locale == locale,
        )
    )


def _conditions(request: ListRequest, locale: str) -> list[ColumnElement[bool]]:
    given = request.filter
    conditions: list[ColumnElement[bool]] = []
    for term_type, term_id in (
        ("category", given.category_id),
        ("tag", given.tag_id),
        ("author", given.author_id),
    ):
        if term_id is not None:
            conditions.append(_term(request, locale, term_type, term_id))
    if given.is_featured is not None:
        conditions.append(_TABLE.is_featured.is_(given.is_featured))
    if given.month is not None:
        if not _MONTH.match(given.month):
            raise ValidationFailed("a month is written `YYYY-MM`", field="filter.month")
        conditions.append(_TABLE.archive_month == given.month)
    if given.published_from is not None:
        conditions.append(_TABLE.published_at >= given.published_from)
    if given.published_to is not None:
        conditions.append(_TABLE.published_at < given.published_to)
    if given.statuses is not None:
        conditions.append(_TABLE.status.in_(given.statuses))
    return conditions


def _filtered(tenant_id: uuid.UUID, request: ListRequest, locale: str) -> Select[Any]:
    return select(*COLUMNS).where(
        _TABLE.tenant_id == tenant_id,
        _TABLE.edition == request.edition,
        _TABLE.locale == locale,
        *_conditions(request, locale),
    )


def _size(request: ListRequest, max_size: int) -> int:
    if request.first is not None and request.last is not None:
        raise BadRequest("pass `first` or `last`, not both")
    for name, value in (("first", request.first), ("last", request.last)):
        if value is not None and not 0 <= value <= max_size:
            raise BadRequest(f"`{name}` must be between 0 and {max_size}, got {value}")
    chosen = request.last if request.last is not None else request.first
    return chosen if chosen is not None else min(20, max_size)


def checked_locale(site: Site, wanted: str | None) -> str:
    """Return the locale asked for, or the default; VALIDATION on `locale` if unknown."""
    if wanted is None:
        return site.content.default_locale
    if wanted not in site.content.locales:
        known = ", ".join(site.content.locales)
        message = f"the site has no locale {wanted[:40]!r} (it has {known})"
        raise ValidationFailed(message, field="locale")
    return wanted


async def list_posts(ctx: Context, request: ListRequest) -> PostPage:
    """Return one page of the tenant's posts of ``request.edition``."""
    tenant = ctx.require_tenant()
    size = _size(request, ctx.runtime.settings.max_page_size)
    sort = request.sort or ("relevance" if request.search else "published_at")
    if sort == "relevance" and not request.search:
        raise ValidationFailed("sorting by relevance needs `search`", field="sort")
    async with ctx.runtime.db.transaction(tenant.id, readonly=True) as session:
        site = await load_site(session, tenant.id)
        locale = checked_locale(site, request.locale)
        statement = _filtered(tenant.id, request, locale)
        index = LIVE_SEARCH if request.edition == "live" else WORKING_SEARCH
        matches: Subquery | None = None
        if request.search is not None:
            matches = index.matches(session, tenant.id, request.search, locale=locale)
            if matches is None:
                return PostPage([], [], [], 0, False, False, site, locale)
            statement = statement.join(matches, matches.c.doc_id == _TABLE.post_id)
        total = await _count(session, statement) if request.with_total else 0
        if matches is not None and sort == "relevance":
            rows, cursors, has_next, has_previous = await _offset_page(
                session, statement, matches, request, size
            )
        else:
            rows, cursors, has_next, has_previous = await _keyset_page(
                session, statement, request, sort, size
            )
        highlights: dict[tuple[uuid.UUID, str | None], str] = {}
        if request.search is not None and rows:
            ids = [row.post_id for row in rows]
            highlights = await index.snippets(
                session, tenant.id, request.search, ids, locale=locale
            )
    shown = [highlights.get((row.post_id, locale)) for row in rows]
    return PostPage(rows, cursors, shown, total, has_next, has_previous, site, locale)


async def _count(session: AsyncSession, statement: Select[Any]) -> int:
    total = await session.scalar(select(func.count()).select_from(statement.subquery()))
    return int(total or 0)


_Page = tuple[list[Row[Any]], list[str], bool, bool]


async def _offset_page(
    session: AsyncSession,
    statement: Select[Any],
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
    ordered = statement.order_by(matches.c.rank.desc(), _TABLE.post_id)
    rows = list((await session.execute(ordered.offset(start).limit(size + 1))).all())
    has_next = len(rows) > size
    rows = rows[:size]
    cursors = [pages.encode_offset(start + n) for n in range(len(rows))]
    return rows, cursors, has_next, start > 0


def _sort_key(sort: str, edition: str) -> ColumnElement[Any]:
    if sort == "title":
        return _TABLE.title.expression
    if edition == "live":
        return _TABLE.published_at.expression
    return func.coalesce(_TABLE.published_at, _TABLE.updated_at)


def _sort_value(sort: str, row: Row[Any]) -> str | datetime:
    if sort == "title":
        title: str = row.title
        return title
    moment: datetime = row.published_at or row.updated_at
    return moment


def _after(
    sort: str, key: ColumnElement[Any], cursor: pages.Cursor, descending: bool, argument: str
) -> ColumnElement[bool]:
    if sort == "title" and not isinstance(cursor.value, str):
        raise BadRequest(f"`{argument}` is not a cursor of this list")
    value: object = cursor.value if sort == "title" else cursor.as_datetime(argument)
    ident = _TABLE.post_id
    if descending:
        return or_(key < value, and_(key == value, ident < cursor.key))
    return or_(key > value, and_(key == value, ident > cursor.key))


async def _keyset_page(
    session: AsyncSession, statement: Select[Any], request: ListRequest, sort: str, size: int
) -> _Page:
    key = _sort_key(sort, request.edition)
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
            direction = descending if forward else not descending
            statement = statement.where(_after(sort, key, cursor, direction, argument))
    if descending != backwards:
        order = (key.desc(), _TABLE.post_id.desc())
    else:
        order = (key.asc(), _TABLE.post_id.asc())
    rows = list((await session.execute(statement.order_by(*order).limit(size + 1))).all())
    has_more = len(rows) > size
    rows = rows[:size]
    if backwards:
        rows.reverse()
    cursors = [pages.encode_key(_sort_value(sort, row), row.post_id) for row in rows]
    if backwards:
        return rows, cursors, request.before is not None, has_more
    return rows, cursors, has_more, request.after is not None
