"""Category writes: create, rename, move (re-pathing the subtree) and delete; each emits its event.

A category's ``path`` is its ancestors' slugs and its own joined by ``/``; ``depth`` is its
number of ancestors (roots are at 0). A move or a new slug rewrites the path and depth of the
whole subtree in one statement, inside the mutation's transaction.
"""

from __future__ import annotations

import enum
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import String, delete, func, literal, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from app.errors import Conflict, NotFound, ValidationFailed
from app.events.emit import emit
from app.ids import new_id
from app.runtime import Context
from modules.content.events import (
    CATEGORY_CREATED,
    CATEGORY_DELETED,
    CATEGORY_UPDATED,
    CategoryCreated,
    CategoryDeleted,
    CategoryUpdated,
)
from modules.content.settings import load_settings
from modules.content.taxonomy.models import CategoryRow, EntryCategoryRow
from modules.content.taxonomy.names import LocalizedName, check_names, check_slug, slugify

__all__ = [
    "KEEP",
    "MAX_DEPTH",
    "CategoryChange",
    "CategoryInput",
    "Keep",
    "create_category",
    "delete_category",
    "get_category",
    "update_category",
]

MAX_DEPTH = 7
"""The deepest ``depth``: roots are at 0, so a tree has at most eight levels."""


class Keep(enum.Enum):
    """Marks an optional change that was not asked for (``null`` means something else)."""

    KEEP = "keep"


KEEP = Keep.KEEP


@dataclass(frozen=True, slots=True, kw_only=True)
class CategoryInput:
    """A new category: under ``parent_id`` (None: a root), slug generated when absent."""

    parent_id: uuid.UUID | None = None
    slug: str | None = None
    names: Sequence[LocalizedName] = ()
    position: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class CategoryChange:
    """Changes to a category; ``None`` (``KEEP`` for the parent) leaves a field as it is."""

    parent_id: uuid.UUID | Keep | None = KEEP
    slug: str | None = None
    names: Sequence[LocalizedName] | None = None
    position: int | None = None


async def get_category(
    session: AsyncSession,
    tenant_id: uuid.UUID,
    category_id: uuid.UUID,
    *,
    field: str = "id",
    lock: bool = False,
) -> CategoryRow:
    """Return the tenant's category ``category_id``; NOT_FOUND naming ``field`` otherwise."""
    statement = select(CategoryRow).where(
        CategoryRow.tenant_id == tenant_id, CategoryRow.id == category_id
    )
    row = await session.scalar(statement.with_for_update() if lock else statement)
    if row is None:
        raise NotFound("no such category", field=field)
    return row


def _join(parent_path: str, slug: str) -> str:
    return f"{parent_path}/{slug}" if parent_path else slug


def _check_position(position: int | None) -> int | None:
    if position is not None and position < 0:
        raise ValidationFailed("a position is 0 or more", field="position")
    return position


def _check_depth(depth: int) -> None:
    if depth > MAX_DEPTH:
        message = f"categories nest at most {MAX_DEPTH + 1} levels deep"
        raise ValidationFailed(message, field="parentId")


async def _path_owner(session: AsyncSession, tenant_id: uuid.UUID, path: str) -> uuid.UUID | None:
    return await session.scalar(
        select(CategoryRow.id).where(CategoryRow.tenant_id == tenant_id, CategoryRow.path == path)
    )


async def _generated_slug(
    session: AsyncSession, tenant_id: uuid.UUID, parent_path: str, name: str
) -> str:
    base = slugify(name)[:90].strip("-") or "category"
    taken = set(
        await session.scalars(
            select(CategoryRow.path).where(
                CategoryRow.tenant_id == tenant_id,
                CategoryRow.path.startswith(_join(parent_path, base), autoescape=True),
            )
        )
    )
    number, slug = 1, base
    while _join(parent_path, slug) in taken:
        number += 1
        slug = f"{base}-{number}"
    return slug


