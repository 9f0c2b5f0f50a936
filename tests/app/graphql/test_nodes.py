"""``node(id:)`` and ``nodes(ids:)``: found when visible, null alike when not, typed errors."""

from __future__ import annotations

import uuid
from typing import Any

from graphql import GraphQLInterfaceType

from app.auth.principal import CustomerPrincipal
from app.bootstrap import build_schema
from app.ids import encode_global_id
from tests.app.identity.people import person
from tests.app.identity.test_api_keys import VIEW_WIDGETS, create_key
from tests.conftest import make_registry, make_settings
from tests.support.client import RunningApp, create_tenant
from tests.support.databases import DatabaseTarget

NODE = """
query ($id: ID!) {
  node(id: $id) {
    __typename id
    ... on User { email displayName }
    ... on ApiKey { name }
    ... on Role { name }
    ... on Tenant { slug }
  }
}
"""
NODES = "query ($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }"


def _node(body: dict[str, Any]) -> Any:
    assert "errors" not in body, body
    return body["data"]["node"]


async def test_a_user_finds_themself_and_an_owner_finds_members(api: RunningApp) -> None:
    tenant, other = await create_tenant(api), await create_tenant(api)
    owner = await person(api, tenant, "owner")
    viewer = await person(api, tenant, "viewer")
    stranger = await person(api, other, "owner")

    async def ask(token: str, target: str) -> Any:
        return _node(await api.gql(NODE, {"id": target}, tenant=tenant.slug, token=token))

    assert (await ask(viewer.token, viewer.global_id))["email"] == viewer.email
    assert (await ask(owner.token, viewer.global_id))["email"] == viewer.email
    assert await ask(viewer.token, owner.global_id) is None
    assert await ask(owner.token, stranger.global_id) is None
    assert await ask(owner.token, encode_global_id("User", uuid.uuid4())) is None


async def test_keys_roles_and_tenants_need_their_permissions(api: RunningApp) -> None:
    tenant, other = await create_tenant(api), await create_tenant(api)
    owner = await person(api, tenant, "owner")
    viewer = await person(api, tenant, "viewer")
    key = (await create_key(api, tenant, owner.token, VIEW_WIDGETS))["apiKey"]
    roles = await api.gql("{ roles { id name } }", tenant=tenant.slug, token=owner.token)
    role = roles["data"]["roles"][0]
    tenant_id = encode_global_id("Tenant", tenant.id)

    body = await api.gql(
        NODES, {"ids": [key["id"], role["id"], tenant_id]}, tenant=tenant.slug, token=owner.token
    )
    seen = await api.gql(
        NODES, {"ids": [key["id"], role["id"], tenant_id]}, tenant=tenant.slug, token=viewer.token
    )
    from_elsewhere = await api.gql(
        NODES, {"ids": [key["id"], role["id"], tenant_id]}, tenant=other.slug, token=owner.token
    )

    assert body["data"]["nodes"] == [
        {"__typename": "ApiKey", "id": key["id"]},
        {"__typename": "Role", "id": role["id"]},
        {"__typename": "Tenant", "id": tenant_id},
    ]
    assert seen["data"]["nodes"] == [None, None, {"__typename": "Tenant", "id": tenant_id}]
    assert from_elsewhere["data"]["nodes"] == [None, None, None]


async def test_a_customer_finds_only_their_own_profile(api: RunningApp) -> None:
    tenant = await create_tenant(api)
    own, someone = uuid.uuid4(), uuid.uuid4()
    token = api.auth.issue(CustomerPrincipal(customer_id=own, tenant_id=tenant.id))

    body = await api.gql(
        NODES,
        {"ids": [encode_global_id("Customer", own), encode_global_id("Customer", someone)]},
        tenant=tenant.slug,
        token=token,
    )

    # The token's customer has no row here: found by nobody, not even themself.
    assert body["data"]["nodes"] == [None, None]


async def test_bad_ids_are_typed_errors_and_unknown_types_are_null(api: RunningApp) -> None:
    tenant = await create_tenant(api)
    owner = await person(api, tenant, "owner")

    malformed = await api.gql(NODE, {"id": "not base64!"}, tenant=tenant.slug, token=owner.token)
    unknown = await api.gql(
        NODE, {"id": encode_global_id("Spaceship", uuid.uuid4())}, tenant=tenant.slug
    )
    not_uuid = await api.gql(NODE, {"id": encode_global_id("User", "42")}, tenant=tenant.slug)
    too_many = await api.gql(
        NODES, {"ids": [owner.global_id] * 101}, tenant=tenant.slug, token=owner.token
    )
    repeated = await api.gql(
        NODES,
        {"ids": [owner.global_id, "x", owner.global_id]},
        tenant=tenant.slug,
        token=owner.token,
    )

    [error] = malformed["errors"]
    assert error["extensions"]["code"] == "VALIDATION"
    assert error["extensions"]["field"] == "id"
    assert unknown["data"] == {"node": None}
    assert not_uuid["data"] == {"node": None}
    assert [e["extensions"]["code"] for e in too_many["errors"]] == ["BAD_REQUEST"]
    assert repeated["errors"][0]["extensions"]["field"] == "ids.1"


def test_every_node_type_has_a_source(database: DatabaseTarget) -> None:
    schema = build_schema(make_registry(make_settings(database), installed=True))
    directory = schema.nodes
    node = schema.graphql_schema.get_type("Node")
    assert isinstance(node, GraphQLInterfaceType)
    implementing = {found.name for found in schema.graphql_schema.get_possible_types(node)}

    # A customer's profile is the GraphQL face of the global-ID type `Customer`.
    missing = implementing - directory.type_names - {"CustomerProfile"}
    assert "Customer" in directory.type_names
    assert missing == set(), f"Node types without a node(id:) source: {sorted(missing)}"
