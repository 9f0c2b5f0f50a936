"""Roles over GraphQL: listing, permissions, custom roles created, changed and deleted."""

from __future__ import annotations

from typing import Any

import pytest

from app.ids import decode_global_id, encode_global_id
from app.registry.declaration import PermissionScope
from tests.app.identity.people import (
    assert_refused,
    events_of,
    payload_errors,
    person,
    refusals,
    tenant_state,
)
from tests.support.client import RunningApp, create_tenant
from tests.support.databases import DatabaseTarget
from tests.support.events import controlled_app

ROLES = "{ roles { id name description isBuiltin permissions } }"
PERMISSIONS = "{ permissions { name description scope } }"
CREATE = """
mutation ($input: RoleCreateInput!) {
  roleCreate(input: $input) {
    role { id name description isBuiltin permissions } errors { code field message }
  }
}
"""
UPDATE = """
mutation ($input: RoleUpdateInput!) {
  roleUpdate(input: $input) { role { name description permissions } errors { code field message } }
}
"""
DELETE = """
mutation ($id: ID!) {
  roleDelete(id: $id) { role { name } unassignedCount errors { code field message } }
}
"""
ASSIGN = """
mutation ($input: RoleAssignmentInput!) {
  roleAssign(input: $input) { member { user { email } } errors { code field } }
}
"""
WIDGETS = "{ widgets { name } }"
VIEW_WIDGETS = "widgets.view_items"
MANAGE_WIDGETS = "widgets.manage_items"


def tenant_permissions(api: RunningApp) -> list[str]:
    """Return every declared tenant permission, sorted."""
    declared = api.state.runtime.registry.permissions().values()
    return sorted(p.name for p in declared if p.scope is PermissionScope.TENANT)


async def new_role(api: RunningApp, tenant_slug: str, token: str, name: str, *perms: str) -> str:
    """Create a custom role and return its global ID."""
    body = await api.gql(
        CREATE,
        {"input": {"name": name, "description": "Custom.", "permissions": list(perms)}},
        tenant=tenant_slug,
        token=token,
    )
    payload = body["data"]["roleCreate"]
    assert payload["errors"] == [], payload
    role_id: str = payload["role"]["id"]
    return role_id


async def test_roles_lists_built_in_roles_first_with_computed_permissions(api: RunningApp) -> None:
    tenant = await create_tenant(api)
    owner = await person(api, tenant, "owner")
    await new_role(api, tenant.slug, owner.token, "b-team", VIEW_WIDGETS)
    await new_role(api, tenant.slug, owner.token, "a-team", MANAGE_WIDGETS, VIEW_WIDGETS)

    roles = (await api.gql(ROLES, tenant=tenant.slug, token=owner.token))["data"]["roles"]

    assert [(role["name"], role["isBuiltin"]) for role in roles] == [
        ("owner", True),
        ("admin", True),
        ("editor", True),
        ("viewer", True),
        ("a-team", False),
        ("b-team", False),
    ]
    by_name = {role["name"]: role for role in roles}
    assert by_name["owner"]["permissions"] == tenant_permissions(api)
    assert "core.manage_roles" not in by_name["admin"]["permissions"]
    assert by_name["viewer"]["permissions"] == [
        name for name in tenant_permissions(api) if name.partition(".")[2].startswith("view_")
    ]
    assert by_name["a-team"]["permissions"] == [MANAGE_WIDGETS, VIEW_WIDGETS]
    assert decode_global_id(by_name["a-team"]["id"])[0] == "Role"


async def test_permissions_lists_every_declared_permission_with_its_scope(api: RunningApp) -> None:
    tenant = await create_tenant(api)
    owner = await person(api, tenant, "owner")

    listed = (await api.gql(PERMISSIONS, tenant=tenant.slug, token=owner.token))["data"]

    by_name = {item["name"]: item for item in listed["permissions"]}
    assert list(by_name) == sorted(api.state.runtime.registry.permissions())
    assert by_name["core.manage_tenants"]["scope"] == "PLATFORM"
    assert by_name[VIEW_WIDGETS] == {
        "name": VIEW_WIDGETS,
        "description": "See widgets.",
        "scope": "TENANT",
    }


@pytest.mark.parametrize("query", [ROLES, PERMISSIONS])
async def test_role_reads_need_manage_roles(api: RunningApp, query: str) -> None:
    tenant, other = await create_tenant(api), await create_tenant(api)
    for label, (token, code) in (await refusals(api, tenant, other, "admin")).items():
        body = await api.gql(query, tenant=tenant.slug, token=token)
        assert body["data"] is None, label
        assert [error["extensions"]["code"] for error in body["errors"]] == [code], label


