"""Events to a real receiver: fan-out from the outbox, signed sends, retries, order, disabling.

The fan-out subscriber is wired into the app here by hand: the bootstrap does not register it
yet (docs/webhooks.md, *planned*).
"""

from __future__ import annotations

import json
import random
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import select, update
from standardwebhooks import Webhook

from app.bootstrap import build_dispatcher
from app.clock import FrozenClock
from app.events.bus import EventBus, Subscription
from app.ids import decode_global_id
from app.runtime import Runtime
from app.webhooks.deliveries import deliver_due
from app.webhooks.fanout import WEBHOOK_FANOUT
from app.webhooks.models import WebhookAttemptRow, WebhookDeliveryRow, WebhookEndpointRow
from app.webhooks.sender import WebhookSender
from app.webhooks.signing import webhook_id
from app.webhooks.ssrf import UrlGuard
from tests.app.identity.people import events_of, person
from tests.app.webhooks.endpoints import create_endpoint
from tests.app.webhooks.receiver import Received, Receiver, receiver
from tests.fixtures.widgets.module import create_widget, rename_widget
from tests.support.client import CreatedTenant, RunningApp
from tests.support.databases import DatabaseTarget
from tests.support.events import controlled_app, tenant_context
from tests.support.resolvers import StaticResolver


@dataclass(slots=True)
class Setup:
    """An app with the fan-out wired, a receiver, an endpoint on it and its secret."""

    api: RunningApp
    clock: FrozenClock
    tenant: CreatedTenant
    got: Receiver
    sender: WebhookSender
    endpoint_id: uuid.UUID
    secret: str

    @property
    def runtime(self) -> Runtime:
        """Return the app's runtime."""
        return self.api.state.runtime

    async def widget(self, name: str) -> uuid.UUID:
        """Create a widget (one ``widgets.item.created``) and queue its deliveries."""
        widget_id = await create_widget(await tenant_context(self.runtime, self.tenant), name)
        await self.runtime.dispatcher.drain()
        return widget_id

    async def deliver(self) -> int:
        """Send what is due now."""
        return await deliver_due(self.runtime, self.sender, rng=random.Random(3))  # noqa: S311

    async def deliveries(self) -> list[WebhookDeliveryRow]:
        """Return the endpoint's deliveries, oldest first."""
        async with self.runtime.db.transaction(self.tenant.id, readonly=True) as session:
            rows = await session.scalars(
                select(WebhookDeliveryRow)
                .where(WebhookDeliveryRow.endpoint_id == self.endpoint_id)
                .order_by(WebhookDeliveryRow.sequence, WebhookDeliveryRow.id)
            )
            return list(rows)

    async def attempts(self) -> list[WebhookAttemptRow]:
        """Return the endpoint's logged attempts, oldest first."""
        async with self.runtime.db.transaction(self.tenant.id, readonly=True) as session:
            rows = await session.scalars(
                select(WebhookAttemptRow)
                .where(WebhookAttemptRow.tenant_id == self.tenant.id)
                .order_by(WebhookAttemptRow.id)
            )
            return list(rows)

    async def endpoint(self) -> WebhookEndpointRow:
        """Return the endpoint's row."""
        async with self.runtime.db.transaction(self.tenant.id, readonly=True) as session:
            row = await session.get(WebhookEndpointRow, (self.tenant.id, self.endpoint_id))
        assert row is not None
        return row


def signed_with(secret: str, request: Received) -> bool:
    """Return whether the reference library's signature at the request's own timestamp is there.

    ``Webhook.verify`` also checks the timestamp against the real time, which the tests that
    move the clock hours ahead cannot pass; the signature itself is checked the same way.
    """
    timestamp = datetime.fromtimestamp(int(request.headers["webhook-timestamp"]), UTC)
    expected = Webhook(secret).sign(request.headers["webhook-id"], timestamp, request.body)
    return expected in request.headers["webhook-signature"].split(" ")


def _wire_fan_out(runtime: Runtime) -> None:
    bus = runtime.events
    subscriptions = [*bus.subscriptions.values(), Subscription(None, WEBHOOK_FANOUT)]
    runtime.events = EventBus(bus.types.values(), subscriptions, runtime.clock)
    runtime.dispatcher = build_dispatcher(
        runtime.settings, runtime.db, runtime.events, runtime.clock
    )


@asynccontextmanager
async def delivering(database: DatabaseTarget, path: str) -> AsyncIterator[Setup]:
    """Run the app (private addresses allowed) with an endpoint on the receiver's ``path``."""
    async with controlled_app(database, webhook_allow_private=True) as (api, clock, tenant):
        # The reference library checks signatures' timestamps against the real time.
        clock.advance(datetime.now(UTC) - clock.now())
        runtime = api.state.runtime
        _wire_fan_out(runtime)
        await runtime.dispatcher.drain()  # the tenant's own start-up events
        owner = await person(api, tenant, "owner")
        guard = UrlGuard(StaticResolver(), allow_private=True)
        async with receiver() as got, WebhookSender(guard) as sender:
            created = await create_endpoint(
                api,
                tenant,
                owner.token,
                url=got.url(path),
                headers=[{"name": "X-Token", "value": "sesame"}],
            )
            endpoint_id = uuid.UUID(decode_global_id(created["webhookEndpoint"]["id"])[1])
            yield Setup(api, clock, tenant, got, sender, endpoint_id, created["secret"])


