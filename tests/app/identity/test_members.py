"""Members over GraphQL: the connection, adding and removing members, giving and taking roles."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from app.ids import decode_global_id, encode_global_id
from tests.app.identity.people import (
    Person,
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

MEMBERS = """
query ($first: Int, $after: String) {
  members(first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { user { id email } roles { name isBuiltin } permissions joinedAt } }
  }
}
"""
ADD = """
mutation ($input: MemberAddInput!) {
  memberAdd(input: $input) {
    member { user { email } roles { name } } errors { code field message }
  }
}
"""
REMOVE = """
mutation ($userId: ID!) {
  memberRemove(userId: $userId) { member { user { email } roles { name } } errors { code field } }
}
"""
ASSIGN = """
mutation ($input: RoleAssignmentInput!) {
  roleAssign(input: $input) { member { user { email } roles { name } } errors { code field } }
}
"""
UNASSIGN = """
mutation ($input: RoleAssignmentInput!) {
  roleUnassign(input: $input) {
    member { user { email } roles { name } } errors { code field message }
  }
}
"""
ROLES = "{ roles { id name } }"
WIDGETS = "{ widgets { name } }"


async def role_ids(api: RunningApp, tenant: CreatedTenant, token: str) -> dict[str, str]:
    """Return the tenant's role IDs by name."""
    body = await api.gql(ROLES, tenant=tenant.slug, token=token)
    return {role["name"]: role["id"] for role in body["data"]["roles"]}


def role_names(payload: dict[str, Any]) -> list[str]:
    """Return the role names of a payload's member."""
    return [role["name"] for role in payload["member"]["roles"]]


async def test_members_lists_members_with_their_roles(api: RunningApp) -> None:
    tenant = await create_tenant(api)
    owner = await person(api, tenant, "owner")
    editor = await person(api, tenant, "editor", "viewer")
    await person(api, await create_tenant(api), "owner")

    body = await api.gql(MEMBERS, {"first": 10}, tenant=tenant.slug, token=owner.token)

    listed = body["data"]["members"]
    assert listed["totalCount"] == 2
    nodes = [edge["node"] for edge in listed["edges"]]
    assert [node["user"] for node in nodes] == [
        {"id": owner.global_id, "email": owner.email},
        {"id": editor.global_id, "email": editor.email},
    ]
    assert nodes[1]["roles"] == [
        {"name": "editor", "isBuiltin": True},
        {"name": "viewer", "isBuiltin": True},
    ]
    assert "widgets.manage_items" in nodes[1]["permissions"]
    assert "core.manage_users" not in nodes[1]["permissions"]


async def test_members_pages_without_more_statements_for_bigger_pages(
    database: DatabaseTarget,
) -> None:
    # A frozen clock keeps the caller's principal cached: only the list's statements count.
    async with controlled_app(database) as (api, _clock, tenant):
        owner = await person(api, tenant, "owner")
        for role in ("admin", "editor", "viewer", "editor", "viewer"):
            await person(api, tenant, role)
        await api.gql(MEMBERS, {"first": 1}, tenant=tenant.slug, token=owner.token)
        counts, seen = [], []
        for first in (2, 6):
            with recorded_statements(api.state.runtime.db.engine) as statements:
                body = await api.gql(
                    MEMBERS, {"first": first}, tenant=tenant.slug, token=owner.token
                )
            counts.append(len(statements))
            seen.append(len(body["data"]["members"]["edges"]))
        assert seen == [2, 6]
        assert counts[0] == counts[1]
        page = await api.gql(MEMBERS, {"first": 4}, tenant=tenant.slug, token=owner.token)
        first_page = page["data"]["members"]
        rest = await api.gql(
            MEMBERS,
            {"first": 4, "after": first_page["pageInfo"]["endCursor"]},
            tenant=tenant.slug,
            token=owner.token,
        )
        assert first_page["pageInfo"]["hasNextPage"] is True
        assert len(rest["data"]["members"]["edges"]) == 2


async def test_members_needs_manage_users(api: RunningApp) -> None:
    tenant, other = await create_tenant(api), await create_tenant(api)
    for label, (token, code) in (await refusals(api, tenant, other, "editor")).items():
        body = await api.gql(MEMBERS, tenant=tenant.slug, token=token)
        assert body["data"] is None, label
        assert [error["extensions"]["code"] for error in body["errors"]] == [code], label


