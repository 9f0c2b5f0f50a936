"""webhookEndpointDelete: who may; the row goes, the event stays."""

from __future__ import annotations

from app.ids import decode_global_id
from tests.app.identity.people import events_of, payload_errors, person, refusals
from tests.app.webhooks.endpoints import DELETE, ENDPOINT, assert_refused, create_endpoint
from tests.support.client import RunningApp, create_tenant
from tests.support.databases import DatabaseTarget
from tests.support.events import controlled_app


async def test_webhook_endpoint_delete_authorization_matrix(database: DatabaseTarget) -> None:
    async with controlled_app(database) as (api, _clock, tenant):
        other = await create_tenant(api)
        owner = await person(api, tenant, "owner")
        endpoint_id = (await create_endpoint(api, tenant, owner.token))["webhookEndpoint"]["id"]
        variables = {"id": endpoint_id}
        await assert_refused(
            api, tenant, DELETE, variables, await refusals(api, tenant, other, "viewer")
        )

        body = await api.gql(DELETE, variables, tenant=tenant.slug, token=owner.token)
        again = await api.gql(DELETE, variables, tenant=tenant.slug, token=owner.token)
        found = await api.gql(ENDPOINT, variables, tenant=tenant.slug, token=owner.token)

        assert body["data"]["webhookEndpointDelete"] == {"deletedId": endpoint_id, "errors": []}
        assert payload_errors(again["data"]["webhookEndpointDelete"]) == [("NOT_FOUND", "id")]
        assert found["data"] == {"webhookEndpoint": None}
        [event] = await events_of(api, tenant.id, "webhooks.endpoint.deleted")
        assert event.payload == {"endpoint_id": decode_global_id(endpoint_id)[1]}


async def test_an_id_of_another_kind_is_refused(api: RunningApp) -> None:
    tenant = await create_tenant(api)
    owner = await person(api, tenant, "owner")

    body = await api.gql(DELETE, {"id": tenant.global_id}, tenant=tenant.slug, token=owner.token)

    assert payload_errors(body["data"]["webhookEndpointDelete"]) == [("VALIDATION", "id")]
