"""Per-request DataLoaders: one loader per name and request, so a relation costs one query.

Resolvers run concurrently; each loader batches the keys asked for in one tick and opens its
own transaction, so sibling resolvers never share a session (DESIGN.md).
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Hashable, Sequence
from typing import TypeVar

from sqlalchemy import select
from strawberry.dataloader import DataLoader

from app.db import Base
from app.runtime import Context

__all__ = ["request_loader", "rows_by_id"]

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")

R = TypeVar("R", bound=Base)


def request_loader(
    ctx: Context, name: str, load: Callable[[list[K]], Awaitable[Sequence[V]]]
) -> DataLoader[K, V]:
    """Return the request's loader called ``name``, made from ``load`` on first use.

    ``load`` gets the distinct keys of one batch and returns one value per key, in order.
    """
    found = ctx.loaders.get(name)
    if isinstance(found, DataLoader):
        return found
    loader: DataLoader[K, V] = DataLoader(load_fn=load)
    ctx.loaders[name] = loader
    return loader


def rows_by_id(ctx: Context, model: type[R], name: str) -> DataLoader[uuid.UUID, R | None]:
    """Return the request's loader ``name`` of the tenant's ``model`` rows by id (one query).

    ``model`` is a tenant-scoped table with an ``id`` column; an id of no row (or of another
    tenant's) loads ``None``.
    """
    columns = model.__table__.c

    async def load(keys: list[uuid.UUID]) -> list[R | None]:
        tenant_id = ctx.require_tenant().id
        async with ctx.runtime.db.transaction(tenant_id, readonly=True) as session:
            rows = await session.execute(
                select(columns.id, model).where(
                    columns.tenant_id == tenant_id, columns.id.in_(keys)
                )
            )
            found: dict[uuid.UUID, R] = {key: row for key, row in rows}
        return [found.get(key) for key in keys]

    return request_loader(ctx, name, load)
