"""webhookEndpoints and webhookEndpoint: who may see them, paging, no other tenant's."""

from __future__ import annotations

from tests.app.identity.people import person
from tests.app.webhooks.endpoints import (
    ENDPOINT,
    ENDPOINTS,
    assert_refused,
    create_endpoint,
    member_without,
)
from tests.support.client import RunningApp, create_tenant
from tests.support.databases import DatabaseTarget
from tests.support.events import controlled_app
from tests.support.statements import recorded_statements


async def test_webhook_endpoints_authorization_matrix(api: RunningApp) -> None:
    tenant, other = await create_tenant(api), await create_tenant(api)
    owner = await person(api, tenant, "owner")
    created = [
        (await create_endpoint(api, tenant, owner.token, description=f"n{i}"))["webhookEndpoint"]
        for i in range(3)
    ]
    outsider = await person(api, other, "owner")
    lacking = await member_without(api, tenant, "core.view_modules")
    cases = {
        "anonymous": (None, "UNAUTHENTICATED"),
        "member without the permission": (lacking.token, "PERMISSION_DENIED"),
        "member of another tenant": (outsider.token, "PERMISSION_DENIED"),
    }
    await assert_refused(api, tenant, ENDPOINTS, {"first": 2}, cases)
    viewer = await person(api, tenant, "viewer")

    first = await api.gql(ENDPOINTS, {"first": 2}, tenant=tenant.slug, token=viewer.token)
    page = first["data"]["webhookEndpoints"]
    rest = await api.gql(
        ENDPOINTS,
        {"first": 2, "after": page["pageInfo"]["endCursor"]},
        tenant=tenant.slug,
        token=viewer.token,
    )

    assert page["totalCount"] == 3
    assert [edge["node"] for edge in page["edges"]] == created[:2]
    assert [edge["node"] for edge in rest["data"]["webhookEndpoints"]["edges"]] == created[2:]


async def test_one_endpoint_by_id_and_none_of_another_tenant(api: RunningApp) -> None:
    tenant, other = await create_tenant(api), await create_tenant(api)
    owner = await person(api, tenant, "owner")
    mine = (await create_endpoint(api, tenant, owner.token))["webhookEndpoint"]
    theirs_owner = await person(api, other, "owner")
    theirs = (await create_endpoint(api, other, theirs_owner.token))["webhookEndpoint"]

    found = await api.gql(ENDPOINT, {"id": mine["id"]}, tenant=tenant.slug, token=owner.token)
    foreign = await api.gql(ENDPOINT, {"id": theirs["id"]}, tenant=tenant.slug, token=owner.token)

    assert found["data"] == {"webhookEndpoint": mine}
    assert foreign["data"] == {"webhookEndpoint": None}


async def test_the_list_costs_the_same_statements_for_any_page_size(
    database: DatabaseTarget,
) -> None:
    async with controlled_app(database) as (api, _clock, tenant):
        owner = await person(api, tenant, "owner")
        for _ in range(4):
            await create_endpoint(api, tenant, owner.token)
        counts = []
        for size in (1, 4):
            with recorded_statements(api.state.runtime.db.engine) as statements:
                await api.gql(ENDPOINTS, {"first": size}, tenant=tenant.slug, token=owner.token)
            counts.append(len(statements))
        assert counts[0] == counts[1]


async def test_node_finds_an_endpoint_only_for_who_may_view_it(api: RunningApp) -> None:
    tenant = await create_tenant(api)
    owner = await person(api, tenant, "owner")
    endpoint = (await create_endpoint(api, tenant, owner.token))["webhookEndpoint"]
    lacking = await member_without(api, tenant, "core.view_modules")
    query = "query ($id: ID!) { node(id: $id) { __typename id } }"

    seen = await api.gql(query, {"id": endpoint["id"]}, tenant=tenant.slug, token=owner.token)
    hidden = await api.gql(query, {"id": endpoint["id"]}, tenant=tenant.slug, token=lacking.token)

    assert seen["data"]["node"] == {"__typename": "WebhookEndpoint", "id": endpoint["id"]}
    assert hidden["data"]["node"] is None
