"""Writing posts: a post is a content entry of kind ``post`` plus blog's row and byline.

Content's writes open their own transactions (``modules.content.api``), so creating a post
is two commits: the entry (content's, with ``content.entry.created``), then blog's row, its
byline and ``blog.post.created``. Everything blog reads and writes starts from the blog row:
an entry of kind ``post`` without one is not a post (no blog query shows it, the handler
ignores its events). If writing the blog row fails, the entry is deleted again
(compensation); input that can be checked up front (authors) is checked before the entry
exists, so that path is for races and crashes only.

Publishing, unpublishing and archiving go through content; blog's handler
(:mod:`modules.blog.mirror`) turns content's events into ``blog.post.*`` ones.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.auth.principal import UserPrincipal
from app.errors import ErrorCode, FieldProblem, NotFound, ValidationFailed
from app.events.emit import emit
from app.runtime import Context
from modules.blog.events import POST_CREATED, POST_UPDATED, PostChanged, PostCreated
from modules.blog.models import AuthorRow, PostAuthorRow, PostRow
from modules.content import api as content

__all__ = [
    "KIND",
    "PostFields",
    "archive_post",
    "create_post",
    "delete_post",
    "publish_post",
    "unpublish_post",
    "update_post",
]

KIND = "post"
MAX_AUTHORS = 20


@dataclass(frozen=True, slots=True, kw_only=True)
class PostFields:
    """Blog's fields of a post; None leaves one as it is (on update)."""

    author_ids: Sequence[uuid.UUID] | None = None
    is_featured: bool | None = None
    comments_enabled: bool | None = None


async def _check_authors(
    session: AsyncSession, tenant_id: uuid.UUID, author_ids: Sequence[uuid.UUID]
) -> None:
    if not author_ids:
        raise ValidationFailed("a post needs at least one author", field="authorIds")
    if len(author_ids) > MAX_AUTHORS:
        raise ValidationFailed(f"at most {MAX_AUTHORS} authors", field="authorIds")
    found = set(
        await session.scalars(
            select(AuthorRow.id).where(
                AuthorRow.tenant_id == tenant_id, AuthorRow.id.in_(list(author_ids))
            )
        )
    )
    problems: list[FieldProblem] = []
    seen: set[uuid.UUID] = set()
    for number, author_id in enumerate(author_ids):
        if author_id not in found:
            problems.append(
                FieldProblem(ErrorCode.NOT_FOUND, "no such author", f"authorIds.{number}")
            )
        elif author_id in seen:
            problems.append(
                FieldProblem(ErrorCode.VALIDATION, "listed twice", f"authorIds.{number}")
            )
        seen.add(author_id)
    if problems:
        if problems[0].code is ErrorCode.NOT_FOUND:
            raise NotFound(problems[0].message, field=problems[0].field)
        raise ValidationFailed(problems[0].message, field=problems[0].field, problems=problems)


async def _authors_checked(ctx: Context, author_ids: Sequence[uuid.UUID] | None) -> None:
    if author_ids is None:
        return
    tenant = ctx.require_tenant()
    async with ctx.runtime.db.transaction(tenant.id, readonly=True) as session:
        await _check_authors(session, tenant.id, author_ids)


async def _set_byline(
    session: AsyncSession, tenant_id: uuid.UUID, post_id: uuid.UUID, author_ids: Sequence[uuid.UUID]
) -> None:
    await session.execute(
        delete(PostAuthorRow).where(
            PostAuthorRow.tenant_id == tenant_id, PostAuthorRow.post_id == post_id
        )
    )
    session.add_all(
        PostAuthorRow(tenant_id=tenant_id, post_id=post_id, author_id=author_id, position=n)
        for n, author_id in enumerate(author_ids)
    )
    await session.flush()


async def byline(
    session: AsyncSession, tenant_id: uuid.UUID, post_id: uuid.UUID
) -> list[uuid.UUID]:
    """Return the post's author ids in byline order."""
    ids = await session.scalars(
        select(PostAuthorRow.author_id)
        .where(PostAuthorRow.tenant_id == tenant_id, PostAuthorRow.post_id == post_id)
        .order_by(PostAuthorRow.position)
    )
    return list(ids)


async def _write_post(
    ctx: Context,
    entry_id: uuid.UUID,
    locale: str,
    fields: PostFields,
    author_ids: Sequence[uuid.UUID],
) -> None:
    tenant = ctx.require_tenant()
    async with ctx.runtime.db.transaction(tenant.id) as session:
        await _check_authors(session, tenant.id, author_ids)
        now = ctx.runtime.clock.now()
        session.add(
            PostRow(
                tenant_id=tenant.id,
                id=entry_id,
                is_featured=bool(fields.is_featured),
                comments_enabled=fields.comments_enabled is not False,
                created_at=now,
                updated_at=now,
            )
        )
        await session.flush()
        await _set_byline(session, tenant.id, entry_id, author_ids)
        payload = PostCreated(
            post_id=str(entry_id), locale=locale, author_ids=[str(a) for a in author_ids]
        )
        await emit(ctx, session, POST_CREATED, payload, aggregate_id=entry_id)