async def _next_position(
    session: AsyncSession, tenant_id: uuid.UUID, parent_id: uuid.UUID | None
) -> int:
    highest = await session.scalar(
        select(func.max(CategoryRow.position)).where(
            CategoryRow.tenant_id == tenant_id,
            CategoryRow.parent_id.is_(None)
            if parent_id is None
            else CategoryRow.parent_id == parent_id,
        )
    )
    return 0 if highest is None else int(highest) + 1


async def _make_room(session: AsyncSession, row: CategoryRow) -> None:
    """Move the siblings at or after ``row.position`` one place down, so ``row`` goes first."""
    parent = CategoryRow.parent_id
    await session.execute(
        update(CategoryRow)
        .where(
            CategoryRow.tenant_id == row.tenant_id,
            parent.is_(None) if row.parent_id is None else parent == row.parent_id,
            CategoryRow.position >= row.position,
            CategoryRow.id != row.id,
        )
        .values(position=CategoryRow.position + 1)
        .execution_options(synchronize_session=False)
    )


async def create_category(ctx: Context, given: CategoryInput) -> CategoryRow:
    """Create a category and emit ``content.category.created``.

    VALIDATION on ``names.<n>.*``, ``slug``, ``position`` or ``parentId`` (too deep); NOT_FOUND
    on ``parentId``; CONFLICT on ``slug`` when a sibling has it.
    """
    tenant_id = ctx.require_tenant().id
    position = _check_position(given.position)
    async with ctx.runtime.db.transaction(tenant_id) as session:
        settings = await load_settings(session, tenant_id)
        names = check_names(given.names, settings)
        parent = None
        if given.parent_id is not None:
            parent = await get_category(
                session, tenant_id, given.parent_id, field="parentId", lock=True
            )
        depth = 0 if parent is None else parent.depth + 1
        _check_depth(depth)
        parent_path = "" if parent is None else parent.path
        if given.slug is None:
            name = names[settings.default_locale]
            slug = await _generated_slug(session, tenant_id, parent_path, name)
        else:
            slug = check_slug(given.slug)
        path = _join(parent_path, slug)
        if await _path_owner(session, tenant_id, path) is not None:
            raise Conflict(f"a category at {path!r} exists", field="slug")
        placed = position is not None
        if position is None:
            position = await _next_position(session, tenant_id, given.parent_id)
        now = ctx.runtime.clock.now()
        row = CategoryRow(
            tenant_id=tenant_id,
            id=new_id(),
            parent_id=given.parent_id,
            slug=slug,
            path=path,
            depth=depth,
            position=position,
            names=names,
            created_at=now,
            updated_at=now,
        )
        if placed:
            await _make_room(session, row)
        session.add(row)
        await session.flush()
        parent_id = None if parent is None else str(parent.id)
        payload = CategoryCreated(category_id=str(row.id), parent_id=parent_id, path=path)
        await emit(ctx, session, CATEGORY_CREATED, payload, aggregate_id=row.id)
    return row


@dataclass(frozen=True, slots=True)
class _Place:
    parent_id: uuid.UUID | None
    parent_path: str
    depth: int


async def _new_place(
    session: AsyncSession, row: CategoryRow, parent_id: uuid.UUID | Keep | None
) -> _Place:
    if isinstance(parent_id, Keep):
        return _Place(row.parent_id, row.path.rpartition("/")[0], row.depth)
    if parent_id is None:
        return _Place(None, "", 0)
    # Locked (and so re-read after a concurrent move commits): two crossing moves cannot
    # both pass the check below and leave a cycle.
    parent = await get_category(session, row.tenant_id, parent_id, field="parentId", lock=True)
    if parent.id == row.id or parent.path.startswith(f"{row.path}/"):
        raise ValidationFailed("a category cannot move under itself", field="parentId")
    return _Place(parent.id, parent.path, parent.depth + 1)


async def _subtree_depth(session: AsyncSession, row: CategoryRow) -> int:
    deepest = await session.scalar(
        select(func.max(CategoryRow.depth)).where(
            CategoryRow.tenant_id == row.tenant_id,
            CategoryRow.path.startswith(f"{row.path}/", autoescape=True),
        )
    )
    return 0 if deepest is None else int(deepest) - row.depth


