"""Where assets are used: each use is a row, so a used asset cannot be deleted silently."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import datetime

from sqlalchemy import Select, delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.errors import NotFound
from modules.content.media.models import AssetRow, AssetUseRow

__all__ = ["get_asset", "list_uses", "release_asset_uses", "set_asset_uses"]


async def get_asset(
    session: AsyncSession, tenant_id: uuid.UUID, asset_id: uuid.UUID, *, field: str = "id"
) -> AssetRow:
    """Return the tenant's asset ``asset_id``; NotFound naming ``field`` if it has none."""
    row = await session.scalar(
        select(AssetRow).where(AssetRow.tenant_id == tenant_id, AssetRow.id == asset_id)
    )
    if row is None:
        raise NotFound(f"no asset {asset_id} in this site", field=field)
    return row


async def set_asset_uses(
    session: AsyncSession,
    tenant_id: uuid.UUID,
    owner_type: str,
    owner_id: uuid.UUID,
    uses: Mapping[str, uuid.UUID],
    now: datetime,
) -> None:
    """Make the owner's uses exactly ``uses`` (field → asset id), in ``session``'s transaction.

    Raises:
        NotFound: on the field of the first asset id the tenant does not have.
    """
    wanted = set(uses.values())
    known: set[uuid.UUID] = set()
    if wanted:
        known = set(
            await session.scalars(
                select(AssetRow.id).where(AssetRow.tenant_id == tenant_id, AssetRow.id.in_(wanted))
            )
        )
    for field, asset_id in uses.items():
        if asset_id not in known:
            raise NotFound(f"no asset {asset_id} in this site", field=field)
    existing = {
        (row.field, row.asset_id): row
        for row in await session.scalars(_owner_uses(tenant_id, owner_type, owner_id))
    }
    for key, row in existing.items():
        if key not in uses.items():
            await session.delete(row)
    await session.flush()
    for field, asset_id in uses.items():
        if (field, asset_id) not in existing:
            session.add(
                AssetUseRow(
                    tenant_id=tenant_id,
                    asset_id=asset_id,
                    owner_type=owner_type,
                    owner_id=owner_id,
                    field=field,
                    created_at=now,
                )
            )
    await session.flush()


async def release_asset_uses(
    session: AsyncSession, tenant_id: uuid.UUID, owner_type: str, owner_id: uuid.UUID
) -> None:
    """Forget every use of the owner (it is being deleted)."""
    await session.execute(
        delete(AssetUseRow).where(
            AssetUseRow.tenant_id == tenant_id,
            AssetUseRow.owner_type == owner_type,
            AssetUseRow.owner_id == owner_id,
        )
    )


async def list_uses(
    session: AsyncSession, tenant_id: uuid.UUID, asset_id: uuid.UUID
) -> list[AssetUseRow]:
    """Return the uses of one asset, by owner."""
    rows = await session.scalars(
        select(AssetUseRow)
        .where(AssetUseRow.tenant_id == tenant_id, AssetUseRow.asset_id == asset_id)
        .order_by(AssetUseRow.owner_type, AssetUseRow.owner_id, AssetUseRow.field)
    )
    return list(rows)


def _owner_uses(tenant_id: uuid.UUID, owner_type: str, owner_id: uuid.UUID) -> Select[AssetUseRow]:
    return select(AssetUseRow).where(
        AssetUseRow.tenant_id == tenant_id,
        AssetUseRow.owner_type == owner_type,
        AssetUseRow.owner_id == owner_id,
    )