async def test_role_create_authorization_matrix(api: RunningApp) -> None:
    tenant, other = await create_tenant(api), await create_tenant(api)
    variables = {"input": {"name": "staff", "permissions": [VIEW_WIDGETS]}}
    await assert_refused(
        api, tenant, CREATE, variables, await refusals(api, tenant, other, "admin")
    )
    owner = await person(api, tenant, "owner")

    body = await api.gql(CREATE, variables, tenant=tenant.slug, token=owner.token)

    payload = body["data"]["roleCreate"]
    assert payload["errors"] == []
    assert {key: payload["role"][key] for key in ("name", "description", "isBuiltin")} == {
        "name": "staff",
        "description": "",
        "isBuiltin": False,
    }
    assert payload["role"]["permissions"] == [VIEW_WIDGETS]
    created = await events_of(api, tenant.id, "core.role.created")
    assert [event.payload["name"] for event in created] == [
        "owner",
        "admin",
        "editor",
        "viewer",
        "staff",
    ]
    assert created[-1].payload == {"role_id": _uuid(payload["role"]["id"]), "name": "staff"}
    assert created[-1].actor == f"user:{owner.user_id}"


def _uuid(global_id: str) -> str:
    return decode_global_id(global_id)[1]


@pytest.mark.parametrize(
    ("fields", "errors"),
    [
        ({"name": "Staff"}, [("VALIDATION", "name")]),
        ({"name": "9lives"}, [("VALIDATION", "name")]),
        ({"name": "x" * 61}, [("VALIDATION", "name")]),
        ({"description": "d" * 301}, [("VALIDATION", "description")]),
        ({"permissions": [VIEW_WIDGETS, "widgets.fly_items"]}, [("VALIDATION", "permissions.1")]),
        ({"permissions": ["core.manage_tenants"]}, [("VALIDATION", "permissions.0")]),
        (
            {"name": "", "permissions": ["nope", VIEW_WIDGETS, "core.manage_tenants"]},
            [
                ("VALIDATION", "name"),
                ("VALIDATION", "permissions.0"),
                ("VALIDATION", "permissions.2"),
            ],
        ),
    ],
)
async def test_role_create_rejects_bad_input(
    api: RunningApp, fields: dict[str, object], errors: list[tuple[str, str]]
) -> None:
    tenant = await create_tenant(api)
    owner = await person(api, tenant, "owner")
    before = await tenant_state(api, tenant.id)
    role = {"name": "staff", "permissions": [VIEW_WIDGETS], **fields}

    body = await api.gql(CREATE, {"input": role}, tenant=tenant.slug, token=owner.token)

    payload = body["data"]["roleCreate"]
    assert payload["role"] is None
    assert payload_errors(payload) == errors
    assert await tenant_state(api, tenant.id) == before


async def test_unknown_permission_message_points_at_the_permissions_query(api: RunningApp) -> None:
    tenant = await create_tenant(api)
    owner = await person(api, tenant, "owner")
    body = await api.gql(
        CREATE,
        {"input": {"name": "staff", "permissions": ["widgets.fly_items"]}},
        tenant=tenant.slug,
        token=owner.token,
    )
    assert body["data"]["roleCreate"]["errors"] == [
        {
            "code": "VALIDATION",
            "field": "permissions.0",
            "message": "no permission is named 'widgets.fly_items': see the `permissions` query",
        }
    ]


@pytest.mark.parametrize("name", ["staff", "owner", "viewer"])
async def test_a_taken_name_is_a_conflict(api: RunningApp, name: str) -> None:
    tenant = await create_tenant(api)
    owner = await person(api, tenant, "owner")
    await new_role(api, tenant.slug, owner.token, "staff")
    before = await tenant_state(api, tenant.id)

    body = await api.gql(
        CREATE, {"input": {"name": name, "permissions": []}}, tenant=tenant.slug, token=owner.token
    )

    assert payload_errors(body["data"]["roleCreate"]) == [("CONFLICT", "name")]
    assert await tenant_state(api, tenant.id) == before


async def test_the_same_name_in_another_tenant_is_fine(api: RunningApp) -> None:
    tenant, other = await create_tenant(api), await create_tenant(api)
    await new_role(api, tenant.slug, (await person(api, tenant, "owner")).token, "staff")
    await new_role(api, other.slug, (await person(api, other, "owner")).token, "staff")


