"""Delayed and periodic jobs: on time (moved clock), retried, dead, replaced, cancelled."""

from __future__ import annotations

import asyncio
import uuid
from datetime import timedelta

import pytest
from sqlalchemy import delete, select

from app.bootstrap import build_work_cycle
from app.errors import Conflict
from app.jobs.models import JobRow, PeriodicRunRow
from app.jobs.schedule import cancel, schedule
from tests.fixtures.widgets.jobs import HEARTBEATS, RENAME_LATER
from tests.fixtures.widgets.models import WidgetRow
from tests.fixtures.widgets.module import create_widget
from tests.support.databases import DatabaseTarget
from tests.support.events import controlled_app, tenant_context


async def job_state(api_db: object, job_id: uuid.UUID) -> tuple[str, int, str | None]:
    """Return a job's state, attempts and last error."""
    from app.db import Database

    assert isinstance(api_db, Database)
    async with api_db.transaction(readonly=True) as session:
        row = await session.get(JobRow, job_id)
    assert row is not None
    return row.state, row.attempts, row.last_error


async def test_a_delayed_job_runs_on_time_and_not_before(database: DatabaseTarget) -> None:
    async with controlled_app(database) as (api, clock, tenant):
        runtime = api.state.runtime
        ctx = await tenant_context(runtime, tenant)
        widget_id = await create_widget(ctx, "early-name")
        async with runtime.db.transaction(tenant.id) as session:
            job_id = await schedule(
                session,
                RENAME_LATER,
                run_at=clock.now() + timedelta(hours=1),
                now=clock.now(),
                tenant_id=tenant.id,
                args={"id": str(widget_id), "name": "late-name"},
            )
        cycle = build_work_cycle(runtime)
        await cycle.run_once()
        assert (await job_state(runtime.db, job_id))[0] == "pending"
        clock.advance(timedelta(hours=1))
        await cycle.run_once()
        assert await job_state(runtime.db, job_id) == ("done", 1, None)
        async with runtime.db.transaction(tenant.id, readonly=True) as session:
            name = await session.scalar(select(WidgetRow.name).where(WidgetRow.id == widget_id))
        assert name == "late-name"


async def test_a_rolled_back_write_schedules_nothing(database: DatabaseTarget) -> None:
    async with controlled_app(database) as (api, clock, tenant):
        runtime = api.state.runtime
        key = f"rollback-{uuid.uuid4().hex}"

        async def abandoned() -> None:
            async with runtime.db.transaction(tenant.id) as session:
                await schedule(
                    session,
                    RENAME_LATER,
                    run_at=clock.now(),
                    now=clock.now(),
                    tenant_id=tenant.id,
                    args={"id": str(uuid.uuid4()), "name": "x"},
                    key=key,
                )
                raise Conflict("abandon")

        with pytest.raises(Conflict):
            await abandoned()
        async with runtime.db.transaction(readonly=True) as session:
            assert await session.scalar(select(JobRow.id).where(JobRow.key == key)) is None


async def test_a_failing_job_retries_with_backoff_then_dies(database: DatabaseTarget) -> None:
    async with controlled_app(database) as (api, clock, tenant):
        runtime = api.state.runtime
        async with runtime.db.transaction(tenant.id) as session:
            job_id = await schedule(
                session,
                RENAME_LATER,
                run_at=clock.now(),
                now=clock.now(),
                tenant_id=tenant.id,
                args={"id": str(uuid.uuid4()), "name": "fail-always"},
            )
        cycle = build_work_cycle(runtime)
        await cycle.run_once()
        assert await job_state(runtime.db, job_id) == (
            "pending",
            1,
            "RuntimeError: cannot rename to 'fail-always'",
        )
        await cycle.run_once()
        assert (await job_state(runtime.db, job_id))[1] == 1  # not due yet: backoff
        for _ in range(3):
            clock.advance(timedelta(minutes=10))
            await cycle.run_once()
        assert await job_state(runtime.db, job_id) == (
            "dead",
            3,
            "RuntimeError: cannot rename to 'fail-always'",
        )


async def test_a_keyed_job_is_replaced_and_can_be_cancelled(database: DatabaseTarget) -> None:
    async with controlled_app(database) as (api, clock, tenant):
        runtime = api.state.runtime
        key = f"publish-{uuid.uuid4().hex}"
        args = {"id": str(uuid.uuid4()), "name": "n"}
        async with runtime.db.transaction(tenant.id) as session:
            first = await schedule(
                session,
                RENAME_LATER,
                run_at=clock.now() + timedelta(days=1),
                now=clock.now(),
                tenant_id=tenant.id,
                args=args,
                key=key,
            )
            second = await schedule(
                session,
                RENAME_LATER,
                run_at=clock.now() + timedelta(days=2),
                now=clock.now(),
                tenant_id=tenant.id,
                args=args,
                key=key,
            )
        assert first == second
        async with runtime.db.transaction() as session:
            assert await cancel(session, RENAME_LATER, key) is True
            assert await cancel(session, RENAME_LATER, key) is False
        assert (await job_state(runtime.db, first))[0] == "cancelled"


async def test_a_periodic_job_runs_once_per_period_across_runners(database: DatabaseTarget) -> None:
    async with controlled_app(database) as (api, clock, _tenant):
        runtime = api.state.runtime
        async with runtime.db.transaction() as session:
            # Periods are global: forget earlier tests' runs of this test-only job.
            await session.execute(
                delete(PeriodicRunRow).where(PeriodicRunRow.name == "widgets.heartbeat")
            )
        HEARTBEATS.clear()
        cycles = [build_work_cycle(runtime) for _ in range(3)]
        await asyncio.gather(*(cycle.run_once() for cycle in cycles))
        assert [clock.now()] == HEARTBEATS
        clock.advance(timedelta(minutes=5))
        await asyncio.gather(*(cycle.run_once() for cycle in cycles))
        assert len(HEARTBEATS) == 1
        clock.advance(timedelta(minutes=5))
        await asyncio.gather(*(cycle.run_once() for cycle in cycles))
        assert len(HEARTBEATS) == 2
