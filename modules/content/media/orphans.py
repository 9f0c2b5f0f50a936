"""The sweep of orphan files: stored files that no asset row names.

An upload writes its file before its row; when the row's transaction fails and the immediate
clean-up fails too (the process died), the file stays. ``content.remove_orphan_files`` removes
every asset folder older than an hour whose asset does not exist.
"""

from __future__ import annotations

import asyncio
import uuid
from collections import defaultdict
from datetime import timedelta

from sqlalchemy import select

from app.db import set_tenant
from app.jobs.declarations import JobContext, PeriodicJob
from app.tenants.models import TenantRow
from modules.content.media.models import AssetRow
from modules.content.media.storage import asset_prefix, storage_for

__all__ = ["GRACE", "REMOVE_ORPHAN_FILES", "remove_orphan_files"]

# An upload in flight has its file but not yet its row: leave young folders alone.
GRACE = timedelta(hours=1)


async def remove_orphan_files(job: JobContext) -> None:
    """Remove asset folders older than :data:`GRACE` that no asset row names."""
    storage = storage_for(job.context.runtime.settings)
    cutoff = (job.now - GRACE).timestamp()
    candidates: dict[uuid.UUID, set[uuid.UUID]] = defaultdict(set)
    for tenant_name, asset_name, modified in await asyncio.to_thread(
        lambda: list(storage.walk_assets())
    ):
        tenant_id, asset_id = _uuid(tenant_name), _uuid(asset_name)
        if tenant_id is not None and asset_id is not None and modified < cutoff:
            candidates[tenant_id].add(asset_id)
    known_tenants = (
        set(await job.session.scalars(select(TenantRow.id).where(TenantRow.id.in_(candidates))))
        if candidates
        else set()
    )
    for tenant_id, asset_ids in candidates.items():
        if tenant_id not in known_tenants:
            continue
        await set_tenant(job.session, tenant_id)
        known = set(
            await job.session.scalars(
                select(AssetRow.id).where(
                    AssetRow.tenant_id == tenant_id, AssetRow.id.in_(asset_ids)
                )
            )
        )
        for asset_id in asset_ids - known:
            await storage.delete(asset_prefix(tenant_id, asset_id))


def _uuid(name: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(name)
    except ValueError:
        return None


REMOVE_ORPHAN_FILES = PeriodicJob(
    name="content.remove_orphan_files", every=timedelta(days=1), run=remove_orphan_files
)
