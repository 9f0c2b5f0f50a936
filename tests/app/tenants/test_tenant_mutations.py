"""Tenant lifecycle over GraphQL: authorization matrix, validation, transitions, isolation."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.tenants.models import TenantRow
from tests.support.client import RunningApp, create_tenant, unique_slug

CREATE = """
mutation ($input: TenantCreateInput!) {
  tenantCreate(input: $input) { tenant { slug name status } errors { code field message } }
}
"""
SUSPEND = (
    "mutation ($id: ID!) { tenantSuspend(id: $id) { tenant { status } errors { code field } } }"
)
ACTIVATE = (
    "mutation ($id: ID!) { tenantActivate(id: $id) { tenant { status } errors { code field } } }"
)
ARCHIVE = (
    "mutation ($id: ID!) { tenantArchive(id: $id) { tenant { status } errors { code field } } }"
)
UPDATE = """
mutation ($input: TenantUpdateInput!) {
  tenantUpdate(input: $input) { tenant { slug name } errors { code field message } }
}
"""


async def count_tenants(api: RunningApp, slug: str) -> int:
    """Return how many tenant rows carry ``slug``."""
    async with api.state.runtime.db.transaction(readonly=True) as session:
        found = await session.scalar(
            select(func.count()).select_from(TenantRow).where(TenantRow.slug == slug)
        )
    return int(found or 0)


async def test_tenant_create_authorization_matrix(api: RunningApp) -> None:
    other = await create_tenant(api)
    refused = {
        "anonymous": (None, "UNAUTHENTICATED"),
        "member without the permission": (
            api.auth.member(other.id, "core.manage_modules", "core.view_modules"),
            "PERMISSION_DENIED",
        ),
    }
    for label, (token, code) in refused.items():
        slug = unique_slug()
        body = await api.gql(CREATE, {"input": {"slug": slug, "name": "X"}}, token=token)
        assert body["data"] is None, label
        assert [error["extensions"]["code"] for error in body["errors"]] == [code], label
        assert await count_tenants(api, slug) == 0, label
    slug = unique_slug()
    body = await api.gql(
        CREATE, {"input": {"slug": slug, "name": " Acme "}}, token=api.auth.platform_admin()
    )
    assert body["data"]["tenantCreate"] == {
        "tenant": {"slug": slug, "name": "Acme", "status": "ACTIVE"},
        "errors": [],
    }
    assert await count_tenants(api, slug) == 1


@pytest.mark.parametrize(
    ("slug", "name", "field"),
    [
        ("Bad Slug", "ok", "slug"),
        ("-lead", "ok", "slug"),
        ("admin", "ok", "slug"),
        ("x" * 64, "ok", "slug"),
        ("good-slug", "   ", "name"),
        ("good-slug", "n" * 201, "name"),
        ("good-slug", "bell\u0007", "name"),
    ],
)
async def test_tenant_create_rejects_bad_input(
    api: RunningApp, slug: str, name: str, field: str
) -> None:
    body = await api.gql(
        CREATE, {"input": {"slug": slug, "name": name}}, token=api.auth.platform_admin()
    )
    payload = body["data"]["tenantCreate"]
    assert payload["tenant"] is None
    assert [(error["code"], error["field"]) for error in payload["errors"]] == [
        ("VALIDATION", field)
    ]
    assert await count_tenants(api, slug) == 0


async def test_tenant_create_reports_both_bad_fields_at_once(api: RunningApp) -> None:
    body = await api.gql(
        CREATE, {"input": {"slug": "NO", "name": ""}}, token=api.auth.platform_admin()
    )
    errors = body["data"]["tenantCreate"]["errors"]
    assert [(error["code"], error["field"]) for error in errors] == [
        ("VALIDATION", "slug"),
        ("VALIDATION", "name"),
    ]


async def test_duplicate_slug_is_a_conflict(api: RunningApp) -> None:
    tenant = await create_tenant(api)
    body = await api.gql(
        CREATE, {"input": {"slug": tenant.slug, "name": "Again"}}, token=api.auth.platform_admin()
    )
    errors = body["data"]["tenantCreate"]["errors"]
    assert [(error["code"], error["field"]) for error in errors] == [("CONFLICT", "slug")]
    assert await count_tenants(api, tenant.slug) == 1


async def test_create_enables_default_modules_and_runs_their_hook(api: RunningApp) -> None:
    tenant = await create_tenant(api)
    token = api.auth.member(tenant.id, "widgets.view_items")
    body = await api.gql("{ widgets { name } }", tenant=tenant.slug, token=token)
    assert body == {"data": {"widgets": [{"name": "starter"}]}}


async def test_suspend_stops_serving_and_activate_resumes(api: RunningApp) -> None:
    tenant = await create_tenant(api)
    admin = api.auth.platform_admin()
    reader = api.auth.member(tenant.id, "widgets.view_items", "widgets.manage_items")
    body = await api.gql(SUSPEND, {"id": tenant.global_id}, token=admin)
    assert body["data"]["tenantSuspend"] == {"tenant": {"status": "SUSPENDED"}, "errors": []}
    refused = await api.gql(
        'mutation { widgetCreate(name: "late") { errors { code } } }',
        tenant=tenant.slug,
        token=reader,
    )
    assert refused == {
        "data": None,
        "errors": [
            {
                "message": f"no active tenant {tenant.slug!r}",
                "extensions": {"code": "TENANT_NOT_FOUND"},
            }
        ],
    }
    public = await api.gql("query ($s: String!) { tenant(slug: $s) { name } }", {"s": tenant.slug})
    assert public == {"data": {"tenant": None}}
    seen_by_admin = await api.gql(
        "query ($s: String!) { tenant(slug: $s) { status } }", {"s": tenant.slug}, token=admin
    )
    assert seen_by_admin == {"data": {"tenant": {"status": "SUSPENDED"}}}
    body = await api.gql(ACTIVATE, {"id": tenant.global_id}, token=admin)
    assert body["data"]["tenantActivate"] == {"tenant": {"status": "ACTIVE"}, "errors": []}
    listed = await api.gql("{ widgets { name } }", tenant=tenant.slug, token=reader)
    assert listed == {"data": {"widgets": [{"name": "starter"}]}}


async def test_archive_is_final(api: RunningApp) -> None:
    tenant = await create_tenant(api)
    admin = api.auth.platform_admin()
    body = await api.gql(ARCHIVE, {"id": tenant.global_id}, token=admin)
    assert body["data"]["tenantArchive"] == {"tenant": {"status": "ARCHIVED"}, "errors": []}
    for mutation, name in ((ACTIVATE, "tenantActivate"), (SUSPEND, "tenantSuspend")):
        again = await api.gql(mutation, {"id": tenant.global_id}, token=admin)
        assert again["data"][name] == {
            "tenant": None,
            "errors": [{"code": "CONFLICT", "field": "id"}],
        }


async def test_update_renames_and_moves_the_slug(api: RunningApp) -> None:
    tenant = await create_tenant(api)
    admin = api.auth.platform_admin()
    new_slug = unique_slug("moved")
    body = await api.gql(
        UPDATE,
        {"input": {"id": tenant.global_id, "slug": new_slug, "name": "Renamed"}},
        token=admin,
    )
    assert body["data"]["tenantUpdate"] == {
        "tenant": {"slug": new_slug, "name": "Renamed"},
        "errors": [],
    }
    old = await api.gql("{ widgets { name } }", tenant=tenant.slug, token=admin)
    assert old["errors"][0]["extensions"]["code"] == "TENANT_NOT_FOUND"
    taken = await create_tenant(api)
    clash = await api.gql(
        UPDATE, {"input": {"id": tenant.global_id, "slug": taken.slug}}, token=admin
    )
    assert clash["data"]["tenantUpdate"]["errors"][0]["code"] == "CONFLICT"


@pytest.mark.parametrize(
    "bad_id", ["not-base64!", "VGVuYW50", "V2lkZ2V0OjEyMw==", "VGVuYW50Om5vdC1hLXV1aWQ="]
)
async def test_malformed_or_foreign_ids_are_validation_errors(api: RunningApp, bad_id: str) -> None:
    body = await api.gql(SUSPEND, {"id": bad_id}, token=api.auth.platform_admin())
    assert body["data"]["tenantSuspend"] == {
        "tenant": None,
        "errors": [{"code": "VALIDATION", "field": "id"}],
    }


async def test_unknown_tenant_id_is_not_found(api: RunningApp) -> None:
    missing = "VGVuYW50OjAxOWE0YjljLTAwMDAtNzAwMC04MDAwLTAwMDAwMDAwMDAwMA=="
    body = await api.gql(SUSPEND, {"id": missing}, token=api.auth.platform_admin())
    assert body["data"]["tenantSuspend"] == {
        "tenant": None,
        "errors": [{"code": "NOT_FOUND", "field": "id"}],
    }


async def test_unknown_tenant_header_refuses_before_anything_runs(api: RunningApp) -> None:
    slug = unique_slug()
    body = await api.gql(
        CREATE,
        {"input": {"slug": slug, "name": "X"}},
        tenant="no-such-tenant",
        token=api.auth.platform_admin(),
    )
    assert body["errors"][0]["extensions"]["code"] == "TENANT_NOT_FOUND"
    assert await count_tenants(api, slug) == 0
