"""Loading ``Asset`` objects by id for other types' fields (an entry's cover image)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import select

from app.runtime import Context
from modules.content.media.graphql.loaders import renditions_of
from modules.content.media.graphql.types import Asset
from modules.content.media.models import AssetRow

__all__ = ["load_assets"]


async def load_assets(ctx: Context, ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, Asset]:
    """Return the tenant's assets among ``ids`` by id (unknown ids are left out).

    Two statements whatever the number of ids: fit for a DataLoader's batch function.
    """
    tenant = ctx.require_tenant()
    wanted = list(dict.fromkeys(ids))
    if not wanted:
        return {}
    async with ctx.runtime.db.transaction(tenant.id, readonly=True) as session:
        rows = list(
            await session.scalars(
                select(AssetRow).where(AssetRow.tenant_id == tenant.id, AssetRow.id.in_(wanted))
            )
        )
        renditions = await renditions_of(session, tenant.id, [row.id for row in rows])
    return {row.id: Asset.from_row(row, renditions[row.id], tenant.slug) for row in rows}
