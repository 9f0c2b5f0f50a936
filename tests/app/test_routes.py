"""Modules' public routes under /t/<tenant>/: tenant, module state, permission, CSRF."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import func, select

from app.auth.authenticator import ACCESS_COOKIE
from app.events.models import EventRow
from app.registry import Module, RegistryError, TenantRoute
from app.routes import CSRF_HEADER
from tests.conftest import make_registry, make_settings
from tests.fixtures import widgets
from tests.fixtures.widgets.models import WidgetRow
from tests.fixtures.widgets.module import count_route
from tests.support.client import RunningApp, create_tenant, running_app
from tests.support.databases import DatabaseTarget

DISABLE = "mutation ($m: String!) { moduleDisable(module: $m) { errors { code } } }"


async def _counts(api: RunningApp, tenant_id: uuid.UUID) -> tuple[int, int]:
    async with api.state.runtime.db.transaction(tenant_id, readonly=True) as session:
        widgets_count = await session.scalar(
            select(func.count()).select_from(WidgetRow).where(WidgetRow.tenant_id == tenant_id)
        )
        events = await session.scalar(
            select(func.count()).select_from(EventRow).where(EventRow.tenant_id == tenant_id)
        )
    return int(widgets_count or 0), int(events or 0)


async def test_a_public_route_answers_per_tenant(api: RunningApp) -> None:
    tenant = await create_tenant(api)
    response = await api.client.get(f"/t/{tenant.slug}/widgets/count")
    assert (response.status_code, response.json()) == (200, {"count": 1})  # the seeded starter
    missing = await api.client.get("/t/no-such-tenant/widgets/count")
    assert missing.status_code == 404
    assert missing.json()["error"]["code"] == "TENANT_NOT_FOUND"


async def test_a_disabled_module_answers_module_disabled(api: RunningApp) -> None:
    tenant = await create_tenant(api)
    token = api.auth.member(tenant.id, "core.manage_modules")
    body = await api.gql(DISABLE, {"m": "widgets"}, tenant=tenant.slug, token=token)
    assert body["data"]["moduleDisable"]["errors"] == []
    response = await api.client.get(f"/t/{tenant.slug}/widgets/count")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "MODULE_DISABLED"


async def test_a_guarded_route_enforces_its_permission(api: RunningApp) -> None:
    tenant = await create_tenant(api)
    path = f"/t/{tenant.slug}/widgets"
    before = await _counts(api, tenant.id)
    refused = {
        "anonymous": ({}, 401, "UNAUTHENTICATED"),
        "without the permission": (
            {"authorization": f"Bearer {api.auth.member(tenant.id, 'widgets.view_items')}"},
            403,
            "PERMISSION_DENIED",
        ),
        "member of another tenant": (
            {"authorization": f"Bearer {api.auth.member(uuid.uuid4(), 'widgets.manage_items')}"},
            403,
            "PERMISSION_DENIED",
        ),
    }
    for label, (headers, status, code) in refused.items():
        response = await api.client.post(path, json={"name": "x"}, headers=headers)
        assert (response.status_code, response.json()["error"]["code"]) == (status, code), label
    assert await _counts(api, tenant.id) == before
    token = api.auth.member(tenant.id, "widgets.manage_items")
    response = await api.client.post(
        path, json={"name": "made by route"}, headers={"authorization": f"Bearer {token}"}
    )
    assert response.status_code == 201
    assert uuid.UUID(response.json()["id"])
    assert await _counts(api, tenant.id) == (before[0] + 1, before[1] + 1)


async def test_typed_errors_of_an_endpoint_become_json(api: RunningApp) -> None:
    tenant = await create_tenant(api)
    token = api.auth.member(tenant.id, "widgets.manage_items")
    headers = {"authorization": f"Bearer {token}"}
    path = f"/t/{tenant.slug}/widgets"
    response = await api.client.post(path, json={"name": "  "}, headers=headers)
    assert response.status_code == 422
    assert response.json() == {
        "error": {"code": "VALIDATION", "message": "give the widget a name", "field": "name"}
    }
    await api.client.post(path, json={"name": "twice"}, headers=headers)
    response = await api.client.post(path, json={"name": "twice"}, headers=headers)
    assert (response.status_code, response.json()["error"]["code"]) == (409, "CONFLICT")


async def test_cookie_writes_need_the_csrf_header_and_the_same_site(
    database: DatabaseTarget,
) -> None:
    settings = make_settings(database)
    async with running_app(settings, make_registry(settings)) as api:
        tenant = await create_tenant(api)
        token = api.auth.member(tenant.id, "widgets.manage_items")
        path = f"/t/{tenant.slug}/widgets"
        api.client.cookies.set(ACCESS_COOKIE, token)
        attempts = {
            "no CSRF header": ({}, 403),
            "cross-site": ({CSRF_HEADER: "1", "sec-fetch-site": "cross-site"}, 403),
            "same-origin, with header": ({CSRF_HEADER: "1", "sec-fetch-site": "same-origin"}, 201),
        }
        for label, (headers, status) in attempts.items():
            response = await api.client.post(path, json={"name": label}, headers=headers)
            assert response.status_code == status, label
        # Reads by cookie need no header.
        assert (await api.client.get(f"/t/{tenant.slug}/widgets/count")).status_code == 200


def test_routes_must_be_named_in_the_namespace_and_not_collide(database: DatabaseTarget) -> None:
    settings = make_settings(database)
    stray = Module(
        name="strays",
        version="1",
        description="Clashing routes.",
        routes=(
            TenantRoute(name="widgets.count", path="widgets/count", endpoint=count_route),
            TenantRoute(name="strays.home", path="/home", endpoint=count_route),
        ),
    )
    with pytest.raises(RegistryError) as raised:
        make_registry(settings, (widgets.module, stray))
    problems = str(raised.value)
    assert "route 'widgets.count' must be named strays.<name>" in problems
    assert "route GET /t/<tenant>/widgets/count of module 'strays' collides" in problems
    assert "route 'strays.home' needs a relative path" in problems
