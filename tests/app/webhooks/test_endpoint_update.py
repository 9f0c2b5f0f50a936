"""webhookEndpointUpdate: who may, what changes, what is refused."""

from __future__ import annotations

from datetime import timedelta

from app.ids import decode_global_id
from tests.app.identity.people import events_of, payload_errors, person, refusals
from tests.app.webhooks.endpoints import UPDATE, assert_refused, create_endpoint
from tests.support.client import RunningApp, create_tenant
from tests.support.databases import DatabaseTarget
from tests.support.events import controlled_app


async def test_webhook_endpoint_update_authorization_matrix(database: DatabaseTarget) -> None:
    async with controlled_app(database) as (api, clock, tenant):
        other = await create_tenant(api)
        owner = await person(api, tenant, "owner")
        created = (await create_endpoint(api, tenant, owner.token))["webhookEndpoint"]
        change = {
            "id": created["id"],
            "url": "https://elsewhere.example.test/hook",
            "headers": [{"name": "X-Key", "value": "k"}],
        }
        variables = {"input": change}
        await assert_refused(
            api, tenant, UPDATE, variables, await refusals(api, tenant, other, "viewer")
        )
        editor = await person(api, tenant, "editor")
        clock.advance(timedelta(minutes=5))

        body = await api.gql(UPDATE, variables, tenant=tenant.slug, token=editor.token)

        payload = body["data"]["webhookEndpointUpdate"]
        assert payload["errors"] == []
        assert payload["webhookEndpoint"] == {
            **created,
            "url": "https://elsewhere.example.test/hook",
            "headerNames": ["X-Key"],
            "updatedAt": clock.now().isoformat(),
        }
        [event] = await events_of(api, tenant.id, "webhooks.endpoint.updated")
        assert event.payload == {
            "endpoint_id": decode_global_id(created["id"])[1],
            "changed": ["url", "headers"],
        }


async def test_an_update_that_changes_nothing_emits_nothing(api: RunningApp) -> None:
    tenant = await create_tenant(api)
    owner = await person(api, tenant, "owner")
    created = (await create_endpoint(api, tenant, owner.token))["webhookEndpoint"]
    same = {"id": created["id"], "eventTypes": created["eventTypes"], "isActive": True}

    body = await api.gql(UPDATE, {"input": same}, tenant=tenant.slug, token=owner.token)

    assert body["data"]["webhookEndpointUpdate"] == {"webhookEndpoint": created, "errors": []}
    assert await events_of(api, tenant.id, "webhooks.endpoint.updated") == []


async def test_switching_off_and_bad_fields(api: RunningApp) -> None:
    tenant = await create_tenant(api)
    owner = await person(api, tenant, "owner")
    created = (await create_endpoint(api, tenant, owner.token))["webhookEndpoint"]

    off = await api.gql(
        UPDATE,
        {"input": {"id": created["id"], "isActive": False}},
        tenant=tenant.slug,
        token=owner.token,
    )
    bad = await api.gql(
        UPDATE,
        {"input": {"id": created["id"], "url": "http://u:p@hooks.example.test/", "eventTypes": []}},
        tenant=tenant.slug,
        token=owner.token,
    )

    assert off["data"]["webhookEndpointUpdate"]["webhookEndpoint"]["isActive"] is False
    assert payload_errors(bad["data"]["webhookEndpointUpdate"]) == [
        ("VALIDATION", "url"),
        ("VALIDATION", "eventTypes"),
    ]


async def test_another_tenants_endpoint_is_not_found(api: RunningApp) -> None:
    tenant, other = await create_tenant(api), await create_tenant(api)
    theirs = await person(api, other, "owner")
    created = (await create_endpoint(api, other, theirs.token))["webhookEndpoint"]
    owner = await person(api, tenant, "owner")

    body = await api.gql(
        UPDATE,
        {"input": {"id": created["id"], "description": "mine"}},
        tenant=tenant.slug,
        token=owner.token,
    )

    assert payload_errors(body["data"]["webhookEndpointUpdate"]) == [("NOT_FOUND", "id")]
