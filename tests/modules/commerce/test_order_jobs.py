"""The reservation-expiry jobs: an unpaid order past its reservation is cancelled, stock freed.

``commerce.expire_order`` is scheduled by checkout at the expiry; the periodic sweep
``commerce.release_expired_reservations`` catches what a delayed job missed.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select

from app.auth.principal import SystemPrincipal
from app.ids import decode_global_id
from app.jobs.declarations import JobContext, PeriodicJob
from app.jobs.models import JobRow
from app.runtime import Context
from modules.commerce.order_jobs import EXPIRE_ORDER, RELEASE_EXPIRED_RESERVATIONS
from tests.support.commerce import CommerceApp, commerce_app
from tests.support.databases import DatabaseTarget
from tests.support.orders import ORDER_BY_TOKEN, cancel, cart_with, checkout, levels, stocked_shop


async def _run(app: CommerceApp, job: PeriodicJob) -> None:
    """Run a job now (not through the work cycle: its periods are shared by the run)."""
    runtime = app.api.state.runtime
    async with runtime.db.transaction() as session:
        system = Context(runtime=runtime, principal=SystemPrincipal())
        await job.run(
            JobContext(session=session, context=system, tenant_id=None, now=app.clock.now())
        )


async def _run_delayed(app: CommerceApp, order_id: str) -> None:
    """Run ``commerce.expire_order`` for the order now, as the runner would."""
    runtime = app.api.state.runtime
    async with runtime.db.transaction() as session:
        system = Context(runtime=runtime, principal=SystemPrincipal())
        await EXPIRE_ORDER.run(
            JobContext(
                session=session,
                context=system,
                tenant_id=app.tenant.id,
                now=app.clock.now(),
                args={"order_id": decode_global_id(order_id)[1]},
            )
        )


async def _scheduled(app: CommerceApp) -> list[tuple[str | None, datetime]]:
    runtime = app.api.state.runtime
    async with runtime.db.transaction() as session:
        rows = await session.execute(
            select(JobRow.key, JobRow.run_at).where(
                JobRow.name == EXPIRE_ORDER.name, JobRow.tenant_id == app.tenant.id
            )
        )
        return [(key, run_at) for key, run_at in rows.all()]


async def test_checkout_schedules_the_expiry_and_it_cancels_when_due(
    database: DatabaseTarget,
) -> None:
    async with commerce_app(database) as app:
        stocked = await stocked_shop(app)
        placed = await checkout(app, await cart_with(app, [stocked.line("SHIRT-S", 2)]))
        order = placed["order"]["id"]
        due = app.clock.now() + timedelta(minutes=30)
        assert await _scheduled(app) == [(decode_global_id(order)[1], due)]
        app.clock.advance(timedelta(minutes=29))
        await _run_delayed(app, order)
        assert await app.payloads("commerce.order.cancelled") == []
        app.clock.advance(timedelta(minutes=1))
        await _run_delayed(app, order)
        await _run_delayed(app, order)
        cancelled = await app.payloads("commerce.order.cancelled")
        assert [(p["number"], p["reason"]) for p in cancelled] == [("1000", "expired")]
        assert await levels(app, stocked) == {"SHIRT-S": (10, 0), "SHIRT-M": (10, 0)}


async def test_a_refused_checkout_schedules_nothing(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        stocked = await stocked_shop(app, small=1)
        refused = await checkout(app, await cart_with(app, [stocked.line("SHIRT-S", 2)]))
        assert refused["errors"] != []
        assert await _scheduled(app) == []


async def test_an_expired_reservation_cancels_the_order_once(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        stocked = await stocked_shop(app)
        old = await checkout(app, await cart_with(app, [stocked.line("SHIRT-S", 2)]), "old")
        app.clock.advance(timedelta(minutes=20))
        new = await checkout(app, await cart_with(app, [stocked.line("SHIRT-M", 1)]), "new")
        app.clock.advance(timedelta(minutes=9))
        await _run(app, RELEASE_EXPIRED_RESERVATIONS)
        assert await app.payloads("commerce.order.cancelled") == []
        app.clock.advance(timedelta(minutes=1))
        await _run(app, RELEASE_EXPIRED_RESERVATIONS)
        await _run(app, RELEASE_EXPIRED_RESERVATIONS)
        cancelled = await app.payloads("commerce.order.cancelled")
        assert [(p["number"], p["reason"]) for p in cancelled] == [("1000", "expired")]
        assert await levels(app, stocked) == {"SHIRT-S": (10, 0), "SHIRT-M": (10, 1)}
        read = await app.gql(ORDER_BY_TOKEN, {"token": old["orderToken"]}, token=None)
        assert read["data"]["orderByToken"]["status"] == "CANCELLED"
        assert read["data"]["orderByToken"]["cancelReason"] == "expired"
        assert new["errors"] == []


async def test_an_order_cancelled_by_staff_is_left_alone(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        stocked = await stocked_shop(app)
        placed = await checkout(app, await cart_with(app, [stocked.line("SHIRT-S", 1)]))
        assert (await cancel(app, placed["order"]["id"]))["errors"] == []
        app.clock.advance(timedelta(hours=1))
        await _run(app, RELEASE_EXPIRED_RESERVATIONS)
        await _run_delayed(app, placed["order"]["id"])
        assert len(await app.payloads("commerce.order.cancelled")) == 1
        assert await levels(app, stocked) == {"SHIRT-S": (10, 0), "SHIRT-M": (10, 0)}


async def test_the_ttl_is_the_tenants_setting(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        owner = app.member("core.manage_modules")
        values = {
            "default_currency": "EUR",
            "currencies": ["EUR", "USD"],
            "reservation_ttl_minutes": 5,
        }
        answer = await app.gql(
            _SETTINGS, {"input": {"module": "commerce", "settings": values}}, token=owner
        )
        assert answer["data"]["moduleSettingsUpdate"]["errors"] == []
        stocked = await stocked_shop(app)
        await checkout(app, await cart_with(app, [stocked.line("SHIRT-S", 1)]))
        app.clock.advance(timedelta(minutes=5))
        await _run(app, RELEASE_EXPIRED_RESERVATIONS)
        assert len(await app.payloads("commerce.order.cancelled")) == 1


_SETTINGS = """
mutation ($input: ModuleSettingsUpdateInput!) {
  moduleSettingsUpdate(input: $input) { errors { code field message } }
}
"""
