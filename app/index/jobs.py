"""Bringing a module's read models up to date when a tenant enables it.

While a module is disabled for a tenant its projections skip that tenant's events, and rows its
``on_tenant_enable`` seeds carry no events; so enabling schedules a rebuild of the module's
projections for the tenant, run by the runners right after the enabling transaction commits.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from app.index.rebuild import rebuild_in_session
from app.jobs.declarations import DelayedJob, JobContext
from app.jobs.schedule import schedule
from app.registry import Module

__all__ = ["REBUILD_ON_ENABLE", "schedule_rebuild_on_enable"]


async def rebuild_module_projections(job: JobContext) -> None:
    """Rebuild every projection of ``args["module"]`` for the job's tenant, in its transaction."""
    runtime = job.context.runtime
    module = runtime.registry.find(str(job.args["module"]))
    if module is None or job.tenant_id is None:
        return  # the module is gone or failed: nothing to rebuild
    for projection in module.projections:
        await rebuild_in_session(job.session, runtime, projection, job.tenant_id)


REBUILD_ON_ENABLE = DelayedJob(
    name="core.rebuild_on_enable", run=rebuild_module_projections, max_attempts=5
)


async def schedule_rebuild_on_enable(
    session: AsyncSession, module: Module, tenant_id: uuid.UUID, now: datetime
) -> None:
    """Schedule the rebuild in the enabling transaction (nothing if it has no projections)."""
    if not module.projections:
        return
    await schedule(
        session,
        REBUILD_ON_ENABLE,
        run_at=now,
        now=now,
        tenant_id=tenant_id,
        args={"module": module.name},
        key=f"{tenant_id}:{module.name}",
    )
