"""Retention prunes delivered events only; dead letters and the audit log stay."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import delete, func, select

from app.audit.models import AuditEntryRow
from app.bootstrap import build_work_cycle
from app.events.models import EventRow
from app.jobs.models import PeriodicRunRow
from tests.fixtures.widgets.module import create_widget
from tests.support.databases import DatabaseTarget
from tests.support.events import controlled_app, delivery_states, tenant_context


async def test_retention_keeps_dead_letters_and_the_audit_log(database: DatabaseTarget) -> None:
    async with controlled_app(database, event_max_attempts=1, event_retention_days=30) as (
        api,
        clock,
        tenant,
    ):
        runtime = api.state.runtime
        ctx = await tenant_context(runtime, tenant)
        await create_widget(ctx, "kept-forever")
        await create_widget(ctx, "poison-dead")
        cycle = build_work_cycle(runtime)
        await cycle.run_once()
        assert await delivery_states(runtime, "widgets.tally", tenant.id) == {
            "delivered": 1,
            "dead": 1,
        }

        async def counts() -> tuple[int, int]:
            async with runtime.db.transaction(tenant.id, readonly=True) as session:
                events = await session.scalar(
                    select(func.count())
                    .select_from(EventRow)
                    .where(EventRow.tenant_id == tenant.id)
                )
                audit = await session.scalar(
                    select(func.count())
                    .select_from(AuditEntryRow)
                    .where(AuditEntryRow.tenant_id == tenant.id)
                )
            return int(events or 0), int(audit or 0)

        before = await counts()
        lifecycle = before[0] - 2  # the tenant's own events: created, roles, module enabled
        assert before == (lifecycle + 2, lifecycle + 2)
        async with runtime.db.transaction() as session:
            await session.execute(
                delete(PeriodicRunRow).where(PeriodicRunRow.name == "core.event_retention")
            )
        clock.advance(timedelta(days=29))
        await cycle.run_once()
        assert await counts() == before
        clock.advance(timedelta(days=2))
        await cycle.run_once()
        assert await counts() == (1, before[1])