async def test_member_add_authorization_matrix(api: RunningApp) -> None:
    tenant, other = await create_tenant(api), await create_tenant(api)
    newcomer = await person(api, None)
    variables = {"input": {"email": newcomer.email, "roles": ["editor", "viewer"]}}
    await assert_refused(api, tenant, ADD, variables, await refusals(api, tenant, other, "editor"))
    admin = await person(api, tenant, "admin")

    body = await api.gql(ADD, variables, tenant=tenant.slug, token=admin.token)

    payload = body["data"]["memberAdd"]
    assert payload["errors"] == []
    assert payload["member"] == {
        "user": {"email": newcomer.email},
        "roles": [{"name": "editor"}, {"name": "viewer"}],
    }
    ids = await role_ids(api, tenant, (await person(api, tenant, "owner")).token)
    [added] = [
        event
        for event in await events_of(api, tenant.id, "core.user.added")
        if event.aggregate_id == str(newcomer.user_id)
    ]
    assert added.payload == {
        "user_id": str(newcomer.user_id),
        "role_ids": [_local(ids["editor"]), _local(ids["viewer"])],
    }
    assigned = [
        event.payload["role_id"]
        for event in await events_of(api, tenant.id, "core.role.assigned")
        if event.payload["user_id"] == str(newcomer.user_id)
    ]
    assert sorted(assigned) == sorted([_local(ids["editor"]), _local(ids["viewer"])])
    widgets = await api.gql(WIDGETS, tenant=tenant.slug, token=newcomer.token)
    assert "errors" not in widgets


def _local(global_id: str) -> str:
    return decode_global_id(global_id)[1]


async def test_member_add_refusals_in_the_payload(api: RunningApp) -> None:
    tenant = await create_tenant(api)
    admin = await person(api, tenant, "admin")
    member = await person(api, tenant, "viewer")
    stranger = await person(api, None)
    before = await tenant_state(api, tenant.id)
    cases = [
        ({"email": "nobody@example.test"}, [("NOT_FOUND", "email")]),
        ({"email": member.email.upper()}, [("CONFLICT", "email")]),
        ({"email": stranger.email, "roles": ["viewer", "ghosts"]}, [("NOT_FOUND", "roles.1")]),
        ({"email": stranger.email, "roles": ["owner"]}, [("VALIDATION", "roles.0")]),
    ]
    for fields, errors in cases:
        body = await api.gql(ADD, {"input": fields}, tenant=tenant.slug, token=admin.token)
        assert payload_errors(body["data"]["memberAdd"]) == errors, fields
        assert body["data"]["memberAdd"]["member"] is None
    assert await tenant_state(api, tenant.id) == before


async def test_member_add_says_new_people_cannot_be_invited(api: RunningApp) -> None:
    tenant = await create_tenant(api)
    admin = await person(api, tenant, "admin")
    body = await api.gql(
        ADD, {"input": {"email": "new@example.test"}}, tenant=tenant.slug, token=admin.token
    )
    assert body["data"]["memberAdd"]["errors"] == [
        {
            "code": "NOT_FOUND",
            "field": "email",
            "message": "no account uses this email; create the user first (inviting new people "
            "by email is not supported)",
        }
    ]


async def test_member_remove_authorization_matrix(database: DatabaseTarget) -> None:
    async with controlled_app(database) as (api, _clock, tenant):
        other = await create_tenant(api)
        leaving = await person(api, tenant, "editor")
        variables = {"userId": leaving.global_id}
        await assert_refused(
            api, tenant, REMOVE, variables, await refusals(api, tenant, other, "editor")
        )
        assert "errors" not in await api.gql(WIDGETS, tenant=tenant.slug, token=leaving.token)
        admin = await person(api, tenant, "admin")

        body = await api.gql(REMOVE, variables, tenant=tenant.slug, token=admin.token)

        assert body["data"]["memberRemove"] == {
            "member": {"user": {"email": leaving.email}, "roles": [{"name": "editor"}]},
            "errors": [],
        }
        [removed] = await events_of(api, tenant.id, "core.user.removed")
        assert removed.payload == {"user_id": str(leaving.user_id)}
        refused = await api.gql(WIDGETS, tenant=tenant.slug, token=leaving.token)
        assert refused["errors"][0]["extensions"]["code"] == "PERMISSION_DENIED"
        me = await api.gql("{ me { memberships { tenant { slug } } } }", token=leaving.token)
        assert me["data"]["me"]["memberships"] == []
        again = await api.gql(REMOVE, variables, tenant=tenant.slug, token=admin.token)
        assert payload_errors(again["data"]["memberRemove"]) == [("NOT_FOUND", "userId")]


