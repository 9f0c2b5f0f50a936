"""webhookRedeliver, webhookRedeliverFailed, webhookEndpointPing: who may, what they send.

Each sends for real to the loopback receiver (``deliver_due`` by hand, frozen clock).
"""

from __future__ import annotations

import json
import uuid
from typing import Any

from sqlalchemy import select
from standardwebhooks import Webhook

from app.ids import encode_global_id
from app.webhooks.models import WebhookDeliveryRow
from app.webhooks.signing import webhook_id
from tests.app.identity.people import events_of, payload_errors, person, refusals
from tests.app.webhooks.delivering import Setup, delivering, signed_with
from tests.app.webhooks.endpoints import UPDATE, assert_refused, create_endpoint
from tests.app.webhooks.receiver import receiver
from tests.conftest import make_registry, make_settings
from tests.support.client import RunningApp, create_tenant, running_app
from tests.support.databases import DatabaseTarget
from tests.support.events import wait_for

_ERRORS = "errors { code field message }"
REDELIVER = f"""
mutation ($input: WebhookRedeliverInput!) {{
  webhookRedeliver(input: $input) {{
    webhookDelivery {{ id webhookId state attemptCount attempts {{ attempt status }} }}
    {_ERRORS}
  }}
}}
"""
REDELIVER_FAILED = f"""
mutation ($input: WebhookRedeliverFailedInput!) {{
  webhookRedeliverFailed(input: $input) {{ queued remaining {_ERRORS} }}
}}
"""
PING = f"""
mutation ($input: WebhookEndpointPingInput!) {{
  webhookEndpointPing(input: $input) {{ eventId webhookEndpoint {{ id }} {_ERRORS} }}
}}
"""


def _endpoint(setup: Setup) -> str:
    return encode_global_id("WebhookEndpoint", setup.endpoint_id)


def _delivery(row: WebhookDeliveryRow) -> str:
    return encode_global_id("WebhookDelivery", row.id)


async def _queue(setup: Setup) -> list[tuple[uuid.UUID, str, int]]:
    """Return every delivery of the endpoint as the queue holds it (id, state, attempts)."""
    return [(row.id, row.state, row.attempts) for row in await setup.deliveries()]


async def _refused_everywhere(setup: Setup, query: str, variables: dict[str, Any]) -> None:
    """Refuse ``query`` to the matrix's outsiders; the queue is left as it was."""
    other = await create_tenant(setup.api)
    before = await _queue(setup)
    cases = await refusals(setup.api, setup.tenant, other, "viewer")
    await assert_refused(setup.api, setup.tenant, query, variables, cases)
    assert await _queue(setup) == before


async def test_webhook_redeliver_authorization_matrix_and_send(database: DatabaseTarget) -> None:
    async with delivering(database, "/ok") as setup:
        api, tenant = setup.api, setup.tenant
        owner = await person(api, tenant, "owner")
        await setup.widget("lamp")
        await setup.deliver()
        [delivery] = await setup.deliveries()
        variables = {"input": {"deliveryId": _delivery(delivery)}}
        await _refused_everywhere(setup, REDELIVER, variables)

        body = await api.gql(REDELIVER, variables, tenant=tenant.slug, token=owner.token)
        await setup.deliver()

        first, second = setup.got.requests
    assert body["data"]["webhookRedeliver"] == {
        "webhookDelivery": {
            "id": _delivery(delivery),
            "webhookId": delivery.msg_id,
            "state": "pending",
            "attemptCount": 1,
            "attempts": [{"attempt": 1, "status": 200}],
        },
        "errors": [],
    }
    assert Webhook(setup.secret).verify(second.body, second.headers)["type"] == (
        "widgets.item.created"
    )
    assert second.headers["webhook-id"] == first.headers["webhook-id"] == delivery.msg_id