async def test_nobody_grants_a_permission_they_do_not_hold(api: RunningApp) -> None:
    tenant = await create_tenant(api)
    owner = await person(api, tenant, "owner")
    await new_role(api, tenant.slug, owner.token, "role-admin", "core.manage_roles", VIEW_WIDGETS)
    manager = await person(api, tenant, "role-admin")
    before = await tenant_state(api, tenant.id)

    body = await api.gql(
        CREATE,
        {"input": {"name": "climber", "permissions": [VIEW_WIDGETS, MANAGE_WIDGETS]}},
        tenant=tenant.slug,
        token=manager.token,
    )

    assert body["data"]["roleCreate"]["errors"] == [
        {
            "code": "VALIDATION",
            "field": "permissions.1",
            "message": "you do not hold widgets.manage_items, so you cannot grant it "
            "(ask an owner)",
        }
    ]
    roles = (await api.gql(ROLES, tenant=tenant.slug, token=manager.token))["data"]["roles"]
    owner_role = next(role["id"] for role in roles if role["name"] == "owner")
    climb = await api.gql(
        ASSIGN,
        {"input": {"userId": manager.global_id, "roleId": owner_role}},
        tenant=tenant.slug,
        token=manager.token,
    )
    assert payload_errors(climb["data"]["roleAssign"]) == [("VALIDATION", "roleId")]
    assert await tenant_state(api, tenant.id) == before
    allowed = await api.gql(
        CREATE,
        {"input": {"name": "readers", "permissions": [VIEW_WIDGETS]}},
        tenant=tenant.slug,
        token=manager.token,
    )
    assert allowed["data"]["roleCreate"]["errors"] == []


async def test_role_update_authorization_matrix(api: RunningApp) -> None:
    tenant, other = await create_tenant(api), await create_tenant(api)
    owner = await person(api, tenant, "owner")
    role_id = await new_role(api, tenant.slug, owner.token, "staff", VIEW_WIDGETS)
    variables = {"input": {"id": role_id, "name": "crew", "permissions": [MANAGE_WIDGETS]}}
    await assert_refused(
        api, tenant, UPDATE, variables, await refusals(api, tenant, other, "admin")
    )

    body = await api.gql(UPDATE, variables, tenant=tenant.slug, token=owner.token)

    assert body["data"]["roleUpdate"] == {
        "role": {"name": "crew", "description": "Custom.", "permissions": [MANAGE_WIDGETS]},
        "errors": [],
    }
    [event] = await events_of(api, tenant.id, "core.role.updated")
    assert event.payload == {"role_id": _uuid(role_id), "changed": ["name", "permissions"]}


async def test_role_update_without_change_emits_nothing(api: RunningApp) -> None:
    tenant = await create_tenant(api)
    owner = await person(api, tenant, "owner")
    role_id = await new_role(api, tenant.slug, owner.token, "staff", VIEW_WIDGETS)
    before = await tenant_state(api, tenant.id)

    body = await api.gql(
        UPDATE,
        {"input": {"id": role_id, "name": "staff", "permissions": [VIEW_WIDGETS, VIEW_WIDGETS]}},
        tenant=tenant.slug,
        token=owner.token,
    )

    assert body["data"]["roleUpdate"]["errors"] == []
    assert await tenant_state(api, tenant.id) == before


async def test_role_update_changes_members_permissions_at_once(database: DatabaseTarget) -> None:
    async with controlled_app(database) as (api, _clock, tenant):
        owner = await person(api, tenant, "owner")
        role_id = await new_role(api, tenant.slug, owner.token, "staff", VIEW_WIDGETS)
        member = await person(api, tenant, "staff")
        assert "errors" not in await api.gql(WIDGETS, tenant=tenant.slug, token=member.token)

        await api.gql(
            UPDATE,
            {"input": {"id": role_id, "permissions": [MANAGE_WIDGETS]}},
            tenant=tenant.slug,
            token=owner.token,
        )

        # The clock is frozen: without invalidation the cached principal would live on.
        body = await api.gql(WIDGETS, tenant=tenant.slug, token=member.token)
        assert body["errors"][0]["extensions"]["code"] == "PERMISSION_DENIED"


async def test_role_update_rejects_bad_input_and_taken_names(api: RunningApp) -> None:
    tenant = await create_tenant(api)
    owner = await person(api, tenant, "owner")
    role_id = await new_role(api, tenant.slug, owner.token, "staff")
    await new_role(api, tenant.slug, owner.token, "crew")
    before = await tenant_state(api, tenant.id)
    cases: list[tuple[dict[str, Any], list[tuple[str, str]]]] = [
        ({"name": "Crew!"}, [("VALIDATION", "name")]),
        ({"name": "crew"}, [("CONFLICT", "name")]),
        ({"permissions": ["core.manage_tenants"]}, [("VALIDATION", "permissions.0")]),
    ]
    for fields, errors in cases:
        body = await api.gql(
            UPDATE, {"input": {"id": role_id, **fields}}, tenant=tenant.slug, token=owner.token
        )
        assert payload_errors(body["data"]["roleUpdate"]) == errors, fields
    assert await tenant_state(api, tenant.id) == before


