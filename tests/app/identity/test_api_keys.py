"""API keys over GraphQL: created (shown once), listed, revoked, and used for real over HTTP."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import text

from app.ids import decode_global_id, encode_global_id
from tests.app.identity.people import (
    assert_refused,
    events_of,
    payload_errors,
    person,
    refusals,
    tenant_state,
)
from tests.support.client import CreatedTenant, RunningApp, create_tenant
from tests.support.databases import DatabaseTarget
from tests.support.events import controlled_app
from tests.support.statements import recorded_statements

CREATE = """
mutation ($input: ApiKeyCreateInput!) {
  apiKeyCreate(input: $input) {
    apiKey { id name prefix permissions createdAt expiresAt revokedAt lastUsedAt }
    secret
    errors { code field message }
  }
}
"""
REVOKE = """
mutation ($id: ID!) {
  apiKeyRevoke(id: $id) { apiKey { name revokedAt } errors { code field message } }
}
"""
KEYS = """
query ($first: Int, $after: String) {
  apiKeys(first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { id name prefix permissions createdAt expiresAt revokedAt lastUsedAt } }
  }
}
"""
WIDGETS = "{ widgets { name } }"
WIDGET_CREATE = 'mutation { widgetCreate(name: "by-key") { errors { code } } }'
VIEW_WIDGETS = "widgets.view_items"
MANAGE_WIDGETS = "widgets.manage_items"


async def create_key(
    api: RunningApp, tenant: CreatedTenant, token: str, *permissions: str, **fields: Any
) -> dict[str, Any]:
    """Create a key and return the payload (which must have no errors)."""
    key = {"name": "shop front", "permissions": list(permissions), **fields}
    body = await api.gql(CREATE, {"input": key}, tenant=tenant.slug, token=token)
    payload: dict[str, Any] = body["data"]["apiKeyCreate"]
    assert payload["errors"] == [], payload
    return payload


def codes(body: dict[str, Any]) -> list[str]:
    """Return the top-level error codes of a response."""
    return [error["extensions"]["code"] for error in body.get("errors", [])]


async def test_api_key_create_authorization_matrix(database: DatabaseTarget) -> None:
    async with controlled_app(database) as (api, clock, tenant):
        other = await create_tenant(api)
        variables = {"input": {"name": "shop front", "permissions": [VIEW_WIDGETS]}}
        await assert_refused(
            api, tenant, CREATE, variables, await refusals(api, tenant, other, "admin")
        )
        owner = await person(api, tenant, "owner")

        body = await api.gql(CREATE, variables, tenant=tenant.slug, token=owner.token)

        payload = body["data"]["apiKeyCreate"]
        key = payload["apiKey"]
        key_id = decode_global_id(key["id"])[1].replace("-", "")
        assert payload["errors"] == []
        assert key == {
            "id": key["id"],
            "name": "shop front",
            "prefix": f"rk_{key_id}",
            "permissions": [VIEW_WIDGETS],
            "createdAt": clock.now().isoformat(),
            "expiresAt": None,
            "revokedAt": None,
            "lastUsedAt": None,
        }
        assert payload["secret"].startswith(f"rk_{key_id}_")
        assert len(payload["secret"]) > len(f"rk_{key_id}_") + 40
        [event] = await events_of(api, tenant.id, "core.apikey.created")
        assert event.payload == {
            "api_key_id": decode_global_id(key["id"])[1],
            "name": "shop front",
            "permissions": [VIEW_WIDGETS],
            "expires_at": None,
        }


async def test_the_secret_is_shown_once_and_only_its_hash_is_stored(api: RunningApp) -> None:
    tenant = await create_tenant(api)
    owner = await person(api, tenant, "owner")
    created = await create_key(api, tenant, owner.token, VIEW_WIDGETS)
    secret = created["secret"].split("_", 2)[2]

    listed = await api.gql(KEYS, tenant=tenant.slug, token=owner.token)
    revoked = await api.gql(
        REVOKE, {"id": created["apiKey"]["id"]}, tenant=tenant.slug, token=owner.token
    )
    events = await events_of(api, tenant.id, "core.apikey.")
    async with api.state.runtime.db.transaction(readonly=True) as session:
        stored = (await session.execute(text("SELECT * FROM core_api_keys"))).all()

    assert listed["data"]["apiKeys"]["edges"][0]["node"] == created["apiKey"]
    for seen in (listed, revoked, [event.payload for event in events], [tuple(stored)]):
        assert secret not in json.dumps(seen, default=str)


async def test_a_key_works_only_within_its_permissions_and_tenant(database: DatabaseTarget) -> None:
    async with controlled_app(database) as (api, _clock, tenant):
        other = await create_tenant(api)
        owner = await person(api, tenant, "owner")
        key = (await create_key(api, tenant, owner.token, VIEW_WIDGETS))["secret"]

        listed = await api.gql(WIDGETS, tenant=tenant.slug, token=key)
        writing = await api.gql(WIDGET_CREATE, tenant=tenant.slug, token=key)
        elsewhere = await api.gql(WIDGETS, tenant=other.slug, token=key)
        minting = await api.gql(
            CREATE,
            {"input": {"name": "child", "permissions": [VIEW_WIDGETS]}},
            tenant=tenant.slug,
            token=key,
        )
        me = await api.gql("{ me { user { email } } }", token=key)

        assert listed["data"] == {"widgets": [{"name": "starter"}]}
        assert codes(writing) == ["PERMISSION_DENIED"]
        assert codes(elsewhere) == ["PERMISSION_DENIED"]
        assert codes(minting) == ["PERMISSION_DENIED"]
        assert codes(me) == ["UNAUTHENTICATED"]


async def test_a_key_sent_over_http_acts_as_the_key(database: DatabaseTarget) -> None:
    async with controlled_app(database) as (api, _clock, tenant):
        owner = await person(api, tenant, "owner")
        created = await create_key(api, tenant, owner.token, VIEW_WIDGETS, MANAGE_WIDGETS)
        response = await api.client.post(
            "/graphql",
            json={"query": WIDGET_CREATE},
            headers={"Authorization": f"Bearer {created['secret']}", "X-Tenant": tenant.slug},
        )
        assert response.json()["data"] == {"widgetCreate": {"errors": []}}
        [event] = await events_of(api, tenant.id, "widgets.")
        assert event.actor == f"apikey:{decode_global_id(created['apiKey']['id'])[1]}"


async def test_last_used_at_is_kept_to_the_minute(database: DatabaseTarget) -> None:
    async with controlled_app(database) as (api, clock, tenant):
        owner = await person(api, tenant, "owner")
        created = await create_key(api, tenant, owner.token, VIEW_WIDGETS)
        assert created["apiKey"]["lastUsedAt"] is None

        async def last_used() -> str | None:
            body = await api.gql(KEYS, tenant=tenant.slug, token=owner.token)
            value: str | None = body["data"]["apiKeys"]["edges"][0]["node"]["lastUsedAt"]
            return value

        first_use = clock.now()
        assert codes(await api.gql(WIDGETS, tenant=tenant.slug, token=created["secret"])) == []
        assert await last_used() == first_use.isoformat()
        clock.advance(timedelta(seconds=59))
        engine = api.state.runtime.db.engine
        with recorded_statements(engine) as statements:
            assert codes(await api.gql(WIDGETS, tenant=tenant.slug, token=created["secret"])) == []
        assert not [sql for sql in statements if sql.startswith("UPDATE core_api_keys")]
        assert await last_used() == first_use.isoformat()
        clock.advance(timedelta(seconds=1))
        assert codes(await api.gql(WIDGETS, tenant=tenant.slug, token=created["secret"])) == []
        assert await last_used() == clock.now().isoformat()


async def test_a_revoked_key_stops_working_at_once(database: DatabaseTarget) -> None:
    async with controlled_app(database) as (api, clock, tenant):
        owner = await person(api, tenant, "owner")
        created = await create_key(api, tenant, owner.token, VIEW_WIDGETS)
        assert codes(await api.gql(WIDGETS, tenant=tenant.slug, token=created["secret"])) == []

        body = await api.gql(
            REVOKE, {"id": created["apiKey"]["id"]}, tenant=tenant.slug, token=owner.token
        )

        assert body["data"]["apiKeyRevoke"] == {
            "apiKey": {"name": "shop front", "revokedAt": clock.now().isoformat()},
            "errors": [],
        }
        refused = await api.gql(WIDGETS, tenant=tenant.slug, token=created["secret"])
        assert refused["data"] is None
        assert refused["errors"] == [
            {
                "message": "the API key is revoked or expired",
                "extensions": {"code": "UNAUTHENTICATED"},
            }
        ]


async def test_an_expired_key_is_refused(database: DatabaseTarget) -> None:
    async with controlled_app(database) as (api, clock, tenant):
        owner = await person(api, tenant, "owner")
        expires = clock.now() + timedelta(days=1)
        created = await create_key(
            api, tenant, owner.token, VIEW_WIDGETS, expiresAt=expires.isoformat()
        )
        assert created["apiKey"]["expiresAt"] == expires.isoformat()
        [event] = await events_of(api, tenant.id, "core.apikey.created")
        assert event.payload["expires_at"] == expires.isoformat().replace("+00:00", "Z")

        clock.advance(timedelta(hours=23, minutes=59))
        assert codes(await api.gql(WIDGETS, tenant=tenant.slug, token=created["secret"])) == []
        clock.advance(timedelta(minutes=1))
        assert codes(await api.gql(WIDGETS, tenant=tenant.slug, token=created["secret"])) == [
            "UNAUTHENTICATED"
        ]


@pytest.mark.parametrize(
    "token_of",
    [
        lambda key: key[:-1] + ("A" if key[-1] != "A" else "B"),
        lambda key: "rk_" + "0" * 32 + "_" + key.split("_", 2)[2],
        lambda key: "rk_nothex_secret",
        lambda key: "rk_",
    ],
)
async def test_a_forged_key_is_refused(database: DatabaseTarget, token_of: Any) -> None:
    async with controlled_app(database) as (api, _clock, tenant):
        owner = await person(api, tenant, "owner")
        created = await create_key(api, tenant, owner.token, VIEW_WIDGETS)
        body = await api.gql(WIDGETS, tenant=tenant.slug, token=token_of(created["secret"]))
        assert codes(body) == ["UNAUTHENTICATED"]


async def test_api_key_create_rejects_bad_input(database: DatabaseTarget) -> None:
    async with controlled_app(database) as (api, clock, tenant):
        owner = await person(api, tenant, "owner")
        before = await tenant_state(api, tenant.id)
        past = (clock.now() - timedelta(seconds=1)).isoformat()
        cases: list[tuple[dict[str, Any], list[tuple[str, str]]]] = [
            ({"name": "  "}, [("VALIDATION", "name")]),
            ({"name": "x" * 121}, [("VALIDATION", "name")]),
            ({"name": "two\nlines"}, [("VALIDATION", "name")]),
            ({"permissions": []}, [("VALIDATION", "permissions")]),
            ({"permissions": [VIEW_WIDGETS, "widgets.fly"]}, [("VALIDATION", "permissions.1")]),
            ({"permissions": ["core.manage_tenants"]}, [("VALIDATION", "permissions.0")]),
            ({"expiresAt": past}, [("VALIDATION", "expiresAt")]),
            ({"expiresAt": clock.now().isoformat()}, [("VALIDATION", "expiresAt")]),
            ({"expiresAt": "2030-01-01T00:00:00"}, [("VALIDATION", "expiresAt")]),
        ]
        for fields, errors in cases:
            key = {"name": "k", "permissions": [VIEW_WIDGETS], **fields}
            body = await api.gql(CREATE, {"input": key}, tenant=tenant.slug, token=owner.token)
            payload = body["data"]["apiKeyCreate"]
            assert payload_errors(payload) == errors, fields
            assert (payload["apiKey"], payload["secret"]) == (None, None)
        assert await tenant_state(api, tenant.id) == before


async def test_a_key_holds_only_permissions_its_creator_holds(api: RunningApp) -> None:
    tenant = await create_tenant(api)
    owner = await person(api, tenant, "owner")
    role = await api.gql(
        "mutation ($i: RoleCreateInput!) { roleCreate(input: $i) { errors { code } } }",
        {"i": {"name": "integrator", "permissions": ["core.manage_api_keys", VIEW_WIDGETS]}},
        tenant=tenant.slug,
        token=owner.token,
    )
    assert role["data"]["roleCreate"]["errors"] == []
    integrator = await person(api, tenant, "integrator")
    before = await tenant_state(api, tenant.id)

    body = await api.gql(
        CREATE,
        {"input": {"name": "k", "permissions": [VIEW_WIDGETS, MANAGE_WIDGETS]}},
        tenant=tenant.slug,
        token=integrator.token,
    )

    assert body["data"]["apiKeyCreate"]["errors"] == [
        {
            "code": "VALIDATION",
            "field": "permissions.1",
            "message": "you do not hold widgets.manage_items, so you cannot grant it "
            "(ask an owner)",
        }
    ]
    assert await tenant_state(api, tenant.id) == before
    allowed = await create_key(api, tenant, integrator.token, VIEW_WIDGETS)
    assert allowed["apiKey"]["permissions"] == [VIEW_WIDGETS]


async def test_api_key_revoke_authorization_matrix(api: RunningApp) -> None:
    tenant, other = await create_tenant(api), await create_tenant(api)
    owner = await person(api, tenant, "owner")
    created = await create_key(api, tenant, owner.token, VIEW_WIDGETS)
    variables = {"id": created["apiKey"]["id"]}
    await assert_refused(
        api, tenant, REVOKE, variables, await refusals(api, tenant, other, "admin")
    )
    assert codes(await api.gql(WIDGETS, tenant=tenant.slug, token=created["secret"])) == []

    body = await api.gql(REVOKE, variables, tenant=tenant.slug, token=owner.token)

    assert body["data"]["apiKeyRevoke"]["errors"] == []
    [event] = await events_of(api, tenant.id, "core.apikey.revoked")
    assert event.payload == {"api_key_id": decode_global_id(created["apiKey"]["id"])[1]}
    before = await tenant_state(api, tenant.id)
    again = await api.gql(REVOKE, variables, tenant=tenant.slug, token=owner.token)
    assert again["data"]["apiKeyRevoke"] == body["data"]["apiKeyRevoke"]
    assert await tenant_state(api, tenant.id) == before


async def test_a_key_of_another_tenant_cannot_be_revoked(api: RunningApp) -> None:
    tenant, other = await create_tenant(api), await create_tenant(api)
    foreign = await create_key(api, other, (await person(api, other, "owner")).token, VIEW_WIDGETS)
    owner = await person(api, tenant, "owner")
    before = await tenant_state(api, other.id)
    cases = [
        (foreign["apiKey"]["id"], ("NOT_FOUND", "id")),
        (encode_global_id("ApiKey", "019a4b9c-0000-7000-8000-000000000000"), ("NOT_FOUND", "id")),
        (encode_global_id("Role", "019a4b9c-0000-7000-8000-000000000000"), ("VALIDATION", "id")),
        ("not an id", ("VALIDATION", "id")),
    ]
    for key_id, error in cases:
        body = await api.gql(REVOKE, {"id": key_id}, tenant=tenant.slug, token=owner.token)
        assert payload_errors(body["data"]["apiKeyRevoke"]) == [error], key_id
    assert await tenant_state(api, other.id) == before
    assert codes(await api.gql(WIDGETS, tenant=other.slug, token=foreign["secret"])) == []


async def test_api_keys_lists_the_tenants_keys_page_by_page(database: DatabaseTarget) -> None:
    async with controlled_app(database) as (api, _clock, tenant):
        other = await create_tenant(api)
        owner = await person(api, tenant, "owner")
        await create_key(api, other, (await person(api, other, "owner")).token, VIEW_WIDGETS)
        names = [f"key {index}" for index in range(5)]
        for name in names:
            await create_key(api, tenant, owner.token, VIEW_WIDGETS, name=name)
        await api.gql(KEYS, {"first": 1}, tenant=tenant.slug, token=owner.token)
        counts = []
        for first in (1, 5):
            with recorded_statements(api.state.runtime.db.engine) as statements:
                await api.gql(KEYS, {"first": first}, tenant=tenant.slug, token=owner.token)
            counts.append(len(statements))
        page = (await api.gql(KEYS, {"first": 3}, tenant=tenant.slug, token=owner.token))["data"]
        rest = await api.gql(
            KEYS,
            {"first": 3, "after": page["apiKeys"]["pageInfo"]["endCursor"]},
            tenant=tenant.slug,
            token=owner.token,
        )

        assert counts[0] == counts[1]
        assert page["apiKeys"]["totalCount"] == 5
        listed = page["apiKeys"]["edges"] + rest["data"]["apiKeys"]["edges"]
        assert [edge["node"]["name"] for edge in listed] == names


async def test_api_keys_needs_manage_api_keys(api: RunningApp) -> None:
    tenant, other = await create_tenant(api), await create_tenant(api)
    for label, (token, code) in (await refusals(api, tenant, other, "admin")).items():
        body = await api.gql(KEYS, tenant=tenant.slug, token=token)
        assert body["data"] is None, label
        assert codes(body) == [code], label
