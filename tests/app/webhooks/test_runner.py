"""The webhook pipeline as the app runs it: fan-out subscribed at start-up, the runner sending.

The fan-out is asked at each write whether the tenant wants the event at all (no delivery to
it otherwise); the delivery runner is woken by the commit that queued deliveries and sends
each in a slot of its own, so a slow endpoint does not hold the others back.
"""

from __future__ import annotations

import asyncio
import random
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta

import pytest
from sqlalchemy import select

from app.events.emit import emit
from app.ids import decode_global_id, new_id
from app.webhooks.models import WebhookDeliveryRow
from app.webhooks.runner import WebhookRunner, open_sender
from tests.app.identity.people import events_of, person
from tests.app.webhooks.delivering import Setup, delivering, signed_with
from tests.app.webhooks.endpoints import create_endpoint
from tests.app.webhooks.receiver import Receiver, receiver
from tests.conftest import make_registry, make_settings
from tests.fixtures.widgets.events import WIDGET_RENAMED, WidgetChanged
from tests.fixtures.widgets.module import create_widget
from tests.support.client import CreatedTenant, RunningApp, create_tenant, running_app
from tests.support.databases import DatabaseTarget
from tests.support.events import controlled_app, delivery_states, tenant_context, wait_for
from tests.support.statements import recorded_statements

FANOUT = "webhooks.fanout"


async def add_endpoint(
    api: RunningApp, tenant: CreatedTenant, url: str, types: list[str], *, active: bool = True
) -> uuid.UUID:
    """Create an endpoint as the tenant's owner; return its id."""
    owner = await person(api, tenant, "owner")
    created = await create_endpoint(
        api, tenant, owner.token, url=url, eventTypes=types, isActive=active
    )
    return uuid.UUID(decode_global_id(created["webhookEndpoint"]["id"])[1])


async def fanout_deliveries(api: RunningApp, tenant: CreatedTenant) -> int:
    """Count the outbox deliveries to the fan-out in the tenant (any state)."""
    states = await delivery_states(api.state.runtime, FANOUT, tenant.id)
    return sum(states.values())


async def test_a_tenant_without_endpoints_gives_the_fan_out_no_delivery(
    database: DatabaseTarget,
) -> None:
    async with controlled_app(database) as (api, _clock, tenant):
        ctx = await tenant_context(api.state.runtime, tenant)
        await create_widget(ctx, "lamp")

        assert await fanout_deliveries(api, tenant) == 0


@pytest.mark.parametrize(
    ("types", "active", "expected"),
    [
        (["widgets.item.*"], True, 1),
        (["widgets.item.created"], True, 1),
        (["widgets.item.renamed"], True, 0),
        (["webhooks.endpoint.*"], True, 0),
        (["widgets.item.*"], False, 0),
    ],
)
async def test_the_fan_out_gets_the_events_an_active_endpoint_takes(
    database: DatabaseTarget, types: list[str], active: bool, expected: int
) -> None:
    async with controlled_app(database, webhook_allow_private=True) as (api, _clock, tenant):
        await add_endpoint(api, tenant, "http://127.0.0.1:9/in", types, active=active)
        before = await fanout_deliveries(api, tenant)
        ctx = await tenant_context(api.state.runtime, tenant)

        await create_widget(ctx, "lamp")

        assert await fanout_deliveries(api, tenant) - before == expected


async def test_the_endpoints_are_read_once_per_transaction(database: DatabaseTarget) -> None:
    async with controlled_app(database, webhook_allow_private=True) as (api, _clock, tenant):
        await add_endpoint(api, tenant, "http://127.0.0.1:9/in", ["widgets.item.*"])
        runtime = api.state.runtime
        ctx = await tenant_context(runtime, tenant)
        before = await fanout_deliveries(api, tenant)

        with recorded_statements(runtime.db.engine) as statements:
            async with runtime.db.transaction(tenant.id) as session:
                for number in range(20):
                    payload = WidgetChanged(name=f"w{number}")
                    await emit(ctx, session, WIDGET_RENAMED, payload, aggregate_id=new_id())

        reads = [sql for sql in statements if "FROM webhooks_endpoints" in sql]
        assert len(reads) == 1, reads
        assert await fanout_deliveries(api, tenant) - before == 20


