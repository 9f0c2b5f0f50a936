"""Author profiles: create, edit, delete (not while they sign posts), and reads.

A profile may belong to a user of the tenant (``user_id``, at most one profile each) or stand
alone for a guest writer. Every write emits its event in the same transaction.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.errors import Conflict, ErrorCode, FieldProblem, NotFound, ValidationFailed
from app.events.emit import emit
from app.identity.models import MembershipRow
from app.ids import new_id
from app.runtime import Context
from modules.blog.events import (
    AUTHOR_CREATED,
    AUTHOR_DELETED,
    AUTHOR_UPDATED,
    AuthorChanged,
    AuthorCreated,
    AuthorDeleted,
)
from modules.blog.models import AuthorRow, PostAuthorRow
from modules.content import api as content
from modules.content.api import KEEP, Keep

__all__ = [
    "AuthorFields",
    "AuthorLink",
    "create_author",
    "delete_author",
    "find_author_by_slug",
    "update_author",
]

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_LINKS = 20
MAX_BIO = 5000


@dataclass(frozen=True, slots=True)
class AuthorLink:
    """A link on a profile (a website, a social account)."""

    label: str
    url: str


@dataclass(frozen=True, slots=True, kw_only=True)
class AuthorFields:
    """A profile's fields; on update, None (or KEEP for ``user_id``) leaves one as it is."""

    slug: str | None = None
    display_name: str | None = None
    bio: Mapping[str, str] | None = None
    links: Sequence[AuthorLink] | None = None
    user_id: uuid.UUID | Keep | None = KEEP
    avatar_id: uuid.UUID | Keep | None = KEEP


OWNER_TYPE = "BlogAuthor"


async def _set_avatar(
    ctx: Context, session: AsyncSession, row: AuthorRow, avatar_id: uuid.UUID | None
) -> None:
    """Point the profile at ``avatar_id`` and record the use (a used asset is kept)."""
    if avatar_id is not None:
        await content.get_asset(session, row.tenant_id, avatar_id, field="avatarId")
    row.avatar_asset_id = avatar_id
    uses = {"avatar": avatar_id} if avatar_id is not None else {}
    await content.set_asset_uses(
        session, row.tenant_id, OWNER_TYPE, row.id, uses, ctx.runtime.clock.now()
    )


def _problems(fields: AuthorFields) -> list[FieldProblem]:
    found: list[FieldProblem] = []

    def add(message: str, field: str) -> None:
        found.append(FieldProblem(ErrorCode.VALIDATION, message, field))

    if fields.slug is not None and (len(fields.slug) > 100 or not SLUG.match(fields.slug)):
        add("lowercase letters, digits and single hyphens, at most 100", "slug")
    name = fields.display_name
    if name is not None and not 1 <= len(name.strip()) <= 200:
        add("give a name of at most 200 characters", "displayName")
    for number, (locale, text) in enumerate((fields.bio or {}).items()):
        if not 1 <= len(locale) <= 35 or len(text) > MAX_BIO:
            add(f"a locale and at most {MAX_BIO} characters", f"bio.{number}")
    links = fields.links or ()
    if len(links) > MAX_LINKS:
        add(f"at most {MAX_LINKS} links", "links")
    for number, link in enumerate(links):
        if not 1 <= len(link.label.strip()) <= 100:
            add("a label of at most 100 characters", f"links.{number}.label")
        if len(link.url) > 2000 or not link.url.startswith(("https://", "http://")):
            add("an absolute http(s) URL", f"links.{number}.url")
    return found


def _check(fields: AuthorFields) -> None:
    problems = _problems(fields)
    if problems:
        raise ValidationFailed(problems[0].message, field=problems[0].field, problems=problems)


async def _check_unique(
    session: AsyncSession, tenant_id: uuid.UUID, author_id: uuid.UUID, fields: AuthorFields
) -> None:
    if fields.slug is not None:
        taken = await session.scalar(
            select(AuthorRow.id).where(
                AuthorRow.tenant_id == tenant_id,
                AuthorRow.slug == fields.slug,
                AuthorRow.id != author_id,
            )
        )
        if taken is not None:
            raise Conflict(f"another author has the slug {fields.slug!r}", field="slug")
    if isinstance(fields.user_id, uuid.UUID):
        member = await session.scalar(
            select(MembershipRow.user_id).where(
                MembershipRow.tenant_id == tenant_id, MembershipRow.user_id == fields.user_id
            )
        )
        if member is None:
            # The same answer whether the user exists elsewhere or not at all.
            raise ValidationFailed("no member of this site has that user ID", field="userId")
        taken = await session.scalar(
            select(AuthorRow.id).where(
                AuthorRow.tenant_id == tenant_id,
                AuthorRow.user_id == fields.user_id,
                AuthorRow.id != author_id,
            )
        )
        if taken is not None:
            raise Conflict("that user already has an author profile", field="userId")


def _links(links: Sequence[AuthorLink]) -> list[dict[str, str]]:
    return [{"label": link.label.strip(), "url": link.url} for link in links]


