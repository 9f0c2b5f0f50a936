"""An entry's categories and tags: replacing them on save, loading them for many entries."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import and_, delete, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from app.errors import NotFound, ValidationFailed
from app.runtime import Context
from modules.content.settings import load_settings
from modules.content.taxonomy.models import CategoryRow, EntryCategoryRow, EntryTagRow, TagRow
from modules.content.taxonomy.names import MAX_NAME, slugify
from modules.content.taxonomy.tags import ensure_tag

__all__ = ["EntryTerms", "category_ancestor_ids", "load_entry_terms", "set_entry_terms"]


@dataclass(frozen=True, slots=True)
class EntryTerms:
    """An entry's categories (by path) and tags (by slug)."""

    categories: tuple[CategoryRow, ...] = ()
    tags: tuple[TagRow, ...] = ()


async def _known(
    session: AsyncSession,
    tenant_id: uuid.UUID,
    ids: Sequence[uuid.UUID],
    columns: tuple[InstrumentedAttribute[uuid.UUID], InstrumentedAttribute[uuid.UUID]],
    field: str,
) -> list[uuid.UUID]:
    tenant_column, id_column = columns
    found = set(
        await session.scalars(
            select(id_column).where(tenant_column == tenant_id, id_column.in_(ids))
        )
    )
    for n, value in enumerate(ids):
        if value not in found:
            raise NotFound(f"no such {field.removesuffix('Ids')}", field=f"{field}.{n}")
    return list(dict.fromkeys(ids))


async def _relink(
    session: AsyncSession,
    model: type[EntryCategoryRow | EntryTagRow],
    term: InstrumentedAttribute[uuid.UUID],
    key: tuple[uuid.UUID, uuid.UUID],
    wanted: list[uuid.UUID],
) -> bool:
    tenant_id, entry_id = key
    mine = and_(model.tenant_id == tenant_id, model.entry_id == entry_id)
    current = set(await session.scalars(select(term).where(mine)))
    if current == set(wanted):
        return False
    gone = current.difference(wanted)
    if gone:
        await session.execute(delete(model).where(mine, term.in_(gone)))
    for term_id in dict.fromkeys(wanted):
        if term_id not in current:
            fields = {"tenant_id": tenant_id, "entry_id": entry_id, term.key: term_id}
            session.add(model(**fields))
    await session.flush()
    return True


def _tag_slugs(tag_names: Sequence[str]) -> dict[str, str]:
    slugs: dict[str, str] = {}
    for n, raw in enumerate(tag_names):
        name, slug = raw.strip(), slugify(raw)
        if not 1 <= len(name) <= MAX_NAME or not slug:
            message = f"a tag name is 1-{MAX_NAME} characters with a latin letter or a digit"
            raise ValidationFailed(message, field=f"tagNames.{n}")
        slugs.setdefault(slug, name)
    return slugs


async def _named_tags(
    ctx: Context, session: AsyncSession, tag_names: Sequence[str]
) -> list[uuid.UUID]:
    tenant_id = ctx.require_tenant().id
    slugs = _tag_slugs(tag_names)
    if not slugs:
        return []
    rows = await session.scalars(
        select(TagRow).where(TagRow.tenant_id == tenant_id, TagRow.slug.in_(slugs))
    )
    found = {row.slug: row.id for row in rows}
    missing = [slug for slug in slugs if slug not in found]
    if missing:
        locale = (await load_settings(session, tenant_id)).default_locale
        for slug in missing:
            found[slug] = await ensure_tag(ctx, session, slug, {locale: slugs[slug]})
    return [found[slug] for slug in slugs]


