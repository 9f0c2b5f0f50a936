"""Pruning: ended sessions and spent refresh tokens are deleted once they can serve no one.

A session has ended when it was revoked, or when its newest refresh token expired (every
rotation sets ``last_used_at`` and issues a token valid for ``RUSTOK_REFRESH_TOKEN_DAYS``).
Ended sessions are kept ``RUSTOK_SESSION_RETENTION_DAYS`` (for a user's session list and
investigations), then deleted with their tokens. In live sessions, tokens that expired more than
that long ago go too: an expired token is refused whatever its state, so it proves nothing. Used
tokens that have not expired stay: presenting one again is how a leak is detected.

Staff sessions live in core tables; customers' sessions are tenant-scoped and pruned tenant by
tenant as the runtime role (row-level security on).
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from sqlalchemy import and_, delete, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.db import set_tenant
from app.identity.customer_models import CustomerRefreshTokenRow, CustomerSessionRow
from app.identity.models import RefreshTokenRow, SessionRow
from app.jobs.declarations import JobContext, PeriodicJob
from app.tenants.models import TenantRow

__all__ = ["SESSION_PRUNING_JOB", "prune_sessions"]


async def prune_sessions(job: JobContext) -> None:
    """Delete ended sessions and expired refresh tokens past the retention period."""
    settings = job.context.runtime.settings
    keep = timedelta(days=settings.session_retention_days)
    cutoff = job.now - keep
    idle_cutoff = cutoff - timedelta(days=settings.refresh_token_days)
    session = job.session
    await _prune_staff(session, cutoff, idle_cutoff)
    for tenant_id in list(await session.scalars(select(TenantRow.id))):
        await set_tenant(session, tenant_id)
        await _prune_customers(session, tenant_id, cutoff, idle_cutoff)


async def _prune_staff(session: AsyncSession, cutoff: datetime, idle_cutoff: datetime) -> None:
    ended = or_(SessionRow.revoked_at < cutoff, SessionRow.last_used_at < idle_cutoff)
    await session.execute(
        delete(RefreshTokenRow).where(
            or_(
                RefreshTokenRow.session_id.in_(select(SessionRow.id).where(ended)),
                RefreshTokenRow.expires_at < cutoff,
            )
        )
    )
    await session.execute(delete(SessionRow).where(ended))


async def _prune_customers(
    session: AsyncSession, tenant_id: uuid.UUID, cutoff: datetime, idle_cutoff: datetime
) -> None:
    ended = and_(
        CustomerSessionRow.tenant_id == tenant_id,
        or_(CustomerSessionRow.revoked_at < cutoff, CustomerSessionRow.last_used_at < idle_cutoff),
    )
    await session.execute(
        delete(CustomerRefreshTokenRow).where(
            CustomerRefreshTokenRow.tenant_id == tenant_id,
            or_(
                CustomerRefreshTokenRow.session_id.in_(select(CustomerSessionRow.id).where(ended)),
                CustomerRefreshTokenRow.expires_at < cutoff,
            ),
        )
    )
    await session.execute(delete(CustomerSessionRow).where(ended))


SESSION_PRUNING_JOB = PeriodicJob(
    name="core.session_pruning", every=timedelta(hours=6), run=prune_sessions
)
