"""The reservation-expiry job: an unpaid order past its reservation is cancelled, stock freed."""

from __future__ import annotations

from datetime import timedelta

from app.auth.principal import SystemPrincipal
from app.jobs.declarations import JobContext, PeriodicJob
from app.runtime import Context
from modules.commerce.order_jobs import RELEASE_EXPIRED_RESERVATIONS
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
