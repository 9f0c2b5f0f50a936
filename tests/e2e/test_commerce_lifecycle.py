"""The roadmap's Phase 1 scenario end to end over HTTP, with the event runners for real.

Create a tenant → enable commerce → create a product with two variants and prices → it shows
in catalog search through the index pipeline → disable commerce: its fields answer
MODULE_DISABLED (that its subscribers then skip the tenant is proven with test modules in
tests/app/events/test_disabled_modules.py) → enable again → the product is back, unchanged.
Once with the embedded runner (SQLite, and PostgreSQL when configured), once on PostgreSQL +
Redis with a real ``rustok worker`` process beside the API.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from app.config import Settings
from app.events.models import DeliveryRow
from modules.commerce.permissions import PERMISSIONS
from tests.conftest import make_registry, make_settings
from tests.support.client import CreatedTenant, RunningApp, create_tenant, running_app
from tests.support.commerce import shirt
from tests.support.databases import DatabaseTarget
from tests.support.events import wait_for
from tests.support.redis_server import delete_keys, shared_redis_url, unique_prefix
from tests.support.worker_process import spawned_worker

ENABLE = "mutation ($m: String!) { moduleEnable(module: $m) { errors { code message } } }"
DISABLE = "mutation ($m: String!) { moduleDisable(module: $m) { errors { code message } } }"
SETTINGS = """
mutation ($input: ModuleSettingsUpdateInput!) {
  moduleSettingsUpdate(input: $input) { errors { code field message } }
}
"""
CREATE = """
mutation ($input: ProductCreateInput!) {
  productCreate(input: $input) { product { id } errors { code field message } }
}
"""
ACTIVATE = """
mutation ($id: ID!) { productUpdate(input: {id: $id, status: ACTIVE}) { errors { code } } }
"""
SEARCH = """
query ($q: String!) {
  products(search: $q, currency: "EUR") {
    totalCount
    edges { node {
      id slug name priceRange { min { amount currency } max { amount currency } }
      variants { sku selectedOptions { name value } price { amount currency } }
    } }
  }
}
"""


async def _ok(api: RunningApp, tenant: CreatedTenant, token: str, query: str, **vars: Any) -> Any:
    body = await api.gql(query, vars, tenant=tenant.slug, token=token)
    assert "errors" not in body, body
    [payload] = body["data"].values()
    assert payload.get("errors", []) == [], payload
    return payload


async def _search(api: RunningApp, tenant: CreatedTenant) -> dict[str, Any]:
    body = await api.gql(SEARCH, {"q": "linen"}, tenant=tenant.slug, token=None)
    found: dict[str, Any] = body
    return found


async def _lifecycle(api: RunningApp, *, seconds: float) -> None:
    tenant = await create_tenant(api)
    owner = api.auth.member(
        tenant.id, "core.manage_modules", "core.view_modules", *(p.name for p in PERMISSIONS)
    )
    await _ok(api, tenant, owner, ENABLE, m="commerce")
    currencies = {"default_currency": "EUR", "currencies": ["EUR", "USD"]}
    await _ok(api, tenant, owner, SETTINGS, input={"module": "commerce", "settings": currencies})
    product = (await _ok(api, tenant, owner, CREATE, input=shirt()))["product"]["id"]
    await _ok(api, tenant, owner, ACTIVATE, id=product)

    async def is_listed() -> bool:
        return bool((await _search(api, tenant))["data"]["products"]["totalCount"] == 1)

    await wait_for(is_listed, seconds=seconds)
    before = await _search(api, tenant)
    [node] = [edge["node"] for edge in before["data"]["products"]["edges"]]
    assert node["id"] == product
    assert [variant["sku"] for variant in node["variants"]] == ["SHIRT-S", "SHIRT-M"]
    assert node["priceRange"]["min"] == {"amount": 2000, "currency": "EUR"}

    async def is_settled() -> bool:
        return not await _undelivered(api, tenant)

    await _ok(api, tenant, owner, DISABLE, m="commerce")
    await wait_for(is_settled, seconds=seconds)
    for query, variables, token in (
        (SEARCH, {"q": "linen"}, None),
        (CREATE, {"input": shirt(name="Other")}, owner),
    ):
        refused = await api.gql(query, variables, tenant=tenant.slug, token=token)
        assert refused["data"] is None
        assert [e["extensions"]["code"] for e in refused["errors"]] == ["MODULE_DISABLED"]

    await _ok(api, tenant, owner, ENABLE, m="commerce")
    await wait_for(is_listed, seconds=seconds)
    assert await _search(api, tenant) == before


async def _undelivered(api: RunningApp, tenant: CreatedTenant) -> int:
    async with api.state.runtime.db.transaction(readonly=True) as session:
        rows = await session.scalars(
            select(DeliveryRow.event_id).where(
                DeliveryRow.tenant_id == tenant.id, DeliveryRow.state != "delivered"
            )
        )
        return len(list(rows))


async def test_the_catalog_lifecycle_with_the_embedded_runner(database: DatabaseTarget) -> None:
    settings = make_settings(database, event_runner="embedded", default_modules=["content"])
    async with running_app(settings, make_registry(settings, installed=True)) as api:
        await _lifecycle(api, seconds=20)


@pytest.fixture
async def worker_settings(database: DatabaseTarget) -> AsyncIterator[Settings]:
    """Worker-mode settings on the shared Redis under a prefix of this test's own."""
    url = shared_redis_url()
    if url is None or not database.is_postgres:
        pytest.skip("needs PostgreSQL and Redis: set RUSTOK_TEST_DATABASE_URL and _REDIS_URL")
    prefix = unique_prefix()
    yield make_settings(
        database,
        event_runner="worker",
        redis_url=url,
        redis_prefix=prefix,
        default_modules=["content"],
    )
    await delete_keys(url, prefix)


@pytest.mark.redis
async def test_the_catalog_lifecycle_with_a_worker_process(
    worker_settings: Settings, tmp_path: Path
) -> None:
    async with (
        running_app(worker_settings, make_registry(worker_settings, installed=True)) as api,
        spawned_worker(worker_settings, tmp_path / "worker.log") as worker,
    ):
        await worker.wait_started()
        await _lifecycle(api, seconds=30)