async def test_the_last_owner_stays(api: RunningApp) -> None:
    tenant = await create_tenant(api)
    owner = await person(api, tenant, "owner")
    ids = await role_ids(api, tenant, owner.token)
    before = await tenant_state(api, tenant.id)
    removed = await api.gql(
        REMOVE, {"userId": owner.global_id}, tenant=tenant.slug, token=owner.token
    )
    assert payload_errors(removed["data"]["memberRemove"]) == [("CONFLICT", "userId")]
    unassigned = await api.gql(
        UNASSIGN,
        {"input": {"userId": owner.global_id, "roleId": ids["owner"]}},
        tenant=tenant.slug,
        token=owner.token,
    )
    assert unassigned["data"]["roleUnassign"]["errors"] == [
        {
            "code": "CONFLICT",
            "field": "roleId",
            "message": "this is the tenant's last owner: make another member owner first",
        }
    ]
    assert await tenant_state(api, tenant.id) == before

    second = await person(api, tenant, "owner")
    stepped_down = await api.gql(
        UNASSIGN,
        {"input": {"userId": owner.global_id, "roleId": ids["owner"]}},
        tenant=tenant.slug,
        token=second.token,
    )
    assert stepped_down["data"]["roleUnassign"] == {
        "member": {"user": {"email": owner.email}, "roles": []},
        "errors": [],
    }
    last = await api.gql(
        REMOVE, {"userId": second.global_id}, tenant=tenant.slug, token=second.token
    )
    assert payload_errors(last["data"]["memberRemove"]) == [("CONFLICT", "userId")]


async def test_two_owners_cannot_both_step_down_at_once(api: RunningApp) -> None:
    tenant = await create_tenant(api)
    owners = [await person(api, tenant, "owner") for _ in range(2)]
    owner_role = (await role_ids(api, tenant, owners[0].token))["owner"]

    # This guards the outcome; the two requests do not always overlap in time, so it does not
    # prove the row lock on the owner role that makes it hold under PostgreSQL concurrency.
    answers = await asyncio.gather(
        *(
            api.gql(
                UNASSIGN,
                {"input": {"userId": owner.global_id, "roleId": owner_role}},
                tenant=tenant.slug,
                token=owner.token,
            )
            for owner in owners
        )
    )

    outcomes = sorted(payload_errors(body["data"]["roleUnassign"]) for body in answers)
    assert outcomes == [[], [("CONFLICT", "roleId")]]
    stayed = owners[0] if answers[1]["data"]["roleUnassign"]["errors"] == [] else owners[1]
    listed = await api.gql(MEMBERS, tenant=tenant.slug, token=stayed.token)
    holders = [
        edge["node"]["user"]["email"]
        for edge in listed["data"]["members"]["edges"]
        if {"name": "owner", "isBuiltin": True} in edge["node"]["roles"]
    ]
    assert holders == [stayed.email]


async def test_an_admin_cannot_remove_an_owner(api: RunningApp) -> None:
    tenant = await create_tenant(api)
    owners = [await person(api, tenant, "owner") for _ in range(2)]
    admin = await person(api, tenant, "admin")
    before = await tenant_state(api, tenant.id)

    body = await api.gql(
        REMOVE, {"userId": owners[0].global_id}, tenant=tenant.slug, token=admin.token
    )

    assert payload_errors(body["data"]["memberRemove"]) == [("VALIDATION", "userId")]
    assert await tenant_state(api, tenant.id) == before


async def _assignment(api: RunningApp, tenant: CreatedTenant) -> tuple[Person, dict[str, Any]]:
    owner = await person(api, tenant, "owner")
    member = await person(api, tenant, "viewer")
    ids = await role_ids(api, tenant, owner.token)
    return owner, {"input": {"userId": member.global_id, "roleId": ids["editor"]}}


