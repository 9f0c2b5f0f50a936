"""Retention: delivered events older than ``RUSTOK_EVENT_RETENTION_DAYS`` are deleted.

Dead letters (and events any subscriber has not yet received) are kept; so is the audit log.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import delete, exists, select

from app.db import set_tenant
from app.events.models import DeliveryRow, DeliveryState, EventRow
from app.jobs.declarations import JobContext, PeriodicJob
from app.tenants.models import TenantRow

__all__ = ["RETENTION_JOB", "prune_delivered_events"]


async def prune_delivered_events(job: JobContext) -> None:
    """Delete each tenant's fully delivered events older than the retention period."""
    settings = job.context.runtime.settings
    cutoff = job.now - timedelta(days=settings.event_retention_days)
    session = job.session
    tenants = list(await session.scalars(select(TenantRow.id)))
    unfinished = exists().where(
        DeliveryRow.event_id == EventRow.id, DeliveryRow.state != DeliveryState.DELIVERED
    )
    for tenant_id in tenants:
        await set_tenant(session, tenant_id)
        await session.execute(
            delete(EventRow).where(
                EventRow.tenant_id == tenant_id, EventRow.occurred_at < cutoff, ~unfinished
            )
        )


RETENTION_JOB = PeriodicJob(
    name="core.event_retention", every=timedelta(hours=1), run=prune_delivered_events
)
