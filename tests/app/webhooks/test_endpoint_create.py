"""webhookEndpointCreate: who may, what is stored (the secret sealed), what is refused."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from sqlalchemy import text
from standardwebhooks import Webhook

from app.ids import decode_global_id
from tests.app.identity.people import events_of, payload_errors, person, refusals
from tests.app.webhooks.endpoints import CREATE, assert_refused, create_endpoint
from tests.support.client import RunningApp, create_tenant
from tests.support.databases import DatabaseTarget
from tests.support.events import controlled_app
from tests.support.resolvers import StaticResolver

_INPUT = {
    "url": "https://hooks.example.test/in",
    "eventTypes": ["widgets.item.created", "widgets.*"],
    "description": "orders to the warehouse",
    "headers": [{"name": "X-Token", "value": "abc"}],
}


async def test_webhook_endpoint_create_authorization_matrix(database: DatabaseTarget) -> None:
    async with controlled_app(database) as (api, clock, tenant):
        other = await create_tenant(api)
        variables = {"input": _INPUT}
        await assert_refused(
            api, tenant, CREATE, variables, await refusals(api, tenant, other, "viewer")
        )
        admin = await person(api, tenant, "admin")

        body = await api.gql(CREATE, variables, tenant=tenant.slug, token=admin.token)

        payload = body["data"]["webhookEndpointCreate"]
        endpoint = payload["webhookEndpoint"]
        assert payload["errors"] == []
        assert endpoint == {
            "id": endpoint["id"],
            "url": "https://hooks.example.test/in",
            "description": "orders to the warehouse",
            "eventTypes": ["widgets.item.created", "widgets.*"],
            "isActive": True,
            "disabledReason": None,
            "headerNames": ["X-Token"],
            "secretOverlapEndsAt": None,
            "createdAt": clock.now().isoformat(),
            "updatedAt": clock.now().isoformat(),
        }
        [event] = await events_of(api, tenant.id, "webhooks.")
        assert (event.type, event.payload) == (
            "webhooks.endpoint.created",
            {"endpoint_id": decode_global_id(endpoint["id"])[1]},
        )
        assert event.aggregate_type == "webhooks.endpoint"


async def test_the_secret_is_shown_once_signs_and_is_stored_sealed(api: RunningApp) -> None:
    tenant = await create_tenant(api)
    owner = await person(api, tenant, "owner")
    created = await create_endpoint(
        api, tenant, owner.token, headers=[{"name": "A", "value": "tok"}]
    )
    secret = created["secret"]
    raw = secret.removeprefix("whsec_")

    async with api.state.runtime.db.transaction(tenant.id, readonly=True) as session:
        stored = (await session.execute(text("SELECT * FROM webhooks_endpoints"))).all()
    events = await events_of(api, tenant.id)

    assert secret.startswith("whsec_")
    assert len(raw) == 44  # 32 bytes in base64
    signed = Webhook(secret).sign("msg_1", datetime.now(UTC), "{}")
    assert signed.startswith("v1,")
    for seen in ([tuple(row) for row in stored], [event.payload for event in events]):
        assert raw not in json.dumps(seen, default=str)
    assert "tok" not in json.dumps([event.payload for event in events])


async def test_every_bad_field_is_named(api: RunningApp) -> None:
    tenant = await create_tenant(api)
    owner = await person(api, tenant, "owner")
    bad = {
        "url": "ftp://hooks.example.test/in",
        "eventTypes": ["widgets.item.created", "Widgets", "nothing.here.*", "widgets.item.created"],
        "description": "x" * 301,
        "headers": [
            {"name": "Webhook-Id", "value": "mine"},
            {"name": "X-Ok", "value": "line\nbreak"},
            {"name": "Transfer-Encoding", "value": "chunked"},
            {"name": "bad name", "value": "v"},
        ],
    }

    body = await api.gql(CREATE, {"input": bad}, tenant=tenant.slug, token=owner.token)

    payload = body["data"]["webhookEndpointCreate"]
    assert (payload["webhookEndpoint"], payload["secret"]) == (None, None)
    assert payload_errors(payload) == [
        ("VALIDATION", "url"),
        ("VALIDATION", "description"),
        ("VALIDATION", "eventTypes.1"),
        ("VALIDATION", "eventTypes.2"),
        ("VALIDATION", "eventTypes.3"),
        ("VALIDATION", "headers.0.name"),
        ("VALIDATION", "headers.1.value"),
        ("VALIDATION", "headers.2.name"),
        ("VALIDATION", "headers.3.name"),
    ]
    assert await events_of(api, tenant.id, "webhooks.") == []


async def test_unknown_types_get_a_suggestion(api: RunningApp) -> None:
    tenant = await create_tenant(api)
    owner = await person(api, tenant, "owner")
    variables = {"input": {**_INPUT, "eventTypes": ["widgets.item.create"], "headers": []}}

    body = await api.gql(CREATE, variables, tenant=tenant.slug, token=owner.token)

    assert body["data"]["webhookEndpointCreate"]["errors"] == [
        {
            "code": "VALIDATION",
            "field": "eventTypes.0",
            "message": "no tenant event type matches 'widgets.item.create'; did you mean "
            "widgets.item.created?",
        }
    ]


async def test_an_endpoint_reaches_no_event_its_creator_cannot_see(api: RunningApp) -> None:
    tenant = await create_tenant(api)
    editor = await person(api, tenant, "editor")
    owner = await person(api, tenant, "owner")
    variables = {"input": {**_INPUT, "eventTypes": ["widgets.*", "core.user.*", "*"]}}

    refused = await api.gql(CREATE, variables, tenant=tenant.slug, token=editor.token)
    allowed = await api.gql(CREATE, variables, tenant=tenant.slug, token=owner.token)

    assert payload_errors(refused["data"]["webhookEndpointCreate"]) == [
        ("VALIDATION", "eventTypes.1"),
        ("VALIDATION", "eventTypes.2"),
    ]
    assert refused["data"]["webhookEndpointCreate"]["errors"][0]["message"] == (
        "core.user.* covers events you cannot see (they need core.manage_users)"
    )
    assert allowed["data"]["webhookEndpointCreate"]["errors"] == []


async def test_platform_events_are_never_matched(api: RunningApp) -> None:
    tenant = await create_tenant(api)
    owner = await person(api, tenant, "owner")
    variables = {"input": {**_INPUT, "eventTypes": ["core.tenant.*"]}}

    body = await api.gql(CREATE, variables, tenant=tenant.slug, token=owner.token)

    assert payload_errors(body["data"]["webhookEndpointCreate"]) == [("VALIDATION", "eventTypes.0")]


async def test_a_url_resolving_to_a_private_address_is_refused(api: RunningApp) -> None:
    tenant = await create_tenant(api)
    owner = await person(api, tenant, "owner")
    api.state.runtime.webhook_resolver = StaticResolver({"inside.example.test": ["10.0.0.7"]})
    variables = {"input": {**_INPUT, "url": "https://inside.example.test/hook"}}

    body = await api.gql(CREATE, variables, tenant=tenant.slug, token=owner.token)

    assert body["data"]["webhookEndpointCreate"]["errors"] == [
        {
            "code": "VALIDATION",
            "field": "url",
            "message": "inside.example.test (10.0.0.7) is private: webhooks go to public "
            "addresses only",
        }
    ]


async def test_loopback_is_allowed_only_when_private_addresses_are(
    database: DatabaseTarget,
) -> None:
    variables = {"input": {**_INPUT, "url": "http://127.0.0.1:9/hook"}}
    for allowed in (False, True):
        async with controlled_app(database, webhook_allow_private=allowed) as (api, _, tenant):
            owner = await person(api, tenant, "owner")
            body = await api.gql(CREATE, variables, tenant=tenant.slug, token=owner.token)
            errors = payload_errors(body["data"]["webhookEndpointCreate"])
            assert errors == ([] if allowed else [("VALIDATION", "url")])
