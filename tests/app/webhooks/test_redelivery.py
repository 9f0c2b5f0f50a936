"""Redelivery to a real receiver: the same webhook-id, signed, the attempt log growing.

The tests call the services with a system context and send by hand (``deliver_due``) with a
frozen clock; test_sends.py covers the GraphQL mutations and who may call them.
"""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from standardwebhooks import Webhook

from app.errors import Conflict, NotFound, ValidationFailed
from app.webhooks import endpoints
from app.webhooks.deliveries import claim_due
from app.webhooks.endpoints import EndpointChanges
from app.webhooks.redelivery import redeliver, redeliver_failed
from app.webhooks.retries import MAX_ATTEMPTS
from tests.app.webhooks.delivering import Setup, delivering, signed_with
from tests.support.databases import DatabaseTarget
from tests.support.events import tenant_context


async def _redeliver(setup: Setup, delivery_id: uuid.UUID) -> None:
    await redeliver(await tenant_context(setup.runtime, setup.tenant), setup.tenant.id, delivery_id)


async def _switch_on(setup: Setup, path: str) -> None:
    """Switch the endpoint on again, pointing at the receiver's ``path``."""
    ctx = await tenant_context(setup.runtime, setup.tenant)
    changes = EndpointChanges(url=setup.got.url(path), is_active=True)
    await endpoints.update_endpoint(ctx, setup.tenant.id, setup.endpoint_id, changes)


async def test_a_dead_delivery_sent_again_keeps_its_id_and_its_log(
    database: DatabaseTarget,
) -> None:
    async with delivering(database, "/flaky") as setup:
        setup.got.failures_left = MAX_ATTEMPTS
        await setup.widget("lamp")
        await setup.deliver()
        for _ in range(MAX_ATTEMPTS - 1):
            [delivery] = await setup.deliveries()
            setup.clock.advance(delivery.next_attempt_at - setup.clock.now())
            await setup.deliver()
        [dead] = await setup.deliveries()

        await _redeliver(setup, dead.id)
        sent = await setup.deliver()

        [delivery] = await setup.deliveries()
        attempts = await setup.attempts()
        last = setup.got.requests[-1]
        assert all(signed_with(setup.secret, request) for request in setup.got.requests)
    assert (dead.state, dead.attempts) == ("dead", MAX_ATTEMPTS)
    assert sent == 1
    assert {request.headers["webhook-id"] for request in setup.got.requests} == {dead.msg_id}
    assert (last.body, last.headers["webhook-id"]) == (setup.got.requests[0].body, dead.msg_id)
    assert [(a.attempt, a.status) for a in attempts] == [
        *((number, 503) for number in range(1, MAX_ATTEMPTS + 1)),
        (MAX_ATTEMPTS + 1, 200),
    ]
    assert (delivery.state, delivery.attempts, delivery.last_status) == (
        "delivered",
        MAX_ATTEMPTS + 1,
        200,
    )


async def test_a_failed_redelivery_of_a_spent_delivery_is_dead_again(
    database: DatabaseTarget,
) -> None:
    async with delivering(database, "/flaky") as setup:
        setup.got.failures_left = MAX_ATTEMPTS + 1
        await setup.widget("lamp")
        await setup.deliver()
        for _ in range(MAX_ATTEMPTS - 1):
            [delivery] = await setup.deliveries()
            setup.clock.advance(delivery.next_attempt_at - setup.clock.now())
            await setup.deliver()
        [dead] = await setup.deliveries()

        await _redeliver(setup, dead.id)
        await setup.deliver()

        [delivery] = await setup.deliveries()
    assert (delivery.state, delivery.attempts) == ("dead", MAX_ATTEMPTS + 1)


async def test_a_delivered_delivery_is_sent_again_verifiable(database: DatabaseTarget) -> None:
    async with delivering(database, "/ok") as setup:
        await setup.widget("lamp")
        await setup.deliver()
        [delivered] = await setup.deliveries()

        await _redeliver(setup, delivered.id)
        await _redeliver(setup, delivered.id)  # asked twice before the runner came: sent once
        sent = await setup.deliver()

        first, second = setup.got.requests
        [delivery] = await setup.deliveries()
        attempts = await setup.attempts()
    assert sent == 1
    assert Webhook(setup.secret).verify(second.body, second.headers) == Webhook(
        setup.secret
    ).verify(first.body, first.headers)
    assert second.headers["webhook-id"] == first.headers["webhook-id"] == delivered.msg_id
    assert [(a.attempt, a.status) for a in attempts] == [(1, 200), (2, 200)]
    assert (delivery.state, delivery.attempts) == ("delivered", 2)