async def _repath(
    ctx: Context, session: AsyncSession, row: CategoryRow, path: str, depth: int
) -> None:
    """Move ``row`` to ``path`` at ``depth``, and its descendants with it."""
    owner = await _path_owner(session, row.tenant_id, path)
    if owner is not None and owner != row.id:
        field = "slug" if path.rpartition("/")[2] != row.slug else "parentId"
        raise Conflict(f"a category at {path!r} exists", field=field)
    _check_depth(depth + await _subtree_depth(session, row))
    descendants = CategoryRow.path.startswith(f"{row.path}/", autoescape=True)
    rest = func.substr(CategoryRow.path, len(row.path) + 1, type_=String)
    await session.execute(
        update(CategoryRow)
        .where(CategoryRow.tenant_id == row.tenant_id, descendants)
        .values(
            path=literal(path, String) + rest,
            depth=CategoryRow.depth + (depth - row.depth),
            updated_at=ctx.runtime.clock.now(),
        )
        .execution_options(synchronize_session=False)
    )
    row.path, row.depth = path, depth


async def update_category(
    ctx: Context, category_id: uuid.UUID, change: CategoryChange
) -> CategoryRow:
    """Rename or move a category (with its subtree) and emit ``content.category.updated``.

    Moving it under itself or a descendant, or deeper than eight levels, is a VALIDATION error
    on ``parentId``. Nothing is emitted when nothing changed.
    """
    tenant_id = ctx.require_tenant().id
    position = _check_position(change.position)
    async with ctx.runtime.db.transaction(tenant_id) as session:
        row = await get_category(session, tenant_id, category_id, lock=True)
        before = (row.parent_id, row.path, row.position, dict(row.names))
        if change.names is not None:
            row.names = check_names(change.names, await load_settings(session, tenant_id))
        place = await _new_place(session, row, change.parent_id)
        slug = row.slug if change.slug is None else check_slug(change.slug)
        path = _join(place.parent_path, slug)
        if path != row.path:
            await _repath(ctx, session, row, path, place.depth)
        if place.parent_id != row.parent_id and position is None:
            position = await _next_position(session, tenant_id, place.parent_id)
        row.parent_id, row.slug = place.parent_id, slug
        row.position = row.position if position is None else position
        if (row.parent_id, row.path, row.position, row.names) == before:
            return row
        if change.position is not None:
            await _make_room(session, row)
        row.updated_at = ctx.runtime.clock.now()
        await session.flush()
        await emit(ctx, session, CATEGORY_UPDATED, _updated(row, before[1]), aggregate_id=row.id)
    return row


def _updated(row: CategoryRow, previous_path: str) -> CategoryUpdated:
    return CategoryUpdated(
        category_id=str(row.id),
        parent_id=None if row.parent_id is None else str(row.parent_id),
        path=row.path,
        previous_path=previous_path if previous_path != row.path else None,
    )


async def delete_category(ctx: Context, category_id: uuid.UUID) -> None:
    """Delete a category without children, unlinking it from entries; emit ``...deleted``.

    CONFLICT on ``id`` while it has children.
    """
    tenant_id = ctx.require_tenant().id
    async with ctx.runtime.db.transaction(tenant_id) as session:
        row = await get_category(session, tenant_id, category_id, lock=True)
        child = await session.scalar(
            select(CategoryRow.id)
            .where(CategoryRow.tenant_id == tenant_id, CategoryRow.parent_id == row.id)
            .limit(1)
        )
        if child is not None:
            raise Conflict("move or delete the category's children first", field="id")
        await session.execute(
            delete(EntryCategoryRow).where(
                EntryCategoryRow.tenant_id == tenant_id, EntryCategoryRow.category_id == row.id
            )
        )
        await session.delete(row)
        await session.flush()
        payload = CategoryDeleted(category_id=str(row.id), path=row.path)
        await emit(ctx, session, CATEGORY_DELETED, payload, aggregate_id=row.id)
