"""Running due jobs: the same code in the embedded runner and in ``rustok worker``."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from app.auth.principal import SystemPrincipal
from app.db import set_tenant
from app.db.upsert import insert_for
from app.events.retry import RetryPolicy
from app.jobs.declarations import DelayedJob, JobContext, PeriodicJob
from app.jobs.models import JobRow, JobState, PeriodicRunRow
from app.runtime import Context, Runtime
from app.tenants.models import TenantModuleRow

__all__ = ["JobRunner", "OwnedJob"]

logger = logging.getLogger(__name__)

MAX_ERROR_LENGTH = 2000


@dataclass(frozen=True, slots=True)
class OwnedJob:
    """A job and the module that declares it (None for the core)."""

    module: str | None
    job: DelayedJob | PeriodicJob


class JobRunner:
    """Claims and runs due delayed jobs and periodic jobs."""

    def __init__(self, runtime: Runtime, jobs: Iterable[OwnedJob], *, batch_size: int = 50) -> None:
        self._runtime = runtime
        self._delayed = {o.job.name: o for o in jobs if isinstance(o.job, DelayedJob)}
        self._periodic = [o for o in jobs if isinstance(o.job, PeriodicJob)]
        self._batch_size = batch_size

    async def run_due(self) -> int:
        """Run every due job once; return how many ran (or failed).

        A read-only look comes first: runners check jobs several times a second, and on
        SQLite a write transaction that finds nothing due still waits its turn behind every
        writer and holds the write lock.
        """
        periodic, has_delayed = await self._due()
        ran = await self._run_periodic(periodic)
        if not has_delayed:
            return ran
        while True:
            count = await self._run_delayed_batch()
            ran += count
            if count < self._batch_size:
                return ran

    async def _run_delayed_batch(self) -> int:
        runtime = self._runtime
        async with runtime.db.transaction() as session:
            now = runtime.clock.now()
            statement = (
                select(JobRow)
                .where(JobRow.state == JobState.PENDING, JobRow.run_at <= now)
                .order_by(JobRow.run_at)
                .limit(self._batch_size)
            )
            if runtime.db.is_postgres:
                statement = statement.with_for_update(skip_locked=True)
            rows = list(await session.scalars(statement))
            for row in rows:
                await self._run_one(session, row)
        return len(rows)

    async def _run_one(self, session: AsyncSession, row: JobRow) -> None:
        now = self._runtime.clock.now()
        owned = self._delayed.get(row.name)
        row.attempts += 1
        if owned is None:
            return self._failed(row, "no such job is installed", max_attempts=5)
        if row.tenant_id is not None:
            await set_tenant(session, row.tenant_id)
            if owned.module is not None and not await _enabled(
                session, row.tenant_id, owned.module
            ):
                row.state, row.finished_at, row.last_error = JobState.DONE, now, "skipped: disabled"
                return None
        job = owned.job
        context = self._context(session, job.name, row.tenant_id, row.args)
        try:
            async with session.begin_nested():
                await job.run(context)
        except Exception as error:
            logger.warning("job %s (%s) failed", row.name, row.id, exc_info=True)
            assert isinstance(job, DelayedJob)  # noqa: S101 - only delayed jobs are stored
            return self._failed(row, f"{type(error).__name__}: {error}", job.max_attempts)
        row.state, row.finished_at, row.last_error = JobState.DONE, now, None
        return None

    def _failed(self, row: JobRow, error: str, max_attempts: int) -> None:
        policy = RetryPolicy(max_attempts=max_attempts)
        row.last_error = error[:MAX_ERROR_LENGTH]
        if policy.is_exhausted(row.attempts):
            row.state, row.finished_at = JobState.DEAD, self._runtime.clock.now()
        else:
            row.run_at = self._runtime.clock.now() + policy.delay(row.attempts)

    def _context(
        self, session: AsyncSession, name: str, tenant_id: uuid.UUID | None, args: dict[str, object]
    ) -> JobContext:
        context = Context(runtime=self._runtime, principal=SystemPrincipal(label=f"job:{name}"))
        return JobContext(
            session=session,
            context=context,
            tenant_id=tenant_id,
            now=self._runtime.clock.now(),
            args=args,
        )

    async def _due(self) -> tuple[list[OwnedJob], bool]:
        """Return the periodic jobs that may be due and whether any delayed job is due."""
        runtime = self._runtime
        now = runtime.clock.now()
        async with runtime.db.transaction(readonly=True) as session:
            rows = await session.execute(select(PeriodicRunRow.name, PeriodicRunRow.next_run_at))
            scheduled = {name: next_run_at for name, next_run_at in rows}
            delayed = await session.scalar(
                select(JobRow.id)
                .where(JobRow.state == JobState.PENDING, JobRow.run_at <= now)
                .limit(1)
            )
        periodic = [
            owned
            for owned in self._periodic
            if owned.job.name not in scheduled or scheduled[owned.job.name] <= now
        ]
        return periodic, delayed is not None

    async def _run_periodic(self, due: list[OwnedJob]) -> int:
        ran = 0
        for owned in due:
            job = owned.job
            assert isinstance(job, PeriodicJob)  # noqa: S101 - filtered in __init__
            if await self._claim_period(job):
                ran += 1
                await self._run_period(job)
        return ran

    async def _claim_period(self, job: PeriodicJob) -> bool:
        runtime = self._runtime
        now = runtime.clock.now()
        async with runtime.db.transaction() as session:
            first_run = insert_for(session, PeriodicRunRow).values(name=job.name, next_run_at=now)
            await session.execute(first_run.on_conflict_do_nothing())
            result = await session.execute(
                update(PeriodicRunRow)
                .where(PeriodicRunRow.name == job.name, PeriodicRunRow.next_run_at <= now)
                .values(next_run_at=now + job.every, last_run_at=now)
            )
        return bool(getattr(result, "rowcount", 0))

    async def _run_period(self, job: PeriodicJob) -> None:
        runtime = self._runtime
        error: str | None = None
        try:
            async with runtime.db.transaction() as session:
                await job.run(self._context(session, job.name, None, {}))
        except Exception as failure:
            logger.warning("periodic job %s failed", job.name, exc_info=True)
            error = f"{type(failure).__name__}: {failure}"[:MAX_ERROR_LENGTH]
        async with runtime.db.transaction() as session:
            await session.execute(
                update(PeriodicRunRow)
                .where(PeriodicRunRow.name == job.name)
                .values(last_error=error)
            )


async def _enabled(session: AsyncSession, tenant_id: uuid.UUID, module: str) -> bool:
    found = await session.scalar(
        select(TenantModuleRow.is_enabled).where(
            TenantModuleRow.tenant_id == tenant_id, TenantModuleRow.module == module
        )
    )
    return bool(found)