async def create_post(
    ctx: Context,
    *,
    locale: str,
    draft: content.DraftInput,
    entry_fields: content.EntryFields,
    fields: PostFields,
) -> tuple[uuid.UUID, str]:
    """Create a post as a draft: content's entry, then blog's row and byline.

    Returns:
        The post id (the entry id) and the locale of its first translation.
    """
    author_ids = list(fields.author_ids or ())
    await _authors_checked(ctx, author_ids)
    principal = ctx.principal
    entry_id, locale = await content.create_entry(
        ctx,
        locale=locale,
        draft=draft,
        kind=KIND,
        fields=entry_fields,
        author_user_id=principal.user_id if isinstance(principal, UserPrincipal) else None,
    )
    try:
        await _write_post(ctx, entry_id, locale, fields, author_ids)
    except Exception:
        await content.delete_entry(ctx, entry_id)  # compensate: no entry without its post
        raise
    return entry_id, locale


async def _lock_post(session: AsyncSession, tenant_id: uuid.UUID, post_id: uuid.UUID) -> PostRow:
    row = await session.scalar(
        select(PostRow)
        .where(PostRow.tenant_id == tenant_id, PostRow.id == post_id)
        .with_for_update()
    )
    if row is None:
        raise NotFound("no such post", field="id")
    return row


async def require_post(ctx: Context, post_id: uuid.UUID) -> None:
    """Raise NOT_FOUND (on ``id``) unless the tenant has the post."""
    tenant = ctx.require_tenant()
    async with ctx.runtime.db.transaction(tenant.id, readonly=True) as session:
        found = await session.scalar(
            select(PostRow.id).where(PostRow.tenant_id == tenant.id, PostRow.id == post_id)
        )
    if found is None:
        raise NotFound("no such post", field="id")


async def _apply(session: AsyncSession, row: PostRow, fields: PostFields) -> list[str]:
    changed: list[str] = []
    if fields.is_featured is not None and fields.is_featured != row.is_featured:
        row.is_featured = fields.is_featured
        changed.append("isFeatured")
    if fields.comments_enabled is not None and fields.comments_enabled != row.comments_enabled:
        row.comments_enabled = fields.comments_enabled
        changed.append("commentsEnabled")
    if fields.author_ids is not None:
        await _check_authors(session, row.tenant_id, fields.author_ids)
        if await byline(session, row.tenant_id, row.id) != list(fields.author_ids):
            await _set_byline(session, row.tenant_id, row.id, fields.author_ids)
            changed.append("authorIds")
    return changed


async def update_post(
    ctx: Context,
    post_id: uuid.UUID,
    *,
    locale: str | None,
    draft: content.DraftInput | None,
    entry_fields: content.EntryFields | None,
    fields: PostFields,
) -> list[str]:
    """Save a new draft and/or shared fields (content's) and blog's fields; emit one event.

    Content's part commits first (``content.entry.updated``), then blog's with
    ``blog.post.updated`` naming everything that changed. Nothing changed → no event.

    Returns:
        The names of the input fields that changed.
    """
    await require_post(ctx, post_id)
    await _authors_checked(ctx, fields.author_ids)
    content_changed: list[str] = []
    if draft is not None or entry_fields is not None:
        content_changed = await content.update_entry(
            ctx, post_id, locale=locale, draft=draft, fields=entry_fields
        )
    tenant = ctx.require_tenant()
    async with ctx.runtime.db.transaction(tenant.id) as session:
        row = await _lock_post(session, tenant.id, post_id)
        blog_changed = await _apply(session, row, fields)
        changed = content_changed + blog_changed
        if not changed:
            return []
        row.updated_at = ctx.runtime.clock.now()
        draft_changed = draft is not None and bool(content_changed)
        payload = PostChanged(
            post_id=str(post_id), locale=locale if draft_changed else None, changed=changed
        )
        await emit(ctx, session, POST_UPDATED, payload, aggregate_id=post_id)
    return changed


async def publish_post(
    ctx: Context, post_id: uuid.UUID, locale: str, publish_at: datetime | None
) -> None:
    """Publish the post's working copy in ``locale`` now, or schedule it."""
    await require_post(ctx, post_id)
    await content.publish_entry(ctx, post_id, locale, publish_at)


async def unpublish_post(ctx: Context, post_id: uuid.UUID, locale: str) -> None:
    """Take the post offline in ``locale``."""
    await require_post(ctx, post_id)
    await content.unpublish_entry(ctx, post_id, locale)


async def archive_post(ctx: Context, post_id: uuid.UUID, locale: str) -> None:
    """Archive the post in ``locale``."""
    await require_post(ctx, post_id)
    await content.archive_entry(ctx, post_id, locale)


async def delete_post(ctx: Context, post_id: uuid.UUID) -> None:
    """Delete the post with its entry (CONFLICT while live or scheduled anywhere).

    The blog row, byline and comments go with the entry (cascade); ``blog.post.deleted``
    follows from ``content.entry.deleted`` through the handler, in the same way whoever
    deleted the entry.
    """
    await require_post(ctx, post_id)
    await content.delete_entry(ctx, post_id)
