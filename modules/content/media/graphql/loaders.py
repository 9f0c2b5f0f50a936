"""DataLoaders of the media library: one query per batch of assets."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.dataloader import DataLoader

from app.graphql.loaders import request_loader
from app.runtime import Context
from modules.content.media.models import AssetUseRow, RenditionRow

__all__ = ["renditions_of", "uses"]


async def renditions_of(
    session: AsyncSession, tenant_id: uuid.UUID, asset_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, list[RenditionRow]]:
    """Return the renditions of ``asset_ids`` by asset id, in one statement."""
    found: dict[uuid.UUID, list[RenditionRow]] = defaultdict(list)
    if not asset_ids:
        return found
    rows = await session.scalars(
        select(RenditionRow).where(
            RenditionRow.tenant_id == tenant_id, RenditionRow.asset_id.in_(asset_ids)
        )
    )
    for row in rows:
        found[row.asset_id].append(row)
    return found


def uses(ctx: Context) -> DataLoader[uuid.UUID, list[AssetUseRow]]:
    """Return the request's loader of an asset's uses (by asset id)."""

    async def load(keys: list[uuid.UUID]) -> list[list[AssetUseRow]]:
        tenant = ctx.require_tenant()
        async with ctx.runtime.db.transaction(tenant.id, readonly=True) as session:
            rows = await session.scalars(
                select(AssetUseRow)
                .where(AssetUseRow.tenant_id == tenant.id, AssetUseRow.asset_id.in_(keys))
                .order_by(AssetUseRow.owner_type, AssetUseRow.owner_id, AssetUseRow.field)
            )
            found: dict[uuid.UUID, list[AssetUseRow]] = defaultdict(list)
            for row in rows:
                found[row.asset_id].append(row)
        return [found.get(key, []) for key in keys]

    return request_loader(ctx, "content.asset_uses", load)
