"""Blog reads: one live post by slug, an editor's working copy, author profiles.

Post lists (``blogPosts``, ``adminBlogPosts``) come with blog's read model, later.
"""

from __future__ import annotations

import uuid
from typing import Annotated

import strawberry
from sqlalchemy import Select, select

from app.graphql.context import Info
from app.graphql.directives import guarded, public
from app.graphql.global_ids import local_id
from app.graphql.relay import PageRequest, paginate
from app.graphql.types import Connection
from app.runtime import Context
from modules.blog.authors import find_author_by_slug
from modules.blog.graphql import loaders
from modules.blog.graphql.types import BlogAuthor, BlogPost
from modules.blog.models import AuthorRow
from modules.blog.permissions import VIEW_POSTS
from modules.blog.posts import KIND
from modules.content import api as content

__all__ = ["BlogQuery", "find_post"]

_Locale = Annotated[
    str | None,
    strawberry.argument(description="The locale wanted (default: the site's default locale)."),
]


async def post_of(ctx: Context, view: content.EntryView | None) -> BlogPost | None:
    """Return the post an entry view shows, or None when the entry is not a post."""
    if view is None or view.kind != KIND:
        return None
    row = await loaders.posts(ctx).load(view.entry_id)
    return BlogPost.of(view, row) if row is not None else None


async def find_post(
    ctx: Context, post_id: uuid.UUID, locale: str | None, edition: content.Edition
) -> BlogPost | None:
    """Return the post in ``locale`` at ``edition``, or None."""
    return await post_of(ctx, await content.find_view(ctx, post_id, locale, edition))


@strawberry.type(description="Blog reads.")
class BlogQuery:
    """Blog queries."""

    @strawberry.field(
        description="A published post by its slug; falls back to the default locale if allowed.",
        directives=public(),
    )
    async def blog_post(
        self,
        info: Info,
        slug: Annotated[str, strawberry.argument(description="The slug in that locale.")],
        locale: _Locale = None,
    ) -> BlogPost | None:
        """Find a live post."""
        view = await content.find_live_by_slug(info.context, slug[:200], locale)
        return await post_of(info.context, view)

    @strawberry.field(
        description="A post's working copy in one locale, in any state.",
        directives=guarded(VIEW_POSTS),
    )
    async def admin_blog_post(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="The post's ID.")],
        locale: _Locale = None,
    ) -> BlogPost | None:
        """Find a working copy."""
        post_id = local_id(id, "BlogPost", "id")
        return await find_post(info.context, post_id, locale, content.Edition.WORKING)

    @strawberry.field(description="The site's author profiles.", directives=public())
    async def blog_authors(
        self,
        info: Info,
        first: Annotated[int | None, strawberry.argument(description="Page size (≤ 100).")] = None,
        after: Annotated[
            str | None, strawberry.argument(description="Cursor to start after.")
        ] = None,
    ) -> Connection[BlogAuthor]:
        """Page through the profiles, oldest first."""
        page = PageRequest.from_arguments(first=first, after=after, max_size=100)
        tenant_id = info.context.require_tenant().id
        statement: Select[tuple[AuthorRow]] = select(AuthorRow)
        statement = statement.where(AuthorRow.tenant_id == tenant_id)
        async with info.context.runtime.db.transaction(tenant_id, readonly=True) as session:
            return await paginate(
                session, statement, AuthorRow.id, page, BlogAuthor.from_row, lambda row: row.id
            )

    @strawberry.field(description="An author profile by its slug.", directives=public())
    async def blog_author(
        self,
        info: Info,
        slug: Annotated[str, strawberry.argument(description="The profile's slug.")],
    ) -> BlogAuthor | None:
        """Find a profile."""
        row = await find_author_by_slug(info.context, slug)
        return BlogAuthor.from_row(row) if row is not None else None