async def test_role_assign_authorization_matrix(api: RunningApp) -> None:
    tenant, other = await create_tenant(api), await create_tenant(api)
    owner, variables = await _assignment(api, tenant)
    await assert_refused(
        api, tenant, ASSIGN, variables, await refusals(api, tenant, other, "admin")
    )

    body = await api.gql(ASSIGN, variables, tenant=tenant.slug, token=owner.token)

    assert body["data"]["roleAssign"]["errors"] == []
    assert role_names(body["data"]["roleAssign"]) == ["editor", "viewer"]
    events = await events_of(api, tenant.id, "core.role.assigned")
    assert events[-1].payload == {
        "role_id": _local(variables["input"]["roleId"]),
        "user_id": _local(variables["input"]["userId"]),
    }
    before = await tenant_state(api, tenant.id)
    again = await api.gql(ASSIGN, variables, tenant=tenant.slug, token=owner.token)
    assert again["data"]["roleAssign"]["errors"] == []
    assert await tenant_state(api, tenant.id) == before


async def test_role_unassign_authorization_matrix(api: RunningApp) -> None:
    tenant, other = await create_tenant(api), await create_tenant(api)
    owner, variables = await _assignment(api, tenant)
    await api.gql(ASSIGN, variables, tenant=tenant.slug, token=owner.token)
    await assert_refused(
        api, tenant, UNASSIGN, variables, await refusals(api, tenant, other, "admin")
    )

    body = await api.gql(UNASSIGN, variables, tenant=tenant.slug, token=owner.token)

    assert body["data"]["roleUnassign"]["errors"] == []
    assert role_names(body["data"]["roleUnassign"]) == ["viewer"]
    [event] = await events_of(api, tenant.id, "core.role.unassigned")
    assert event.payload == {
        "role_id": _local(variables["input"]["roleId"]),
        "user_id": _local(variables["input"]["userId"]),
    }
    before = await tenant_state(api, tenant.id)
    again = await api.gql(UNASSIGN, variables, tenant=tenant.slug, token=owner.token)
    assert again["data"]["roleUnassign"]["errors"] == []
    assert await tenant_state(api, tenant.id) == before


async def test_role_assignment_takes_effect_at_once(database: DatabaseTarget) -> None:
    async with controlled_app(database) as (api, _clock, tenant):
        owner = await person(api, tenant, "owner")
        member = await person(api, tenant, "viewer")
        ids = await role_ids(api, tenant, owner.token)
        create = 'mutation { widgetCreate(name: "w") { errors { code } } }'
        denied = await api.gql(create, tenant=tenant.slug, token=member.token)
        assert denied["errors"][0]["extensions"]["code"] == "PERMISSION_DENIED"
        assignment = {"input": {"userId": member.global_id, "roleId": ids["editor"]}}

        await api.gql(ASSIGN, assignment, tenant=tenant.slug, token=owner.token)
        allowed = await api.gql(create, tenant=tenant.slug, token=member.token)
        await api.gql(UNASSIGN, assignment, tenant=tenant.slug, token=owner.token)
        denied_again = await api.gql(create, tenant=tenant.slug, token=member.token)

        assert allowed["data"] == {"widgetCreate": {"errors": []}}
        assert denied_again["errors"][0]["extensions"]["code"] == "PERMISSION_DENIED"


@pytest.mark.parametrize("mutation", [ASSIGN, UNASSIGN])
async def test_role_assignment_refusals_in_the_payload(api: RunningApp, mutation: str) -> None:
    tenant, other = await create_tenant(api), await create_tenant(api)
    owner = await person(api, tenant, "owner")
    member = await person(api, tenant, "viewer")
    outsider = await person(api, other, "viewer")
    ids = await role_ids(api, tenant, owner.token)
    foreign = await role_ids(api, other, (await person(api, other, "owner")).token)
    before = await tenant_state(api, tenant.id)
    cases = [
        ({"userId": outsider.global_id, "roleId": ids["editor"]}, [("NOT_FOUND", "userId")]),
        ({"userId": member.global_id, "roleId": foreign["editor"]}, [("NOT_FOUND", "roleId")]),
        ({"userId": member.global_id, "roleId": member.global_id}, [("VALIDATION", "roleId")]),
        ({"userId": "bm9wZQ==", "roleId": ids["editor"]}, [("VALIDATION", "userId")]),
        (
            {"userId": encode_global_id("User", "not-a-uuid"), "roleId": ids["editor"]},
            [("VALIDATION", "userId")],
        ),
    ]
    for fields, errors in cases:
        body = await api.gql(mutation, {"input": fields}, tenant=tenant.slug, token=owner.token)
        [payload] = body["data"].values()
        assert payload_errors(payload) == errors, fields
    assert await tenant_state(api, tenant.id) == before