async def test_built_in_roles_cannot_be_changed_or_deleted(api: RunningApp) -> None:
    tenant = await create_tenant(api)
    owner = await person(api, tenant, "owner")
    roles = (await api.gql(ROLES, tenant=tenant.slug, token=owner.token))["data"]["roles"]
    before = await tenant_state(api, tenant.id)
    for role in roles:
        updated = await api.gql(
            UPDATE,
            {"input": {"id": role["id"], "description": "mine"}},
            tenant=tenant.slug,
            token=owner.token,
        )
        assert payload_errors(updated["data"]["roleUpdate"]) == [("CONFLICT", "id")]
        deleted = await api.gql(DELETE, {"id": role["id"]}, tenant=tenant.slug, token=owner.token)
        assert payload_errors(deleted["data"]["roleDelete"]) == [("CONFLICT", "id")]
    assert await tenant_state(api, tenant.id) == before


async def test_role_delete_authorization_matrix(api: RunningApp) -> None:
    tenant, other = await create_tenant(api), await create_tenant(api)
    owner = await person(api, tenant, "owner")
    role_id = await new_role(api, tenant.slug, owner.token, "staff", VIEW_WIDGETS)
    await assert_refused(
        api, tenant, DELETE, {"id": role_id}, await refusals(api, tenant, other, "admin")
    )

    body = await api.gql(DELETE, {"id": role_id}, tenant=tenant.slug, token=owner.token)

    assert body["data"]["roleDelete"] == {
        "role": {"name": "staff"},
        "unassignedCount": 0,
        "errors": [],
    }
    [event] = await events_of(api, tenant.id, "core.role.deleted")
    assert event.payload == {"role_id": _uuid(role_id), "name": "staff"}
    again = await api.gql(DELETE, {"id": role_id}, tenant=tenant.slug, token=owner.token)
    assert payload_errors(again["data"]["roleDelete"]) == [("NOT_FOUND", "id")]


async def test_deleting_a_role_in_use_takes_it_from_its_members(database: DatabaseTarget) -> None:
    async with controlled_app(database) as (api, _clock, tenant):
        owner = await person(api, tenant, "owner")
        role_id = await new_role(api, tenant.slug, owner.token, "staff", VIEW_WIDGETS)
        members = [await person(api, tenant, "staff") for _ in range(2)]
        for member in members:
            assert "errors" not in await api.gql(WIDGETS, tenant=tenant.slug, token=member.token)

        body = await api.gql(DELETE, {"id": role_id}, tenant=tenant.slug, token=owner.token)

        assert body["data"]["roleDelete"]["unassignedCount"] == 2
        for member in members:
            refused = await api.gql(WIDGETS, tenant=tenant.slug, token=member.token)
            assert refused["errors"][0]["extensions"]["code"] == "PERMISSION_DENIED"
        me = await api.gql("{ me { memberships { roles } } }", token=members[0].token)
        assert me["data"]["me"]["memberships"] == [{"roles": []}]


async def test_a_role_of_another_tenant_is_not_found(api: RunningApp) -> None:
    tenant, other = await create_tenant(api), await create_tenant(api)
    foreign = await new_role(api, other.slug, (await person(api, other, "owner")).token, "staff")
    owner = await person(api, tenant, "owner")
    before = await tenant_state(api, other.id)
    updated = await api.gql(
        UPDATE, {"input": {"id": foreign, "name": "mine"}}, tenant=tenant.slug, token=owner.token
    )
    assert payload_errors(updated["data"]["roleUpdate"]) == [("NOT_FOUND", "id")]
    deleted = await api.gql(DELETE, {"id": foreign}, tenant=tenant.slug, token=owner.token)
    assert payload_errors(deleted["data"]["roleDelete"]) == [("NOT_FOUND", "id")]
    assert await tenant_state(api, other.id) == before


@pytest.mark.parametrize(
    "bad_id", ["not-base64!", encode_global_id("User", "0"), encode_global_id("Role", "nope")]
)
async def test_malformed_or_foreign_type_ids_are_validation_errors(
    api: RunningApp, bad_id: str
) -> None:
    tenant = await create_tenant(api)
    owner = await person(api, tenant, "owner")
    body = await api.gql(DELETE, {"id": bad_id}, tenant=tenant.slug, token=owner.token)
    assert payload_errors(body["data"]["roleDelete"]) == [("VALIDATION", "id")]