async def test_webhook_redeliver_failed_authorization_matrix_and_send(
    database: DatabaseTarget,
) -> None:
    async with delivering(database, "/gone") as setup:
        api, tenant = setup.api, setup.tenant
        owner = await person(api, tenant, "owner")
        since = setup.clock.now()
        await setup.widget("lamp")
        await setup.deliver()  # 410: dead, the endpoint disabled
        variables = {"input": {"endpointId": _endpoint(setup), "since": since.isoformat()}}
        await _refused_everywhere(setup, REDELIVER_FAILED, variables)

        disabled = await api.gql(REDELIVER_FAILED, variables, tenant=tenant.slug, token=owner.token)
        switch_on = {
            "input": {"id": _endpoint(setup), "url": setup.got.url("/ok"), "isActive": True}
        }
        await api.gql(UPDATE, switch_on, tenant=tenant.slug, token=owner.token)
        body = await api.gql(REDELIVER_FAILED, variables, tenant=tenant.slug, token=owner.token)
        await setup.deliver()

        [delivery] = await setup.deliveries()
        gone, ok = setup.got.requests
    assert payload_errors(disabled["data"]["webhookRedeliverFailed"]) == [
        ("CONFLICT", "endpointId")
    ]
    assert body["data"]["webhookRedeliverFailed"] == {"queued": 1, "remaining": 0, "errors": []}
    assert (gone.path, ok.path) == ("/gone", "/ok")
    assert ok.headers["webhook-id"] == gone.headers["webhook-id"] == delivery.msg_id
    assert Webhook(setup.secret).verify(ok.body, ok.headers)["payload"] == {"name": "lamp"}
    assert delivery.state == "delivered"


async def test_a_naive_since_is_refused(database: DatabaseTarget) -> None:
    async with delivering(database, "/ok") as setup:
        owner = await person(setup.api, setup.tenant, "owner")
        naive = setup.clock.now().replace(tzinfo=None).isoformat()
        variables = {"input": {"endpointId": _endpoint(setup), "since": naive}}

        body = await setup.api.gql(
            REDELIVER_FAILED, variables, tenant=setup.tenant.slug, token=owner.token
        )

    assert payload_errors(body["data"]["webhookRedeliverFailed"]) == [("VALIDATION", "since")]


async def test_webhook_endpoint_ping_reaches_its_endpoint_only(database: DatabaseTarget) -> None:
    async with delivering(database, "/ok") as setup:
        api, tenant = setup.api, setup.tenant
        owner = await person(api, tenant, "owner")
        # Endpoints that take every event, the webhooks' own included, get no other's ping.
        for types in (["*"], ["webhooks.endpoint.*"]):
            await create_endpoint(
                api, tenant, owner.token, url=setup.got.url("/big"), eventTypes=types
            )
        await setup.runtime.dispatcher.drain()
        await setup.deliver()
        variables = {"input": {"endpointId": _endpoint(setup)}}
        await _refused_everywhere(setup, PING, variables)

        body = await api.gql(PING, variables, tenant=tenant.slug, token=owner.token)
        await setup.runtime.dispatcher.drain()
        await setup.deliver()

        payload = body["data"]["webhookEndpointPing"]
        [request] = [
            request
            for request in setup.got.requests
            if json.loads(request.body)["type"] == "webhooks.endpoint.pinged"
        ]
        async with setup.runtime.db.transaction(tenant.id, readonly=True) as session:
            queued_to = list(
                await session.scalars(
                    select(WebhookDeliveryRow.endpoint_id).where(
                        WebhookDeliveryRow.event_id == uuid.UUID(payload["eventId"])
                    )
                )
            )
        [event] = await events_of(api, tenant.id, "webhooks.endpoint.pinged")
    assert payload == {
        "eventId": str(event.id),
        "webhookEndpoint": {"id": _endpoint(setup)},
        "errors": [],
    }
    assert queued_to == [setup.endpoint_id]
    assert request.path == "/ok"
    assert request.headers["webhook-id"] == webhook_id(event.id, setup.endpoint_id)
    envelope = Webhook(setup.secret).verify(request.body, request.headers)
    assert (envelope["type"], envelope["payload"]) == (
        "webhooks.endpoint.pinged",
        {"endpoint_id": str(setup.endpoint_id)},
    )
    assert json.loads(request.body)["aggregate_id"] == str(setup.endpoint_id)


async def test_a_switched_off_endpoint_is_not_pinged(database: DatabaseTarget) -> None:
    async with delivering(database, "/ok") as setup:
        owner = await person(setup.api, setup.tenant, "owner")
        switch_off = {"input": {"id": _endpoint(setup), "isActive": False}}
        await setup.api.gql(UPDATE, switch_off, tenant=setup.tenant.slug, token=owner.token)
        variables = {"input": {"endpointId": _endpoint(setup)}}

        body = await setup.api.gql(PING, variables, tenant=setup.tenant.slug, token=owner.token)

        pinged = await events_of(setup.api, setup.tenant.id, "webhooks.endpoint.pinged")
    [error] = body["data"]["webhookEndpointPing"]["errors"]
    assert (error["code"], error["field"]) == ("CONFLICT", "endpointId")
    assert "switched off" in error["message"]
    assert pinged == []


