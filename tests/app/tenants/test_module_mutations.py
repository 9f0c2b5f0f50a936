"""Module lifecycle per tenant over GraphQL: matrix, dependencies, MODULE_DISABLED, settings."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from app.tenants.models import TenantModuleRow
from tests.support.client import CreatedTenant, RunningApp, create_tenant

ENABLE = """
mutation ($m: String!) {
  moduleEnable(module: $m) { module { name enabled } changed errors { code field message } }
}
"""
DISABLE = """
mutation ($m: String!) {
  moduleDisable(module: $m) { module { name enabled } changed errors { code field message } }
}
"""
MODULES = "{ modules { name version enabled health dependsOn dependents } }"
SETTINGS = 'query { moduleSettings(module: "widgets") }'
SETTINGS_UPDATE = """
mutation ($input: ModuleSettingsUpdateInput!) {
  moduleSettingsUpdate(input: $input) { module settings errors { code field message } }
}
"""
MANAGE = ("core.manage_modules", "core.view_modules")


async def enabled_modules(api: RunningApp, tenant: CreatedTenant) -> dict[str, bool]:
    """Read the tenant's module rows straight from the database."""
    async with api.state.runtime.db.transaction(tenant.id, readonly=True) as session:
        rows = await session.scalars(
            select(TenantModuleRow).where(TenantModuleRow.tenant_id == tenant.id)
        )
        return {row.module: row.is_enabled for row in rows}


async def test_module_enable_authorization_matrix(api: RunningApp) -> None:
    tenant, other = await create_tenant(api), await create_tenant(api)
    refused = {
        "anonymous": (None, "UNAUTHENTICATED"),
        "member without the permission": (
            api.auth.member(tenant.id, "core.view_modules"),
            "PERMISSION_DENIED",
        ),
        "member of another tenant": (api.auth.member(other.id, *MANAGE), "PERMISSION_DENIED"),
        "platform admin without a membership": (api.auth.platform_admin(), "PERMISSION_DENIED"),
    }
    before = await enabled_modules(api, tenant)
    for label, (token, code) in refused.items():
        body = await api.gql(ENABLE, {"m": "gadgets"}, tenant=tenant.slug, token=token)
        assert body["data"] is None, label
        assert [error["extensions"]["code"] for error in body["errors"]] == [code], label
        assert await enabled_modules(api, tenant) == before, label
    body = await api.gql(
        ENABLE, {"m": "gadgets"}, tenant=tenant.slug, token=api.auth.member(tenant.id, *MANAGE)
    )
    assert body["data"]["moduleEnable"] == {
        "module": {"name": "gadgets", "enabled": True},
        "changed": ["gadgets"],
        "errors": [],
    }


async def test_enabling_enables_dependencies_first(api: RunningApp) -> None:
    tenant = await create_tenant(api)
    token = api.auth.member(tenant.id, *MANAGE)
    await api.gql(DISABLE, {"m": "widgets"}, tenant=tenant.slug, token=token)
    assert await enabled_modules(api, tenant) == {"widgets": False}
    body = await api.gql(ENABLE, {"m": "gadgets"}, tenant=tenant.slug, token=token)
    assert body["data"]["moduleEnable"]["changed"] == ["widgets", "gadgets"]
    assert await enabled_modules(api, tenant) == {"widgets": True, "gadgets": True}


async def test_disabling_a_dependency_is_refused_while_a_dependent_is_enabled(
    api: RunningApp,
) -> None:
    tenant = await create_tenant(api)
    token = api.auth.member(tenant.id, *MANAGE)
    await api.gql(ENABLE, {"m": "gadgets"}, tenant=tenant.slug, token=token)
    body = await api.gql(DISABLE, {"m": "widgets"}, tenant=tenant.slug, token=token)
    assert body["data"]["moduleDisable"] == {
        "module": None,
        "changed": [],
        "errors": [
            {
                "code": "CONFLICT",
                "field": "module",
                "message": "cannot disable 'widgets': enabled modules depend on it (gadgets); "
                "disable those first",
            }
        ],
    }
    assert await enabled_modules(api, tenant) == {"widgets": True, "gadgets": True}


async def test_disabled_module_answers_module_disabled_and_keeps_its_data(api: RunningApp) -> None:
    tenant = await create_tenant(api)
    token = api.auth.member(tenant.id, *MANAGE, "widgets.view_items", "widgets.manage_items")
    created = await api.gql(
        'mutation { widgetCreate(name: "kept") { errors { code } } }',
        tenant=tenant.slug,
        token=token,
    )
    assert created == {"data": {"widgetCreate": {"errors": []}}}
    body = await api.gql(DISABLE, {"m": "widgets"}, tenant=tenant.slug, token=token)
    assert body["data"]["moduleDisable"]["changed"] == ["widgets"]
    for operation in (
        "{ widgets { name } }",
        'mutation { widgetCreate(name: "x") { errors { code } } }',
    ):
        refused = await api.gql(operation, tenant=tenant.slug, token=token)
        assert refused == {
            "data": None,
            "errors": [
                {
                    "message": "module 'widgets' is not enabled for this tenant",
                    "extensions": {"code": "MODULE_DISABLED"},
                }
            ],
        }
    await api.gql(ENABLE, {"m": "widgets"}, tenant=tenant.slug, token=token)
    listed = await api.gql("{ widgets { name } }", tenant=tenant.slug, token=token)
    assert listed == {"data": {"widgets": [{"name": "kept"}, {"name": "starter"}]}}


