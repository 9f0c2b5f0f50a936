"""Scheduling delayed jobs in the caller's transaction (a rolled-back write schedules nothing)."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from app.ids import new_id
from app.jobs.declarations import DelayedJob
from app.jobs.models import JobRow, JobState

__all__ = ["cancel", "schedule"]


async def schedule(
    session: AsyncSession,
    job: DelayedJob,
    *,
    run_at: datetime,
    now: datetime,
    tenant_id: uuid.UUID | None = None,
    args: Mapping[str, Any] | None = None,
    key: str | None = None,
) -> uuid.UUID:
    """Schedule ``job`` at ``run_at``; with a ``key``, replace a pending job of the same key.

    Returns:
        The job's id.
    """
    if run_at.tzinfo is None:
        raise ValueError("run_at must be timezone-aware")
    if key is not None:
        existing = await session.scalar(
            select(JobRow).where(JobRow.name == job.name, JobRow.key == key).with_for_update()
        )
        if existing is not None:
            existing.run_at, existing.args, existing.tenant_id = run_at, dict(args or {}), tenant_id
            existing.state, existing.attempts, existing.last_error = JobState.PENDING, 0, None
            existing.finished_at = None
            return existing.id
    row = JobRow(
        id=new_id(),
        name=job.name,
        key=key,
        tenant_id=tenant_id,
        run_at=run_at,
        args=dict(args or {}),
        state=JobState.PENDING,
        attempts=0,
        created_at=now,
    )
    session.add(row)
    await session.flush()
    return row.id


async def cancel(session: AsyncSession, job: DelayedJob, key: str) -> bool:
    """Cancel the pending job of ``key``; return whether there was one."""
    result = await session.execute(
        update(JobRow)
        .where(JobRow.name == job.name, JobRow.key == key, JobRow.state == JobState.PENDING)
        .values(state=JobState.CANCELLED)
    )
    return bool(getattr(result, "rowcount", 0))