async def test_a_delivery_being_sent_is_not_queued_twice(database: DatabaseTarget) -> None:
    async with delivering(database, "/ok") as setup:
        await setup.widget("lamp")
        [claim] = await claim_due(setup.runtime, setup.clock.now())  # a runner is sending it

        with pytest.raises(Conflict) as refused:
            await _redeliver(setup, claim.id)

        [delivery] = await setup.deliveries()
    assert refused.value.field == "deliveryId"
    assert (delivery.state, delivery.attempts) == ("pending", 1)
    assert delivery.next_attempt_at > setup.clock.now()  # still leased to that runner


async def test_a_retry_waiting_for_its_time_is_brought_forward(database: DatabaseTarget) -> None:
    async with delivering(database, "/flaky") as setup:
        setup.got.failures_left = 1
        await setup.widget("lamp")
        await setup.deliver()
        [waiting] = await setup.deliveries()

        await _redeliver(setup, waiting.id)
        sent = await setup.deliver()

        [delivery] = await setup.deliveries()
    assert waiting.next_attempt_at > setup.clock.now()
    assert sent == 1
    assert (delivery.state, delivery.attempts) == ("delivered", 2)


async def test_an_endpoint_switched_off_or_deleted_refuses_redelivery(
    database: DatabaseTarget,
) -> None:
    async with delivering(database, "/gone") as setup:
        await setup.widget("lamp")
        await setup.deliver()  # 410: dead, and the endpoint is disabled
        [dead] = await setup.deliveries()

        with pytest.raises(Conflict) as disabled:
            await _redeliver(setup, dead.id)
        ctx = await tenant_context(setup.runtime, setup.tenant)
        await endpoints.delete_endpoint(ctx, setup.tenant.id, setup.endpoint_id)
        with pytest.raises(NotFound) as deleted:
            await _redeliver(setup, dead.id)

        [delivery] = await setup.deliveries()
    assert "disabled (gone)" in disabled.value.message
    assert (disabled.value.field, deleted.value.field) == ("deliveryId", "deliveryId")
    assert delivery.state == "dead"


async def test_another_tenants_delivery_is_not_found(database: DatabaseTarget) -> None:
    async with delivering(database, "/ok") as setup:
        await setup.widget("lamp")
        [delivery] = await setup.deliveries()
        ctx = await tenant_context(setup.runtime, setup.tenant)
        other = uuid.uuid4()

        with pytest.raises(NotFound):
            await redeliver(ctx, other, delivery.id)
        with pytest.raises(NotFound):
            await redeliver_failed(ctx, other, setup.endpoint_id, setup.clock.now())


async def test_bulk_redelivery_queues_exactly_the_dead_ones_since(
    database: DatabaseTarget,
) -> None:
    async with delivering(database, "/gone") as setup:
        await setup.widget("early")
        await setup.deliver()  # dead before `since`
        setup.clock.advance(timedelta(hours=1))
        since = setup.clock.now()
        await _switch_on(setup, "/gone")
        await setup.widget("first")
        await setup.widget("second")
        await setup.deliver()  # both dead since then
        await _switch_on(setup, "/ok")
        await setup.widget("fine")
        await setup.deliver()  # delivered since then
        early, first, second, fine = await setup.deliveries()
        ctx = await tenant_context(setup.runtime, setup.tenant)

        calls = [
            await redeliver_failed(ctx, setup.tenant.id, setup.endpoint_id, since, limit=1)
            for _ in range(3)
        ]
        sent = await setup.deliver()

        after = [row.state for row in await setup.deliveries()]
        redelivered = [r.headers["webhook-id"] for r in setup.got.requests if r.path == "/ok"][1:]
    assert [row.state for row in (early, first, second, fine)] == [
        "dead",
        "dead",
        "dead",
        "delivered",
    ]
    assert [(call.queued, call.remaining) for call in calls] == [(1, 1), (1, 0), (0, 0)]
    assert sent == 2
    assert sorted(redelivered) == sorted([first.msg_id, second.msg_id])
    assert after == ["dead", "delivered", "delivered", "delivered"]


async def test_bulk_redelivery_wants_a_time_zone(database: DatabaseTarget) -> None:
    async with delivering(database, "/ok") as setup:
        ctx = await tenant_context(setup.runtime, setup.tenant)
        naive = setup.clock.now().replace(tzinfo=None)

        with pytest.raises(ValidationFailed) as refused:
            await redeliver_failed(ctx, setup.tenant.id, setup.endpoint_id, naive)

    assert refused.value.field == "since"