async def test_an_endpoint_created_in_the_writing_transaction_is_seen(
    database: DatabaseTarget,
) -> None:
    async with controlled_app(database, webhook_allow_private=True) as (api, _clock, tenant):
        endpoint = await add_endpoint(api, tenant, "http://127.0.0.1:9/in", ["*"])
        runtime = api.state.runtime
        await runtime.dispatcher.drain()

        async with runtime.db.transaction(tenant.id, readonly=True) as session:
            queued = list(
                await session.scalars(
                    select(WebhookDeliveryRow).where(WebhookDeliveryRow.tenant_id == tenant.id)
                )
            )

        # webhooks.endpoint.created comes from the endpoint's own transaction, after its row:
        # the audience saw the endpoint, and the fan-out queued the event for it.
        assert [(row.endpoint_id, row.state) for row in queued] == [(endpoint, "pending")]


@asynccontextmanager
async def embedded_app(database: DatabaseTarget) -> AsyncIterator[tuple[RunningApp, Receiver]]:
    """The app with its embedded runners (outbox and webhooks) and a receiver on loopback."""
    settings = make_settings(
        database, event_runner="embedded", webhook_allow_private=True, event_poll_seconds=0.2
    )
    async with running_app(settings, make_registry(settings)) as api, receiver() as got:
        yield api, got


async def test_the_embedded_app_sends_what_a_write_queues_with_no_hand_on_it(
    database: DatabaseTarget,
) -> None:
    async with embedded_app(database) as (api, got):
        tenant = await create_tenant(api)
        owner = await person(api, tenant, "owner")
        created = await create_endpoint(
            api, tenant, owner.token, url=got.url("/ok"), eventTypes=["widgets.item.*"]
        )
        ctx = await tenant_context(api.state.runtime, tenant)

        await create_widget(ctx, "lamp")
        await wait_for(lambda: _received(got, 1))

        [request] = got.requests
        assert signed_with(created["secret"], request)
        assert '"type":"widgets.item.created"' in request.body


async def _received(got: Receiver, count: int) -> bool:
    return len(got.requests) >= count


async def test_a_slow_endpoint_holds_one_slot_and_not_the_others(database: DatabaseTarget) -> None:
    async with delivering(database, "/slow") as setup:
        await add_endpoint(setup.api, setup.tenant, setup.got.url("/ok"), ["widgets.item.*"])
        runtime = setup.runtime
        runner = WebhookRunner(runtime, setup.sender, poll_seconds=0.1, concurrency=4)
        runner.start()
        try:
            await setup.widget("lamp")
            runner.notify()
            # /ok answers while /slow still holds its request (released only below).
            await wait_for(lambda: _paths(setup.got, {"/slow", "/ok"}))
            # /ok's answer is settled while /slow still holds its request (its receipt of the
            # request comes a moment before the answer, hence the wait).
            await wait_for(lambda: _states_are(setup, {"/slow": "pending", "/ok": "delivered"}))
            setup.got.release.set()
            await wait_for(lambda: _all_delivered(setup))
        finally:
            await runner.stop()


async def _paths(got: Receiver, paths: set[str]) -> bool:
    return {request.path for request in got.requests} >= paths


async def _states(setup: Setup) -> dict[str, str]:
    async with setup.runtime.db.transaction(setup.tenant.id, readonly=True) as session:
        rows = list(
            await session.scalars(
                select(WebhookDeliveryRow).where(WebhookDeliveryRow.tenant_id == setup.tenant.id)
            )
        )
    paths = {setup.endpoint_id: "/slow"}
    return {paths.get(row.endpoint_id, "/ok"): row.state for row in rows}