async def test_enable_hook_is_idempotent(api: RunningApp) -> None:
    tenant = await create_tenant(api)
    token = api.auth.member(tenant.id, *MANAGE, "widgets.view_items")
    for _ in range(2):
        body = await api.gql(ENABLE, {"m": "widgets"}, tenant=tenant.slug, token=token)
        assert body["data"]["moduleEnable"]["errors"] == []
    listed = await api.gql("{ widgets { name } }", tenant=tenant.slug, token=token)
    assert listed == {"data": {"widgets": [{"name": "starter"}]}}


async def test_modules_lists_state_versions_and_dependencies(api: RunningApp) -> None:
    tenant = await create_tenant(api)
    body = await api.gql(MODULES, tenant=tenant.slug, token=api.auth.member(tenant.id, *MANAGE))
    assert body == {
        "data": {
            "modules": [
                {
                    "name": "widgets",
                    "version": "1.0.0",
                    "enabled": True,
                    "health": "PASS",
                    "dependsOn": [],
                    "dependents": ["gadgets"],
                },
                {
                    "name": "gadgets",
                    "version": "0.1.0",
                    "enabled": False,
                    "health": "PASS",
                    "dependsOn": ["widgets"],
                    "dependents": [],
                },
            ]
        }
    }


async def test_module_operations_need_a_tenant(api: RunningApp) -> None:
    body = await api.gql(MODULES, token=api.auth.platform_admin())
    assert body["errors"][0]["extensions"]["code"] == "TENANT_NOT_FOUND"
    assert "X-Tenant" in body["errors"][0]["message"]


async def test_unknown_module_is_not_found(api: RunningApp) -> None:
    tenant = await create_tenant(api)
    body = await api.gql(
        ENABLE, {"m": "nope"}, tenant=tenant.slug, token=api.auth.member(tenant.id, *MANAGE)
    )
    assert body["data"]["moduleEnable"]["errors"] == [
        {
            "code": "NOT_FOUND",
            "field": "module",
            "message": "no module 'nope' is installed and in service",
        }
    ]


async def _settings_update(api: RunningApp, tenant: CreatedTenant, settings: Any) -> dict[str, Any]:
    body = await api.gql(
        SETTINGS_UPDATE,
        {"input": {"module": "widgets", "settings": settings}},
        tenant=tenant.slug,
        token=api.auth.member(tenant.id, *MANAGE),
    )
    payload: dict[str, Any] = body["data"]["moduleSettingsUpdate"]
    return payload


async def test_settings_default_validate_and_store(api: RunningApp) -> None:
    tenant = await create_tenant(api)
    viewer = api.auth.member(tenant.id, "core.view_modules")
    defaults = await api.gql(SETTINGS, tenant=tenant.slug, token=viewer)
    assert defaults == {"data": {"moduleSettings": {"max_items": 10, "label": "Widgets"}}}
    stored = await _settings_update(api, tenant, {"max_items": 25, "label": "Gizmos"})
    assert stored == {
        "module": "widgets",
        "settings": {"max_items": 25, "label": "Gizmos"},
        "errors": [],
    }
    bad = await _settings_update(api, tenant, {"max_items": 0, "label": "", "colour": "red"})
    assert bad["settings"] is None
    assert [(error["code"], error["field"]) for error in bad["errors"]] == [
        ("VALIDATION", "settings.max_items"),
        ("VALIDATION", "settings.label"),
        ("VALIDATION", "settings.colour"),
    ]
    not_object = await _settings_update(api, tenant, [1, 2])
    assert not_object["errors"] == [
        {"code": "VALIDATION", "field": "settings", "message": "settings must be a JSON object"}
    ]
    unchanged = await api.gql(SETTINGS, tenant=tenant.slug, token=viewer)
    assert unchanged == {"data": {"moduleSettings": {"max_items": 25, "label": "Gizmos"}}}


async def test_settings_of_a_module_without_settings(api: RunningApp) -> None:
    tenant = await create_tenant(api)
    body = await api.gql(
        SETTINGS_UPDATE,
        {"input": {"module": "gadgets", "settings": {}}},
        tenant=tenant.slug,
        token=api.auth.member(tenant.id, *MANAGE),
    )
    assert body["data"]["moduleSettingsUpdate"]["errors"] == [
        {"code": "VALIDATION", "field": "settings", "message": "module 'gadgets' has no settings"}
    ]
