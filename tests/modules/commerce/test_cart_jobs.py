"""The cart jobs: idle open carts are marked abandoned (with their event), old ones purged."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from app.auth.principal import SystemPrincipal
from app.ids import decode_global_id
from app.jobs.declarations import JobContext, PeriodicJob
from app.runtime import Context
from modules.commerce.cart_jobs import MARK_ABANDONED_CARTS, PURGE_CARTS
from modules.commerce.cart_models import CartLineRow, CartRow
from tests.support.carts import add, create, shop
from tests.support.commerce import CommerceApp, commerce_app, count_rows
from tests.support.databases import DatabaseTarget


async def _run(app: CommerceApp, job: PeriodicJob) -> None:
    """Run a job now (not through the work cycle: its periods are shared by the run)."""
    runtime = app.api.state.runtime
    async with runtime.db.transaction() as session:
        system = Context(runtime=runtime, principal=SystemPrincipal())
        await job.run(
            JobContext(session=session, context=system, tenant_id=None, now=app.clock.now())
        )


async def _statuses(app: CommerceApp) -> list[str]:
    runtime = app.api.state.runtime
    async with runtime.db.transaction(app.tenant.id, readonly=True) as session:
        rows = await session.scalars(
            select(CartRow.status).where(CartRow.tenant_id == app.tenant.id).order_by(CartRow.id)
        )
        return list(rows)


async def test_idle_carts_are_abandoned_once_and_a_change_reopens_them(
    database: DatabaseTarget,
) -> None:
    async with commerce_app(database) as app:
        shirts = await shop(app)
        idle = await create(app, lines=[shirts.line("SHIRT-S", 2), shirts.line("SHIRT-M", 1)])
        app.clock.advance(timedelta(hours=12))
        busy = await create(app)
        app.clock.advance(timedelta(hours=12))
        await _run(app, MARK_ABANDONED_CARTS)
        assert await _statuses(app) == ["abandoned", "open"]
        await _run(app, MARK_ABANDONED_CARTS)
        assert await app.payloads("commerce.cart.abandoned") == [
            {
                "cart_id": decode_global_id(idle["cart"]["id"])[1],
                "customer_id": None,
                "currency": "EUR",
                "subtotal_amount": 6200,
                "line_count": 2,
            }
        ]
        assert (await add(app, idle["token"], [shirts.line("SHIRT-S", 1)]))["errors"] == []
        assert await _statuses(app) == ["open", "open"]
        assert busy["errors"] == []


async def test_carts_idle_past_their_retention_are_purged(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        shirts = await shop(app)
        await create(app, lines=[shirts.line("SHIRT-S", 1)])
        app.clock.advance(timedelta(days=29))
        recent = await create(app, lines=[shirts.line("SHIRT-M", 1)])
        app.clock.advance(timedelta(days=1))
        await _run(app, PURGE_CARTS)
        assert await count_rows(app, CartRow) == 1
        assert await count_rows(app, CartLineRow) == 1
        assert (await add(app, recent["token"], [shirts.line("SHIRT-M", 1)]))["errors"] == []