async def create_author(ctx: Context, fields: AuthorFields) -> uuid.UUID:
    """Create a profile; emit ``blog.author.created``.

    Raises:
        ValidationFailed: a field breaks a rule (every problem at once).
        Conflict: the slug or the user is taken.
    """
    problems = _problems(fields)
    if fields.slug is None:
        problems.append(FieldProblem(ErrorCode.VALIDATION, "give a slug", "slug"))
    if fields.display_name is None:
        problems.append(FieldProblem(ErrorCode.VALIDATION, "give a name", "displayName"))
    if problems:
        raise ValidationFailed(problems[0].message, field=problems[0].field, problems=problems)
    tenant = ctx.require_tenant()
    user_id = fields.user_id if isinstance(fields.user_id, uuid.UUID) else None
    author_id = new_id()
    async with ctx.runtime.db.transaction(tenant.id) as session:
        await _check_unique(session, tenant.id, author_id, fields)
        now = ctx.runtime.clock.now()
        row = AuthorRow(
            tenant_id=tenant.id,
            id=author_id,
            user_id=user_id,
            slug=fields.slug,
            display_name=(fields.display_name or "").strip(),
            bio=dict(fields.bio or {}),
            avatar_asset_id=None,
            links=_links(fields.links or ()),
            created_at=now,
            updated_at=now,
        )
        session.add(row)
        await session.flush()
        if isinstance(fields.avatar_id, uuid.UUID):
            await _set_avatar(ctx, session, row, fields.avatar_id)
        payload = AuthorCreated(author_id=str(author_id), user_id=str(user_id) if user_id else None)
        await emit(ctx, session, AUTHOR_CREATED, payload, aggregate_id=author_id)
    return author_id


async def lock_author(
    session: AsyncSession, tenant_id: uuid.UUID, author_id: uuid.UUID, field: str = "id"
) -> AuthorRow:
    """Return the profile, locked; NOT_FOUND naming ``field`` when the tenant has none such."""
    row = await session.scalar(
        select(AuthorRow)
        .where(AuthorRow.tenant_id == tenant_id, AuthorRow.id == author_id)
        .with_for_update()
    )
    if row is None:
        raise NotFound("no such author", field=field)
    return row


def _apply(row: AuthorRow, fields: AuthorFields) -> list[str]:
    wanted: dict[str, tuple[str, object]] = {}
    if fields.slug is not None:
        wanted["slug"] = ("slug", fields.slug)
    if fields.display_name is not None:
        wanted["display_name"] = ("displayName", fields.display_name.strip())
    if fields.bio is not None:
        wanted["bio"] = ("bio", dict(fields.bio))
    if fields.links is not None:
        wanted["links"] = ("links", _links(fields.links))
    if not isinstance(fields.user_id, Keep):
        wanted["user_id"] = ("userId", fields.user_id)
    changed = []
    for column, (label, value) in wanted.items():
        if getattr(row, column) != value:
            setattr(row, column, value)
            changed.append(label)
    return changed


async def update_author(ctx: Context, author_id: uuid.UUID, fields: AuthorFields) -> list[str]:
    """Change a profile; emit ``blog.author.updated`` when something changed.

    Returns:
        The names of the input fields that changed.
    """
    _check(fields)
    tenant = ctx.require_tenant()
    async with ctx.runtime.db.transaction(tenant.id) as session:
        row = await lock_author(session, tenant.id, author_id)
        await _check_unique(session, tenant.id, author_id, fields)
        changed = _apply(row, fields)
        if not isinstance(fields.avatar_id, Keep) and fields.avatar_id != row.avatar_asset_id:
            await _set_avatar(ctx, session, row, fields.avatar_id)
            changed.append("avatarId")
        if not changed:
            return []
        row.updated_at = ctx.runtime.clock.now()
        payload = AuthorChanged(author_id=str(author_id), changed=changed)
        await emit(ctx, session, AUTHOR_UPDATED, payload, aggregate_id=author_id)
    return changed


async def delete_author(ctx: Context, author_id: uuid.UUID) -> None:
    """Delete a profile; CONFLICT while it signs a post."""
    tenant = ctx.require_tenant()
    async with ctx.runtime.db.transaction(tenant.id) as session:
        row = await lock_author(session, tenant.id, author_id)
        signed = await session.scalar(
            select(PostAuthorRow.post_id)
            .where(PostAuthorRow.tenant_id == tenant.id, PostAuthorRow.author_id == author_id)
            .limit(1)
        )
        if signed is not None:
            raise Conflict("the author signs posts: take them off the posts first", field="id")
        await content.release_asset_uses(session, tenant.id, OWNER_TYPE, author_id)
        await session.delete(row)
        payload = AuthorDeleted(author_id=str(author_id))
        await emit(ctx, session, AUTHOR_DELETED, payload, aggregate_id=author_id)


async def find_author_by_slug(ctx: Context, slug: str) -> AuthorRow | None:
    """Return the tenant's profile at ``slug``, or None."""
    tenant = ctx.require_tenant()
    async with ctx.runtime.db.transaction(tenant.id, readonly=True) as session:
        return await session.scalar(
            select(AuthorRow).where(AuthorRow.tenant_id == tenant.id, AuthorRow.slug == slug[:100])
        )
