"""Product categories: a tree with a materialized ``path`` of slugs; create, update/move, delete.

Moving a category (a new ``parent_id``) or renaming its slug rewrites the paths of its whole
subtree in the same transaction. A category with children is not deleted (CONFLICT); deleting
one unfiles its products.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.errors import ErrorCode, FieldProblem, NotFound
from app.events.emit import emit
from app.ids import new_id
from app.runtime import Context
from modules.commerce.errors import conflict, refuse_if_any
from modules.commerce.events import (
    CATEGORY_CREATED,
    CATEGORY_DELETED,
    CATEGORY_UPDATED,
    CategoryCreated,
    CategoryDeleted,
    CategoryUpdated,
)
from modules.commerce.models import CategoryRow

__all__ = [
    "ROOT",
    "CategoryFields",
    "Root",
    "create_category",
    "delete_category",
    "update_category",
]

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_DEPTH = 9


class Root:
    """The parent of top-level categories, as an update's explicit choice."""


ROOT = Root()


@dataclass(frozen=True, slots=True, kw_only=True)
class CategoryFields:
    """A category's fields; on update, None leaves one as it is (``parent``: ROOT moves it up)."""

    parent: uuid.UUID | Root | None = None
    slug: str | None = None
    name: str | None = None
    position: int | None = None


def _problems(fields: CategoryFields) -> list[FieldProblem]:
    found: list[FieldProblem] = []

    def add(message: str, field: str) -> None:
        found.append(FieldProblem(ErrorCode.VALIDATION, message, field))

    if fields.slug is not None and (len(fields.slug) > 100 or not SLUG.match(fields.slug)):
        add("lowercase letters, digits and single hyphens, at most 100", "slug")
    if fields.name is not None and not 1 <= len(fields.name.strip()) <= 200:
        add("a name of 1 to 200 characters", "name")
    if fields.position is not None and not 0 <= fields.position <= 1_000_000:
        add("a position of 0 or more", "position")
    return found


async def _lock(
    session: AsyncSession, tenant_id: uuid.UUID, category_id: uuid.UUID, field: str
) -> CategoryRow:
    row = await session.scalar(
        select(CategoryRow)
        .where(CategoryRow.tenant_id == tenant_id, CategoryRow.id == category_id)
        .with_for_update()
    )
    if row is None:
        raise NotFound("no such category", field=field)
    return row


async def _path_taken(
    session: AsyncSession, tenant_id: uuid.UUID, path: str, category_id: uuid.UUID
) -> bool:
    found = await session.scalar(
        select(CategoryRow.id).where(
            CategoryRow.tenant_id == tenant_id,
            CategoryRow.path == path,
            CategoryRow.id != category_id,
        )
    )
    return found is not None


async def _next_position(
    session: AsyncSession, tenant_id: uuid.UUID, parent_id: uuid.UUID | None
) -> int:
    sibling = (
        CategoryRow.parent_id.is_(None) if parent_id is None else CategoryRow.parent_id == parent_id
    )
    found = await session.scalar(
        select(func.max(CategoryRow.position)).where(CategoryRow.tenant_id == tenant_id, sibling)
    )
    return 0 if found is None else int(found) + 1


async def create_category(ctx: Context, fields: CategoryFields) -> uuid.UUID:
    """Create a category under ``fields.parent`` (None: at the root); emit its created event.

    Raises:
        ValidationFailed: every problem at once (CONFLICT when a sibling has the slug).
        NotFound: the tenant has no such parent (``parentId``).
    """
    problems = _problems(fields)
    if fields.slug is None:
        problems.append(FieldProblem(ErrorCode.VALIDATION, "give a slug", "slug"))
    if fields.name is None:
        problems.append(FieldProblem(ErrorCode.VALIDATION, "give a name", "name"))
    refuse_if_any(problems)
    tenant_id = ctx.require_tenant().id
    parent_id = fields.parent if isinstance(fields.parent, uuid.UUID) else None
    category_id = new_id()
    async with ctx.runtime.db.transaction(tenant_id) as session:
        parent = await _lock(session, tenant_id, parent_id, "parentId") if parent_id else None
        path = f"{parent.path}/{fields.slug}" if parent else str(fields.slug)
        depth = parent.depth + 1 if parent else 0
        if depth > MAX_DEPTH:
            refuse_if_any([conflict(f"at most {MAX_DEPTH + 1} levels", "parentId")])
        if await _path_taken(session, tenant_id, path, category_id):
            refuse_if_any([conflict(f"a sibling has the slug {fields.slug!r}", "slug")])
        position = fields.position
        if position is None:
            position = await _next_position(session, tenant_id, parent_id)
        now = ctx.runtime.clock.now()
        session.add(
            CategoryRow(
                tenant_id=tenant_id,
                id=category_id,
                parent_id=parent_id,
                slug=fields.slug,
                name=(fields.name or "").strip(),
                path=path,
                depth=depth,
                position=position,
                created_at=now,
                updated_at=now,
            )
        )
        await session.flush()
        payload = CategoryCreated(
            category_id=str(category_id),
            parent_id=str(parent_id) if parent_id else None,
            path=path,
        )
        await emit(ctx, session, CATEGORY_CREATED, payload, aggregate_id=category_id)
    return category_id