async def test_an_event_reaches_the_receiver_signed_and_logged(database: DatabaseTarget) -> None:
    async with delivering(database, "/ok") as setup:
        await setup.widget("lamp")

        sent = await setup.deliver()

        [request] = setup.got.requests
        [event] = await events_of(setup.api, setup.tenant.id, "widgets.item.created")
        envelope = Webhook(setup.secret).verify(request.body, request.headers)
        [delivery] = await setup.deliveries()
        [attempt] = await setup.attempts()
    assert sent == 1
    assert envelope["id"] == str(event.id)
    assert (envelope["type"], envelope["payload"]) == ("widgets.item.created", {"name": "lamp"})
    assert request.headers["webhook-id"] == webhook_id(event.id, setup.endpoint_id)
    assert request.headers["X-Token"] == "sesame"
    assert (delivery.state, delivery.attempts, delivery.last_status) == ("delivered", 1, 200)
    assert (attempt.status, attempt.response_body, attempt.error) == (200, "thanks", None)
    assert attempt.request_headers["X-Token"] == "[redacted]"
    assert attempt.request_headers["webhook-id"] == request.headers["webhook-id"]
    assert attempt.latency_ms >= 0


async def test_a_receiver_down_for_a_while_gets_every_event_with_one_id(
    database: DatabaseTarget,
) -> None:
    async with delivering(database, "/flaky") as setup:
        setup.got.failures_left = 3
        await setup.widget("lamp")
        await setup.deliver()
        for _ in range(3):
            [delivery] = await setup.deliveries()
            setup.clock.advance(delivery.next_attempt_at - setup.clock.now())
            await setup.deliver()

        [delivery] = await setup.deliveries()
        attempts = await setup.attempts()
        ids = {request.headers["webhook-id"] for request in setup.got.requests}
        for request in setup.got.requests:
            assert signed_with(setup.secret, request)
        endpoint = await setup.endpoint()
    assert [attempt.status for attempt in attempts] == [503, 503, 503, 200]
    assert len(ids) == 1
    assert (delivery.state, delivery.attempts) == ("delivered", 4)
    assert endpoint.failing_since is None


async def test_an_aggregates_events_arrive_in_order(database: DatabaseTarget) -> None:
    async with delivering(database, "/flaky") as setup:
        setup.got.failures_left = 1
        widget_id = await setup.widget("lamp")
        ctx = await tenant_context(setup.runtime, setup.tenant)
        await rename_widget(ctx, widget_id, "lantern")
        await setup.runtime.dispatcher.drain()

        assert await setup.deliver() == 1  # the rename waits behind the failed creation
        first, _ = await setup.deliveries()
        setup.clock.advance(first.next_attempt_at - setup.clock.now())
        assert await setup.deliver() == 1
        assert await setup.deliver() == 1

        assert all(signed_with(setup.secret, request) for request in setup.got.requests)
        types = [json.loads(request.body)["type"] for request in setup.got.requests]
    assert types == ["widgets.item.created", "widgets.item.created", "widgets.item.renamed"]


async def test_gone_disables_the_endpoint(database: DatabaseTarget) -> None:
    async with delivering(database, "/gone") as setup:
        await setup.widget("lamp")
        await setup.widget("desk")

        await setup.deliver()

        endpoint = await setup.endpoint()
        states = [delivery.state for delivery in await setup.deliveries()]
        [event] = await events_of(setup.api, setup.tenant.id, "webhooks.endpoint.disabled")
    assert (endpoint.is_active, endpoint.disabled_reason) == (False, "gone")
    assert states == ["dead", "dead"]  # both were sent at once; one disabled it
    assert event.payload == {
        "endpoint_id": str(setup.endpoint_id),
        "reason": "gone",
        "failing_since": None,
    }


async def test_failing_for_too_long_disables_the_endpoint(database: DatabaseTarget) -> None:
    async with delivering(database, "/flaky") as setup:
        setup.got.failures_left = 1
        since = setup.clock.now() - timedelta(days=5)
        async with setup.runtime.db.transaction(setup.tenant.id) as session:
            await session.execute(
                update(WebhookEndpointRow)
                .where(WebhookEndpointRow.id == setup.endpoint_id)
                .values(failing_since=since)
            )
        await setup.widget("lamp")

        await setup.deliver()

        endpoint = await setup.endpoint()
        [event] = await events_of(setup.api, setup.tenant.id, "webhooks.endpoint.disabled")
    assert (endpoint.is_active, endpoint.disabled_reason) == (False, "failing")
    assert event.payload["reason"] == "failing"


async def test_events_the_endpoint_does_not_want_queue_nothing(database: DatabaseTarget) -> None:
    async with delivering(database, "/ok") as setup:
        owner = await person(setup.api, setup.tenant, "owner")
        await create_endpoint(
            setup.api, setup.tenant, owner.token, eventTypes=["widgets.item.renamed"]
        )
        await setup.widget("lamp")

        async with setup.runtime.db.transaction(setup.tenant.id, readonly=True) as session:
            queued = list(
                await session.scalars(
                    select(WebhookDeliveryRow.endpoint_id).where(
                        WebhookDeliveryRow.tenant_id == setup.tenant.id
                    )
                )
            )
    assert queued == [setup.endpoint_id]