async def _states_are(setup: Setup, expected: dict[str, str]) -> bool:
    return await _states(setup) == expected


async def _all_delivered(setup: Setup) -> bool:
    return set((await _states(setup)).values()) == {"delivered"}


async def test_a_send_cut_short_by_stopping_is_sent_again_after_its_lease(
    database: DatabaseTarget,
) -> None:
    """Nothing is lost when the runner stops mid-send: the lease runs out, the same id goes."""
    async with delivering(database, "/slow") as setup:
        runtime = setup.runtime
        rng = random.Random(5)  # noqa: S311 - jitter only
        runner = WebhookRunner(runtime, setup.sender, poll_seconds=0.1, rng=rng)
        runner.start()
        await setup.widget("lamp")
        runner.notify()
        await wait_for(lambda: _received(setup.got, 1))
        await runner.stop(grace_seconds=0.1)  # cancels the send in flight
        [delivery] = await setup.deliveries()
        assert (delivery.state, delivery.attempts) == ("pending", 1)
        assert await setup.attempts() == []  # the cut attempt settled nothing

        setup.got.release.set()
        setup.clock.advance(timedelta(seconds=runtime.settings.webhook_lease_seconds))
        async with open_sender(runtime) as sender:
            again = WebhookRunner(runtime, sender, poll_seconds=0.1, rng=rng)
            again.start()
            try:
                await wait_for(lambda: _delivered_once_more(setup))
            finally:
                await again.stop()

        first, second = setup.got.requests
        assert first.headers["webhook-id"] == second.headers["webhook-id"]
        assert signed_with(setup.secret, second)


async def _delivered_once_more(setup: Setup) -> bool:
    [delivery] = await setup.deliveries()
    return delivery.state == "delivered" and delivery.attempts == 2


async def test_stopping_an_idle_runner_is_prompt(database: DatabaseTarget) -> None:
    async with controlled_app(database) as (api, _clock, _tenant):
        runtime = api.state.runtime
        async with open_sender(runtime) as sender:
            runner = WebhookRunner(runtime, sender, poll_seconds=30)
            runner.start()
            await asyncio.sleep(0.05)
            await asyncio.wait_for(runner.stop(), 2)
        assert runner.in_flight == 0


async def _deliver_counting(setup: Setup, widgets: int) -> int:
    for number in range(widgets):
        await setup.widget(f"w{widgets}-{number}")
    with recorded_statements(setup.runtime.db.engine) as statements:
        assert await setup.deliver() == widgets
    return len(statements)


async def test_claiming_and_settling_cost_the_same_for_two_sends_as_for_ten(
    database: DatabaseTarget,
) -> None:
    async with delivering(database, "/ok") as setup:
        two = await _deliver_counting(setup, 2)
        ten = await _deliver_counting(setup, 10)

        assert ten == two
        assert {row.state for row in await setup.deliveries()} == {"delivered"}
        assert len(await setup.attempts()) == 12


async def test_many_sends_answered_410_at_once_disable_the_endpoint_once(
    database: DatabaseTarget,
) -> None:
    async with delivering(database, "/gone") as setup:
        for number in range(6):
            await setup.widget(f"w{number}")
        runner = WebhookRunner(setup.runtime, setup.sender, poll_seconds=0.1, concurrency=3)
        runner.start()
        try:
            await wait_for(lambda: _all_dead(setup))
        finally:
            await runner.stop()

        disabled = await events_of(setup.api, setup.tenant.id, "webhooks.endpoint.disabled")
        endpoint = await setup.endpoint()
    assert len(disabled) == 1
    assert (endpoint.is_active, endpoint.disabled_reason) == (False, "gone")


async def _all_dead(setup: Setup) -> bool:
    deliveries = await setup.deliveries()
    return len(deliveries) == 6 and {row.state for row in deliveries} <= {"dead", "skipped"}
