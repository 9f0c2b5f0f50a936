"""Tag writes: create, rename and delete flat tags; each emits its event."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.db.upsert import insert_for
from app.errors import Conflict, NotFound
from app.events.emit import emit
from app.ids import new_id
from app.runtime import Context
from modules.content.events import TAG_CREATED, TAG_DELETED, TAG_UPDATED, TagEvent
from modules.content.settings import load_settings
from modules.content.taxonomy.models import EntryTagRow, TagRow
from modules.content.taxonomy.names import LocalizedName, check_names, check_slug, slugify

__all__ = [
    "TagInput",
    "add_tag",
    "create_tag",
    "delete_tag",
    "ensure_tag",
    "get_tag",
    "update_tag",
]


@dataclass(frozen=True, slots=True, kw_only=True)
class TagInput:
    """A tag's fields; ``None`` leaves a field as it is (the slug is generated on create)."""

    slug: str | None = None
    names: Sequence[LocalizedName] | None = None


async def get_tag(
    session: AsyncSession, tenant_id: uuid.UUID, tag_id: uuid.UUID, *, lock: bool = False
) -> TagRow:
    """Return the tenant's tag ``tag_id``; NOT_FOUND on ``id`` otherwise."""
    statement = select(TagRow).where(TagRow.tenant_id == tenant_id, TagRow.id == tag_id)
    row = await session.scalar(statement.with_for_update() if lock else statement)
    if row is None:
        raise NotFound("no such tag", field="id")
    return row


async def _slug_owner(session: AsyncSession, tenant_id: uuid.UUID, slug: str) -> uuid.UUID | None:
    return await session.scalar(
        select(TagRow.id).where(TagRow.tenant_id == tenant_id, TagRow.slug == slug)
    )


async def add_tag(ctx: Context, session: AsyncSession, slug: str, names: dict[str, str]) -> TagRow:
    """Insert a tag with a checked, free ``slug`` and emit ``content.tag.created``."""
    now = ctx.runtime.clock.now()
    row = TagRow(
        tenant_id=ctx.require_tenant().id,
        id=new_id(),
        slug=slug,
        names=names,
        created_at=now,
        updated_at=now,
    )
    session.add(row)
    await session.flush()
    await emit(
        ctx, session, TAG_CREATED, TagEvent(tag_id=str(row.id), slug=slug), aggregate_id=row.id
    )
    return row


async def ensure_tag(
    ctx: Context, session: AsyncSession, slug: str, names: dict[str, str]
) -> uuid.UUID:
    """Return the id of the tag ``slug``, inserting it with ``names`` when missing.

    A concurrent transaction inserting the same slug is waited for, not failed on: the insert
    then does nothing and the other's tag is used. Only an inserted tag emits ``...created``.
    """
    tenant_id, now = ctx.require_tenant().id, ctx.runtime.clock.now()
    values = {"tenant_id": tenant_id, "id": new_id(), "slug": slug, "names": names}
    inserted = await session.scalar(
        insert_for(session, TagRow.__table__)
        .values(**values, created_at=now, updated_at=now)
        .on_conflict_do_nothing(index_elements=["tenant_id", "slug"])
        .returning(TagRow.__table__.c.id)
    )
    if inserted is None:
        existing = await _slug_owner(session, tenant_id, slug)
        if existing is None:
            raise Conflict(f"the tag {slug!r} was deleted meanwhile; try again", field="tagNames")
        return existing
    await emit(
        ctx, session, TAG_CREATED, TagEvent(tag_id=str(inserted), slug=slug), aggregate_id=inserted
    )
    return uuid.UUID(str(inserted))


async def create_tag(ctx: Context, given: TagInput) -> TagRow:
    """Create a tag (slug from the default-locale name when absent); CONFLICT on a taken slug."""
    tenant_id = ctx.require_tenant().id
    async with ctx.runtime.db.transaction(tenant_id) as session:
        settings = await load_settings(session, tenant_id)
        names = check_names(given.names or (), settings)
        if given.slug is not None:
            slug = check_slug(given.slug)
        else:
            slug = check_slug(slugify(names[settings.default_locale]), field="names")
        if await _slug_owner(session, tenant_id, slug) is not None:
            raise Conflict(f"the tag {slug!r} exists", field="slug")
        return await add_tag(ctx, session, slug, names)


async def update_tag(ctx: Context, tag_id: uuid.UUID, given: TagInput) -> TagRow:
    """Change a tag's slug or names and emit ``content.tag.updated`` (nothing when unchanged)."""
    tenant_id = ctx.require_tenant().id
    async with ctx.runtime.db.transaction(tenant_id) as session:
        row = await get_tag(session, tenant_id, tag_id, lock=True)
        before = (row.slug, dict(row.names))
        if given.names is not None:
            row.names = check_names(given.names, await load_settings(session, tenant_id))
        if given.slug is not None and given.slug != row.slug:
            slug = check_slug(given.slug)
            if await _slug_owner(session, tenant_id, slug) is not None:
                raise Conflict(f"the tag {slug!r} exists", field="slug")
            row.slug = slug
        if (row.slug, row.names) == before:
            return row
        row.updated_at = ctx.runtime.clock.now()
        await session.flush()
        payload = TagEvent(tag_id=str(row.id), slug=row.slug)
        await emit(ctx, session, TAG_UPDATED, payload, aggregate_id=row.id)
    return row


async def delete_tag(ctx: Context, tag_id: uuid.UUID) -> None:
    """Delete a tag, unlinking it from entries, and emit ``content.tag.deleted``."""
    tenant_id = ctx.require_tenant().id
    async with ctx.runtime.db.transaction(tenant_id) as session:
        row = await get_tag(session, tenant_id, tag_id, lock=True)
        await session.execute(
            delete(EntryTagRow).where(
                EntryTagRow.tenant_id == tenant_id, EntryTagRow.tag_id == row.id
            )
        )
        await session.delete(row)
        await session.flush()
        payload = TagEvent(tag_id=str(row.id), slug=row.slug)
        await emit(ctx, session, TAG_DELETED, payload, aggregate_id=row.id)