async def set_entry_terms(
    ctx: Context,
    session: AsyncSession,
    entry_id: uuid.UUID,
    *,
    category_ids: Sequence[uuid.UUID] | None,
    tag_ids: Sequence[uuid.UUID] | None,
    tag_names: Sequence[str] | None,
) -> list[str]:
    """Replace an entry's categories and/or tags in ``session``; return what changed.

    ``category_ids`` (when not None) replaces the categories; ``tag_ids`` and ``tag_names``
    (when either is not None) together replace the tags, creating the named tags that are
    missing (slug from the name, emitting ``content.tag.created``). Unknown ids are NOT_FOUND
    on ``categoryIds.<n>`` / ``tagIds.<n>``. Returns ``categoryIds`` and ``tags`` for the
    sets that changed.
    """
    tenant_id = ctx.require_tenant().id
    key = (tenant_id, entry_id)
    changed: list[str] = []
    if category_ids is not None:
        columns = (CategoryRow.tenant_id, CategoryRow.id)
        wanted = await _known(session, tenant_id, category_ids, columns, "categoryIds")
        if await _relink(session, EntryCategoryRow, EntryCategoryRow.category_id, key, wanted):
            changed.append("categoryIds")
    if tag_ids is not None or tag_names is not None:
        columns = (TagRow.tenant_id, TagRow.id)
        tags = await _known(session, tenant_id, tag_ids or (), columns, "tagIds")
        tags += await _named_tags(ctx, session, tag_names or ())
        if await _relink(session, EntryTagRow, EntryTagRow.tag_id, key, tags):
            changed.append("tags")
    return changed


async def load_entry_terms(
    session: AsyncSession, tenant_id: uuid.UUID, entry_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, EntryTerms]:
    """Return the terms of each of ``entry_ids`` (empty when none) in two statements."""
    if not entry_ids:
        return {}
    categories: dict[uuid.UUID, list[CategoryRow]] = defaultdict(list)
    tags: dict[uuid.UUID, list[TagRow]] = defaultdict(list)
    category_links = await session.execute(
        select(EntryCategoryRow.entry_id, CategoryRow)
        .join(
            CategoryRow,
            and_(
                CategoryRow.tenant_id == EntryCategoryRow.tenant_id,
                CategoryRow.id == EntryCategoryRow.category_id,
            ),
        )
        .where(EntryCategoryRow.tenant_id == tenant_id, EntryCategoryRow.entry_id.in_(entry_ids))
        .order_by(CategoryRow.path)
    )
    for entry_id, category in category_links:
        categories[entry_id].append(category)
    tag_links = await session.execute(
        select(EntryTagRow.entry_id, TagRow)
        .join(
            TagRow, and_(TagRow.tenant_id == EntryTagRow.tenant_id, TagRow.id == EntryTagRow.tag_id)
        )
        .where(EntryTagRow.tenant_id == tenant_id, EntryTagRow.entry_id.in_(entry_ids))
        .order_by(TagRow.slug)
    )
    for entry_id, tag in tag_links:
        tags[entry_id].append(tag)
    return {
        entry_id: EntryTerms(tuple(categories[entry_id]), tuple(tags[entry_id]))
        for entry_id in entry_ids
    }


def _prefixes(path: str) -> list[str]:
    parts = path.split("/")
    return ["/".join(parts[: n + 1]) for n in range(len(parts))]


async def category_ancestor_ids(
    session: AsyncSession, tenant_id: uuid.UUID, category_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, tuple[uuid.UUID, ...]]:
    """Return each known category's id chain from its root down to itself (two statements).

    Unknown ids are left out. Read models store the chain so a filter by a category also
    finds entries filed under its descendants.
    """
    if not category_ids:
        return {}
    paths = {
        row.id: row.path
        for row in await session.execute(
            select(CategoryRow.id, CategoryRow.path).where(
                CategoryRow.tenant_id == tenant_id, CategoryRow.id.in_(category_ids)
            )
        )
    }
    wanted = {prefix for path in paths.values() for prefix in _prefixes(path)}
    ids = {
        row.path: row.id
        for row in await session.execute(
            select(CategoryRow.id, CategoryRow.path).where(
                CategoryRow.tenant_id == tenant_id, CategoryRow.path.in_(wanted)
            )
        )
    }
    return {
        category_id: tuple(ids[prefix] for prefix in _prefixes(path) if prefix in ids)
        for category_id, path in paths.items()
    }
