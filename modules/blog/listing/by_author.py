"""Every listed author's latest posts at once: ``BlogAuthor.posts`` under ``blogAuthors``.

One page per author would cost a transaction each; here a page of authors costs one
transaction and three statements whatever its size: the site's settings, one windowed query
(each author's posts ranked newest first, cut at the page size plus one) and one grouped count.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, Row, and_, func, or_, select

from app.errors import BadRequest
from app.graphql import cursors as pages
from app.runtime import Context
from modules.blog.listing.lists import COLUMNS, PostPage, checked_locale
from modules.blog.listing.models import PostListingRow, PostTermRow
from modules.blog.listing.site import Site, load_site

__all__ = ["AuthorPages", "list_author_pages"]

_TABLE = PostListingRow


class AuthorPages(dict[uuid.UUID, PostPage]):
    """One page of live posts per author id."""


async def list_author_pages(
    ctx: Context,
    author_ids: Sequence[uuid.UUID],
    locale: str | None,
    first: int | None,
    after: str | None,
) -> AuthorPages:
    """Return each author's page of live posts in ``locale``, newest first."""
    tenant_id = ctx.require_tenant().id
    size = _size(first, ctx.runtime.settings.max_page_size)
    author = PostTermRow.term_id.label("author_id")
    joined = (
        select(*COLUMNS, author)
        .join(
            PostTermRow,
            and_(
                PostTermRow.tenant_id == _TABLE.tenant_id,
                PostTermRow.post_id == _TABLE.post_id,
                PostTermRow.edition == _TABLE.edition,
                PostTermRow.locale == _TABLE.locale,
            ),
        )
        .where(
            _TABLE.tenant_id == tenant_id,
            _TABLE.edition == "live",
            PostTermRow.term_type == "author",
            PostTermRow.term_id.in_(author_ids),
        )
    )
    async with ctx.runtime.db.transaction(tenant_id, readonly=True) as session:
        site = await load_site(session, tenant_id)
        chosen = checked_locale(site, locale)
        scoped = joined.where(_TABLE.locale == chosen)
        counted = scoped.subquery()
        totals: dict[uuid.UUID, int] = {
            author_id: int(count)
            for author_id, count in await session.execute(
                select(counted.c.author_id, func.count()).group_by(counted.c.author_id)
            )
        }
        if after is not None:
            scoped = scoped.where(_older_than(after))
        rank = (
            func.row_number()
            .over(
                partition_by=PostTermRow.term_id,
                order_by=(_TABLE.published_at.desc(), _TABLE.post_id.desc()),
            )
            .label("rank")
        )
        ranked = scoped.add_columns(rank).subquery()
        rows = (
            await session.execute(
                select(ranked).where(ranked.c.rank <= size + 1).order_by(ranked.c.rank)
            )
        ).all()
    grouped: dict[uuid.UUID, list[Row[Any]]] = defaultdict(list)
    for row in rows:
        grouped[row.author_id].append(row)
    return AuthorPages(
        {
            key: _page(grouped[key], totals.get(key, 0), size, after, site, chosen)
            for key in author_ids
        }
    )


def _size(first: int | None, max_size: int) -> int:
    if first is not None and not 0 <= first <= max_size:
        raise BadRequest(f"`first` must be between 0 and {max_size}, got {first}")
    return first if first is not None else min(20, max_size)


def _older_than(after: str) -> ColumnElement[bool]:
    cursor = pages.decode(after, "after")
    if cursor.key is None:
        raise BadRequest("`after` is not a cursor of this list")
    moment = cursor.as_datetime("after")
    return or_(
        _TABLE.published_at < moment,
        and_(_TABLE.published_at == moment, _TABLE.post_id < cursor.key),
    )


def _page(
    rows: list[Row[Any]],
    total: int,
    size: int,
    after: str | None,
    site: Site,
    locale: str,
) -> PostPage:
    shown = rows[:size]
    cursors = [pages.encode_key(row.published_at, row.post_id) for row in shown]
    return PostPage(
        shown,
        cursors,
        [None] * len(shown),
        total,
        len(rows) > size,
        after is not None,
        site,
        locale,
    )