async def _descendants(session: AsyncSession, row: CategoryRow) -> list[CategoryRow]:
    rows = await session.scalars(
        select(CategoryRow)
        .where(CategoryRow.tenant_id == row.tenant_id, CategoryRow.path.startswith(f"{row.path}/"))
        .with_for_update()
    )
    return list(rows)


async def _place(
    session: AsyncSession, row: CategoryRow, fields: CategoryFields
) -> tuple[uuid.UUID | None, str, int]:
    """Return the parent, path and depth the update asks for, refusing a cycle or a clash."""
    parent_id = row.parent_id
    if isinstance(fields.parent, Root):
        parent_id = None
    elif isinstance(fields.parent, uuid.UUID):
        parent_id = fields.parent
    slug = fields.slug if fields.slug is not None else row.slug
    if parent_id is None:
        return None, slug, 0
    parent = await _lock(session, row.tenant_id, parent_id, "parentId")
    if parent.id == row.id or parent.path.startswith(f"{row.path}/"):
        refuse_if_any([conflict("a category cannot move under itself", "parentId")])
    return parent.id, f"{parent.path}/{slug}", parent.depth + 1


async def update_category(ctx: Context, category_id: uuid.UUID, fields: CategoryFields) -> None:
    """Rename, reorder or move a category (its subtree's paths follow); emit its updated event.

    Raises:
        ValidationFailed: every problem at once (CONFLICT for a cycle, a taken path, a tree
            deeper than 10 levels).
        NotFound: the tenant has no such category (``id``) or parent (``parentId``).
    """
    refuse_if_any(_problems(fields))
    tenant_id = ctx.require_tenant().id
    async with ctx.runtime.db.transaction(tenant_id) as session:
        row = await _lock(session, tenant_id, category_id, "id")
        parent_id, path, depth = await _place(session, row, fields)
        below = await _descendants(session, row)
        deepest = max((child.depth - row.depth for child in below), default=0)
        if depth + deepest > MAX_DEPTH:
            refuse_if_any([conflict(f"at most {MAX_DEPTH + 1} levels", "parentId")])
        if path != row.path and await _path_taken(session, tenant_id, path, category_id):
            refuse_if_any([conflict(f"a sibling has the slug {path.rsplit('/')[-1]!r}", "slug")])
        previous, previous_depth = row.path, row.depth
        changed = _apply(row, fields, parent_id, path, depth)
        for child in below:
            child.path = path + child.path.removeprefix(previous)
            child.depth = depth + child.depth - previous_depth
        if not changed:
            return
        row.updated_at = ctx.runtime.clock.now()
        payload = CategoryUpdated(
            category_id=str(category_id),
            parent_id=str(parent_id) if parent_id else None,
            path=path,
            previous_path=previous if previous != path else None,
        )
        await emit(ctx, session, CATEGORY_UPDATED, payload, aggregate_id=category_id)


def _apply(
    row: CategoryRow, fields: CategoryFields, parent_id: uuid.UUID | None, path: str, depth: int
) -> bool:
    wanted = {
        "parent_id": parent_id,
        "slug": fields.slug if fields.slug is not None else row.slug,
        "name": fields.name.strip() if fields.name is not None else row.name,
        "position": fields.position if fields.position is not None else row.position,
        "path": path,
        "depth": depth,
    }
    changed = False
    for attribute, value in wanted.items():
        if getattr(row, attribute) != value:
            setattr(row, attribute, value)
            changed = True
    return changed


async def delete_category(ctx: Context, category_id: uuid.UUID) -> None:
    """Delete a category without children (its products are unfiled); emit its deleted event.

    Raises:
        ValidationFailed: CONFLICT while it has child categories.
        NotFound: the tenant has no such category (``id``).
    """
    tenant_id = ctx.require_tenant().id
    async with ctx.runtime.db.transaction(tenant_id) as session:
        row = await _lock(session, tenant_id, category_id, "id")
        child = await session.scalar(
            select(CategoryRow.id)
            .where(CategoryRow.tenant_id == tenant_id, CategoryRow.parent_id == category_id)
            .limit(1)
        )
        if child is not None:
            refuse_if_any([conflict("move or delete its child categories first", "id")])
        payload = CategoryDeleted(category_id=str(category_id), path=row.path)
        await session.delete(row)
        await emit(ctx, session, CATEGORY_DELETED, payload, aggregate_id=category_id)