async def test_another_tenants_ids_are_not_found(database: DatabaseTarget) -> None:
    async with delivering(database, "/ok") as setup:
        await setup.widget("lamp")
        await setup.deliver()
        [delivery] = await setup.deliveries()
        other = await create_tenant(setup.api)
        owner = await person(setup.api, other, "owner")
        since = setup.clock.now().isoformat()
        asks = {
            "webhookRedeliver": (REDELIVER, {"deliveryId": _delivery(delivery)}),
            "webhookRedeliverFailed": (
                REDELIVER_FAILED,
                {"endpointId": _endpoint(setup), "since": since},
            ),
            "webhookEndpointPing": (PING, {"endpointId": _endpoint(setup)}),
        }

        found = {}
        for name, (query, values) in asks.items():
            body = await setup.api.gql(
                query, {"input": values}, tenant=other.slug, token=owner.token
            )
            found[name] = payload_errors(body["data"][name])

        after = await _queue(setup)
        pinged = await events_of(setup.api, setup.tenant.id, "webhooks.endpoint.pinged")
    assert found == {
        "webhookRedeliver": [("NOT_FOUND", "deliveryId")],
        "webhookRedeliverFailed": [("NOT_FOUND", "endpointId")],
        "webhookEndpointPing": [("NOT_FOUND", "endpointId")],
    }
    assert after == [(delivery.id, "delivered", 1)]
    assert pinged == []


async def test_an_id_of_another_kind_is_refused(database: DatabaseTarget) -> None:
    async with delivering(database, "/ok") as setup:
        owner = await person(setup.api, setup.tenant, "owner")
        variables = {"input": {"deliveryId": _endpoint(setup)}}

        body = await setup.api.gql(
            REDELIVER, variables, tenant=setup.tenant.slug, token=owner.token
        )

    assert payload_errors(body["data"]["webhookRedeliver"]) == [("VALIDATION", "deliveryId")]


async def _deliveries_of(api: RunningApp, tenant_id: uuid.UUID) -> list[WebhookDeliveryRow]:
    async with api.state.runtime.db.transaction(tenant_id, readonly=True) as session:
        return list(
            await session.scalars(
                select(WebhookDeliveryRow).where(WebhookDeliveryRow.tenant_id == tenant_id)
            )
        )


async def _settled(api: RunningApp, tenant_id: uuid.UUID, attempts: int) -> bool:
    found = await _deliveries_of(api, tenant_id)
    return [(row.state, row.attempts) for row in found] == [("delivered", attempts)]


async def test_the_embedded_runner_is_woken_by_a_ping_and_a_redelivery(
    database: DatabaseTarget,
) -> None:
    # Polls 30 s apart: what arrives within wait_for's 5 s came through the commits' wake-ups.
    settings = make_settings(
        database, event_runner="embedded", webhook_allow_private=True, event_poll_seconds=30
    )
    async with running_app(settings, make_registry(settings)) as api, receiver() as got:
        tenant = await create_tenant(api)
        owner = await person(api, tenant, "owner")
        created = await create_endpoint(api, tenant, owner.token, url=got.url("/ok"))
        ping = {"input": {"endpointId": created["webhookEndpoint"]["id"]}}

        await api.gql(PING, ping, tenant=tenant.slug, token=owner.token)
        await wait_for(lambda: _settled(api, tenant.id, 1))
        [delivery] = await _deliveries_of(api, tenant.id)
        again = {"input": {"deliveryId": _delivery(delivery)}}
        body = await api.gql(REDELIVER, again, tenant=tenant.slug, token=owner.token)
        await wait_for(lambda: _settled(api, tenant.id, 2))

        first, second = got.requests
    assert body["data"]["webhookRedeliver"]["errors"] == []
    assert first.headers["webhook-id"] == second.headers["webhook-id"] == delivery.msg_id
    assert signed_with(created["secret"], second)
