"""DataLoaders of blog: posts, bylines and settings, one query per batch."""

from __future__ import annotations

import uuid
from collections import defaultdict

from sqlalchemy import select
from strawberry.dataloader import DataLoader

from app.graphql.loaders import request_loader
from app.runtime import Context
from modules.blog.listing.rows import comment_counts as count_comments
from modules.blog.models import AuthorRow, PostAuthorRow, PostRow
from modules.blog.settings import BlogSettings, load_settings
from modules.content import api as content

__all__ = ["assets", "bylines", "comment_counts", "posts", "settings", "terms"]


def posts(ctx: Context) -> DataLoader[uuid.UUID, PostRow | None]:
    """Return the request's loader of blog rows by post id."""

    async def load(keys: list[uuid.UUID]) -> list[PostRow | None]:
        tenant = ctx.require_tenant()
        async with ctx.runtime.db.transaction(tenant.id, readonly=True) as session:
            rows = await session.scalars(
                select(PostRow).where(PostRow.tenant_id == tenant.id, PostRow.id.in_(keys))
            )
            found = {row.id: row for row in rows}
        return [found.get(key) for key in keys]

    return request_loader(ctx, "blog.posts", load)


def bylines(ctx: Context) -> DataLoader[uuid.UUID, list[AuthorRow]]:
    """Return the request's loader of a post's authors in byline order."""

    async def load(keys: list[uuid.UUID]) -> list[list[AuthorRow]]:
        tenant = ctx.require_tenant()
        async with ctx.runtime.db.transaction(tenant.id, readonly=True) as session:
            rows = await session.execute(
                select(PostAuthorRow.post_id, AuthorRow)
                .join(
                    AuthorRow,
                    (AuthorRow.tenant_id == PostAuthorRow.tenant_id)
                    & (AuthorRow.id == PostAuthorRow.author_id),
                )
                .where(PostAuthorRow.tenant_id == tenant.id, PostAuthorRow.post_id.in_(keys))
                .order_by(PostAuthorRow.post_id, PostAuthorRow.position)
            )
            found: dict[uuid.UUID, list[AuthorRow]] = defaultdict(list)
            for post_id, author in rows:
                found[post_id].append(author)
        return [found.get(key, []) for key in keys]

    return request_loader(ctx, "blog.bylines", load)


def settings(ctx: Context) -> DataLoader[uuid.UUID, BlogSettings]:
    """Return the request's loader of the tenant's blog settings (by tenant id)."""

    async def load(keys: list[uuid.UUID]) -> list[BlogSettings]:
        found = []
        for key in keys:
            async with ctx.runtime.db.transaction(key, readonly=True) as session:
                found.append(await load_settings(session, key))
        return found

    return request_loader(ctx, "blog.settings", load)


def assets(ctx: Context) -> DataLoader[uuid.UUID, content.Asset | None]:
    """Return the request's loader of assets (covers, avatars) by id."""

    async def load(keys: list[uuid.UUID]) -> list[content.Asset | None]:
        found = await content.load_assets(ctx, keys)
        return [found.get(key) for key in keys]

    return request_loader(ctx, "blog.assets", load)


def terms(ctx: Context) -> DataLoader[uuid.UUID, tuple[content.EntryTerms, str]]:
    """Return the request's loader of a post's categories and tags, with the default locale."""

    async def load(keys: list[uuid.UUID]) -> list[tuple[content.EntryTerms, str]]:
        tenant = ctx.require_tenant()
        async with ctx.runtime.db.transaction(tenant.id, readonly=True) as session:
            default = (await content.load_settings(session, tenant.id)).default_locale
            found = await content.load_entry_terms(session, tenant.id, keys)
        return [(found.get(key, content.EntryTerms()), default) for key in keys]

    return request_loader(ctx, "blog.terms", load)


def comment_counts(ctx: Context) -> DataLoader[uuid.UUID, tuple[int, int]]:
    """Return the request's loader of a post's (approved, pending) comment counts."""

    async def load(keys: list[uuid.UUID]) -> list[tuple[int, int]]:
        tenant = ctx.require_tenant()
        async with ctx.runtime.db.transaction(tenant.id, readonly=True) as session:
            found = await count_comments(session, tenant.id, keys)
        return [found.get(key, (0, 0)) for key in keys]

    return request_loader(ctx, "blog.comment_counts", load)
