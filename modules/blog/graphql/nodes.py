"""``node(id:)`` sources of blog's types, each as visible as through its own queries.

- ``BlogPost``: in the site's default locale; its working copy to holders of
  ``blog.view_posts``, else what is live (null when nothing is).
- ``BlogAuthor``: public, as profiles are.
- ``BlogComment``: approved ones to everyone; every state to moderators.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import select

from app.registry import NodeSource
from app.runtime import Context
from modules.blog.comments import CommentStatus
from modules.blog.graphql import loaders
from modules.blog.graphql.comment_types import BlogComment
from modules.blog.graphql.types import BlogAuthor, BlogPost
from modules.blog.listing.site import load_site
from modules.blog.models import AuthorRow, CommentRow
from modules.blog.permissions import MODERATE_COMMENTS, VIEW_POSTS
from modules.blog.posts import KIND
from modules.content import api as content

__all__ = ["BLOG_NODES"]


async def _posts(ctx: Context, ids: list[uuid.UUID]) -> Sequence[BlogPost | None]:
    tenant = ctx.require_tenant()
    async with ctx.runtime.db.transaction(tenant.id, readonly=True) as session:
        locale = (await load_site(session, tenant.id)).content.default_locale
    may_view = ctx.principal.has_permission(VIEW_POSTS, tenant.id)
    edition = content.Edition.WORKING if may_view else content.Edition.LIVE
    views = await content.load_views(ctx, [(key, locale) for key in ids], edition)
    rows = await loaders.posts(ctx).load_many(ids)
    found: list[BlogPost | None] = []
    for key, row in zip(ids, rows, strict=True):
        view = views.get((key, locale))
        if view is None or row is None or view.kind != KIND:
            found.append(None)
        else:
            found.append(BlogPost.of(view, row))
    return found


async def _authors(ctx: Context, ids: list[uuid.UUID]) -> Sequence[BlogAuthor | None]:
    tenant_id = ctx.require_tenant().id
    async with ctx.runtime.db.transaction(tenant_id, readonly=True) as session:
        rows = await session.scalars(
            select(AuthorRow).where(AuthorRow.tenant_id == tenant_id, AuthorRow.id.in_(ids))
        )
        found = {row.id: BlogAuthor.from_row(row) for row in rows}
    return [found.get(key) for key in ids]


async def _comments(ctx: Context, ids: list[uuid.UUID]) -> Sequence[BlogComment | None]:
    tenant_id = ctx.require_tenant().id
    statement = select(CommentRow).where(CommentRow.tenant_id == tenant_id, CommentRow.id.in_(ids))
    if not ctx.principal.has_permission(MODERATE_COMMENTS, tenant_id):
        statement = statement.where(CommentRow.status == CommentStatus.APPROVED.value)
    async with ctx.runtime.db.transaction(tenant_id, readonly=True) as session:
        found = {row.id: BlogComment.from_row(row) for row in await session.scalars(statement)}
    return [found.get(key) for key in ids]


BLOG_NODES = (
    NodeSource(type_name="BlogPost", load=_posts),
    NodeSource(type_name="BlogAuthor", load=_authors),
    NodeSource(type_name="BlogComment", load=_comments),
)
