"""Blog's jobs: purging comments marked as spam once their retention has passed."""

from __future__ import annotations

import uuid
from datetime import timedelta

from sqlalchemy import delete, select

from app.db.database import set_tenant
from app.events.emit import emit
from app.jobs.declarations import JobContext, PeriodicJob
from app.tenants.models import TenantModuleRow, TenantRow
from modules.blog.comments import CommentStatus
from modules.blog.events import COMMENT_DELETED, CommentRemoved
from modules.blog.models import CommentRow
from modules.blog.settings import load_settings

__all__ = ["PURGE_SPAM"]


async def _purge_tenant(job: JobContext, tenant_id: uuid.UUID) -> None:
    session = job.session
    enabled = await session.scalar(
        select(TenantModuleRow.is_enabled).where(
            TenantModuleRow.tenant_id == tenant_id, TenantModuleRow.module == "blog"
        )
    )
    if not enabled:
        return
    settings = await load_settings(session, tenant_id)
    cutoff = job.now - timedelta(days=settings.spam_retention_days)
    rows = list(
        await session.execute(
            select(CommentRow.id, CommentRow.post_id).where(
                CommentRow.tenant_id == tenant_id,
                CommentRow.status == CommentStatus.SPAM.value,
                CommentRow.updated_at <= cutoff,
            )
        )
    )
    if not rows:
        return
    await session.execute(
        delete(CommentRow).where(
            CommentRow.tenant_id == tenant_id, CommentRow.id.in_([row[0] for row in rows])
        )
    )
    for comment_id, post_id in rows:
        payload = CommentRemoved(comment_id=str(comment_id), post_id=str(post_id))
        await emit(
            job.context,
            session,
            COMMENT_DELETED,
            payload,
            aggregate_id=comment_id,
            tenant_id=tenant_id,
        )


async def _purge_spam(job: JobContext) -> None:
    """Delete spam older than each tenant's ``spam_retention_days``, tenant by tenant."""
    # core_tenants is not row-secured: the one cross-tenant list a job may read.
    for tenant_id in list(await job.session.scalars(select(TenantRow.id))):
        await set_tenant(job.session, tenant_id)
        await _purge_tenant(job, tenant_id)


PURGE_SPAM = PeriodicJob(name="blog.purge_spam", every=timedelta(days=1), run=_purge_spam)
