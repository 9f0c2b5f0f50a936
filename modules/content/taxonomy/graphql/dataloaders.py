"""DataLoaders of categories: by id (parents) and by parent (children), one query per batch."""

from __future__ import annotations

import uuid
from collections import defaultdict

from sqlalchemy import select
from strawberry.dataloader import DataLoader

from app.graphql.loaders import request_loader
from app.runtime import Context
from modules.content.taxonomy.models import CategoryRow

__all__ = ["categories", "children"]


def categories(ctx: Context) -> DataLoader[uuid.UUID, CategoryRow | None]:
    """Return the request's loader of categories by id."""

    async def load(keys: list[uuid.UUID]) -> list[CategoryRow | None]:
        tenant = ctx.require_tenant()
        async with ctx.runtime.db.transaction(tenant.id, readonly=True) as session:
            rows = await session.scalars(
                select(CategoryRow).where(
                    CategoryRow.tenant_id == tenant.id, CategoryRow.id.in_(keys)
                )
            )
            found = {row.id: row for row in rows}
        return [found.get(key) for key in keys]

    return request_loader(ctx, "content.categories", load)


def children(ctx: Context) -> DataLoader[uuid.UUID, list[CategoryRow]]:
    """Return the request's loader of a category's children (by parent id, in position order)."""

    async def load(keys: list[uuid.UUID]) -> list[list[CategoryRow]]:
        tenant = ctx.require_tenant()
        async with ctx.runtime.db.transaction(tenant.id, readonly=True) as session:
            rows = await session.scalars(
                select(CategoryRow)
                .where(CategoryRow.tenant_id == tenant.id, CategoryRow.parent_id.in_(keys))
                .order_by(CategoryRow.position, CategoryRow.id)
            )
            found: dict[uuid.UUID | None, list[CategoryRow]] = defaultdict(list)
            for row in rows:
                found[row.parent_id].append(row)
        return [found.get(key, []) for key in keys]

    return request_loader(ctx, "content.category_children", load)
