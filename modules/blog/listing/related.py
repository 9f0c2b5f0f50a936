"""Related posts: published posts in the same locale sharing the most tags, then the newest.

One loader batch is two statements for any number of posts: the ranked neighbours of every
post from ``idx_blog_post_terms`` (a window function keeps each post's best ten), then their
listing rows, with the site's settings.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from typing import Any

from sqlalchemy import Row, and_, func, select
from sqlalchemy.sql.selectable import Subquery
from strawberry.dataloader import DataLoader

from app.graphql.loaders import request_loader
from app.runtime import Context
from modules.blog.graphql.types import MAX_RELATED, BlogPost
from modules.blog.listing.lists import COLUMNS
from modules.blog.listing.models import PostListingRow, PostTermRow
from modules.blog.listing.nodes import Shaper
from modules.blog.listing.site import load_site

__all__ = ["related_posts"]

Key = tuple[uuid.UUID, str]


def _ranked(tenant_id: uuid.UUID, keys: list[Key]) -> Subquery:
    mine, theirs = PostTermRow.__table__.alias("mine"), PostTermRow.__table__.alias("theirs")
    shared = func.count().label("shared")
    newest = func.max(theirs.c.published_at).label("newest")
    pairs = (
        select(mine.c.post_id, mine.c.locale, theirs.c.post_id.label("related_id"), shared, newest)
        .join(
            theirs,
            and_(
                theirs.c.tenant_id == mine.c.tenant_id,
                theirs.c.term_type == mine.c.term_type,
                theirs.c.term_id == mine.c.term_id,
                theirs.c.edition == mine.c.edition,
                theirs.c.locale == mine.c.locale,
                theirs.c.post_id != mine.c.post_id,
            ),
        )
        .where(
            mine.c.tenant_id == tenant_id,
            mine.c.term_type == "tag",
            mine.c.edition == "live",
            mine.c.post_id.in_(sorted({post_id for post_id, _ in keys})),
            mine.c.locale.in_(sorted({locale for _, locale in keys})),
        )
        .group_by(mine.c.post_id, mine.c.locale, theirs.c.post_id)
        .subquery()
    )
    rank = func.row_number().over(
        partition_by=(pairs.c.post_id, pairs.c.locale),
        order_by=(pairs.c.shared.desc(), pairs.c.newest.desc(), pairs.c.related_id.desc()),
    )
    numbered = select(pairs.c.post_id, pairs.c.locale, pairs.c.related_id, rank.label("n"))
    return numbered.subquery()


def related_posts(ctx: Context) -> DataLoader[Key, list[BlogPost]]:
    """Return the request's loader of up to ten related posts per ``(post id, locale)``."""

    async def load(keys: list[Key]) -> list[list[BlogPost]]:
        tenant = ctx.require_tenant()
        ranked = _ranked(tenant.id, keys)
        table = PostListingRow
        statement = (
            select(ranked.c.post_id.label("of_post"), ranked.c.n, *COLUMNS)
            .join(
                table,
                and_(
                    table.tenant_id == tenant.id,
                    table.post_id == ranked.c.related_id,
                    table.locale == ranked.c.locale,
                    table.edition == "live",
                ),
            )
            .where(ranked.c.n <= MAX_RELATED)
            .order_by(ranked.c.post_id, ranked.c.n)
        )
        async with ctx.runtime.db.transaction(tenant.id, readonly=True) as session:
            site = await load_site(session, tenant.id)
            rows: list[Row[Any]] = list((await session.execute(statement)).all())
        shaper = Shaper(site)
        found: dict[Key, list[BlogPost]] = defaultdict(list)
        for row in rows:
            found[row.of_post, row.locale].append(shaper.post(row))
        return [found.get(key, []) for key in keys]

    return request_loader(ctx, "blog.related_posts", load)
