"""Events to a real receiver: fan-out from the outbox, signed sends, retries, order, disabling.

The tests send by hand (``deliver_due``) with a frozen clock; test_runner.py runs the runner.
"""

from __future__ import annotations

import json
import random
from datetime import timedelta

from sqlalchemy import select, update
from standardwebhooks import Webhook

from app.webhooks.claims import Outcome, Prepared
from app.webhooks.deliveries import claim_prepared
from app.webhooks.models import WebhookDeliveryRow, WebhookEndpointRow
from app.webhooks.sender import AttemptResult
from app.webhooks.settling import settle
from app.webhooks.signing import webhook_id
from tests.app.identity.people import events_of, person
from tests.app.webhooks.delivering import Setup, delivering, signed_with
from tests.app.webhooks.endpoints import create_endpoint
from tests.fixtures.widgets.module import rename_widget
from tests.support.databases import DatabaseTarget
from tests.support.events import tenant_context


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


async def claim(setup: Setup) -> list[Prepared]:
    """Claim what is due now; return the claims of the test's endpoint (the database is shared)."""
    claimed = await claim_prepared(setup.runtime, setup.clock.now())
    return [prepared for prepared in claimed if prepared.claim.endpoint_id == setup.endpoint_id]


async def test_a_failure_after_a_success_starts_a_new_failing_streak(
    database: DatabaseTarget,
) -> None:
    async with delivering(database, "/ok") as setup:
        async with setup.runtime.db.transaction(setup.tenant.id) as session:
            await session.execute(
                update(WebhookEndpointRow)
                .where(WebhookEndpointRow.id == setup.endpoint_id)
                .values(failing_since=setup.clock.now() - timedelta(days=4))
            )
        await setup.widget("lamp")
        await setup.widget("desk")
        first, second = await claim(setup)
        answered, refused = AttemptResult(200, 0.01, {}), AttemptResult(503, 0.01, {})

        # Settled together, in the order they came: the endpoint answered, then failed again.
        outcomes = [Outcome(first, answered), Outcome(second, refused)]
        await settle(setup.runtime, outcomes, random.Random(3))  # noqa: S311

        endpoint = await setup.endpoint()
    assert endpoint.failing_since == setup.clock.now()


async def test_a_stale_failure_does_not_disable_an_endpoint_that_has_recovered(
    database: DatabaseTarget,
) -> None:
    async with delivering(database, "/ok") as setup:
        async with setup.runtime.db.transaction(setup.tenant.id) as session:
            await session.execute(
                update(WebhookEndpointRow)
                .where(WebhookEndpointRow.id == setup.endpoint_id)
                .values(failing_since=setup.clock.now() - timedelta(days=5))
            )
        await setup.widget("lamp")
        await setup.widget("desk")
        first, second = await claim(setup)  # both read the endpoint failing for five days

        # Two sends settled apart (two slots): the first answered, the second did not.
        answered, refused = AttemptResult(200, 0.01, {}), AttemptResult(503, 0.01, {})
        await settle(setup.runtime, [Outcome(first, answered)])
        await settle(setup.runtime, [Outcome(second, refused)], random.Random(3))  # noqa: S311

        endpoint = await setup.endpoint()
    assert endpoint.is_active


async def switch(setup: Setup, *, on: bool) -> None:
    """Switch the endpoint on or off behind the API's back (as another process would)."""
    async with setup.runtime.db.transaction(setup.tenant.id) as session:
        await session.execute(
            update(WebhookEndpointRow)
            .where(WebhookEndpointRow.id == setup.endpoint_id)
            .values(is_active=on)
        )


async def test_a_skip_settled_after_its_lease_leaves_the_delivery_claimed_again_alone(
    database: DatabaseTarget,
) -> None:
    async with delivering(database, "/ok") as setup:
        await setup.widget("lamp")
        await switch(setup, on=False)
        [stale] = await claim(setup)  # to be skipped: the endpoint is off
        setup.clock.advance(timedelta(seconds=setup.runtime.settings.webhook_lease_seconds + 1))
        await switch(setup, on=True)
        [fresh] = await claim(setup)

        await settle(setup.runtime, [Outcome(stale, None)])  # its runner stalled past the lease
        refused = Outcome(fresh, AttemptResult(503, 0.01, {}))
        await settle(setup.runtime, [refused], random.Random(3))  # noqa: S311

        [delivery] = await setup.deliveries()
    assert (delivery.state, delivery.attempts, delivery.last_status) == ("pending", 2, 503)


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
