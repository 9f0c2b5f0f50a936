"""``indexRebuild(projection:)``: authorization matrix, the rebuild itself, unknown projections."""

from __future__ import annotations

import uuid

from sqlalchemy import delete, select

from app.runtime import Runtime
from tests.fixtures.widgets.models import WidgetListingRow
from tests.fixtures.widgets.module import create_widget
from tests.support.client import create_tenant
from tests.support.databases import DatabaseTarget
from tests.support.events import controlled_app, tenant_context

REBUILD = """
mutation ($p: String!) {
  indexRebuild(projection: $p) { projection refreshed errors { code field message } }
}
"""


async def listed_names(runtime: Runtime, tenant_id: uuid.UUID) -> list[str]:
    """Return the names in the tenant's widget listing."""
    async with runtime.db.transaction(tenant_id, readonly=True) as session:
        names = await session.scalars(
            select(WidgetListingRow.name)
            .where(WidgetListingRow.tenant_id == tenant_id)
            .order_by(WidgetListingRow.name)
        )
        return list(names)


async def test_index_rebuild_authorization_matrix(database: DatabaseTarget) -> None:
    async with controlled_app(database) as (api, _clock, tenant):
        runtime = api.state.runtime
        other = await create_tenant(api)
        widget_id = await create_widget(await tenant_context(runtime, tenant), "lost")
        await runtime.dispatcher.drain()
        async with runtime.db.transaction(tenant.id) as session:
            await session.execute(
                delete(WidgetListingRow).where(WidgetListingRow.widget_id == widget_id)
            )
        before = await listed_names(runtime, tenant.id)
        assert before == []  # the seeded starter has no row until a rebuild: it had no event
        refused = {
            "anonymous": (None, "UNAUTHENTICATED"),
            "member without the permission": (
                api.auth.member(tenant.id, "core.view_index"),
                "PERMISSION_DENIED",
            ),
            "member of another tenant": (
                api.auth.member(other.id, "core.manage_index"),
                "PERMISSION_DENIED",
            ),
        }
        for label, (token, code) in refused.items():
            body = await api.gql(REBUILD, {"p": "widgets.listing"}, tenant=tenant.slug, token=token)
            assert body["data"] is None, label
            assert [error["extensions"]["code"] for error in body["errors"]] == [code], label
            assert await listed_names(runtime, tenant.id) == before, label

        body = await api.gql(
            REBUILD,
            {"p": "widgets.listing"},
            tenant=tenant.slug,
            token=api.auth.member(tenant.id, "core.manage_index"),
        )

        assert body == {
            "data": {
                "indexRebuild": {"projection": "widgets.listing", "refreshed": 2, "errors": []}
            }
        }
        assert await listed_names(runtime, tenant.id) == ["lost", "starter"]
        assert await listed_names(runtime, other.id) == []


async def test_rebuilding_an_unknown_projection_is_not_found(database: DatabaseTarget) -> None:
    async with controlled_app(database) as (api, _clock, tenant):
        token = api.auth.member(tenant.id, "core.manage_index")

        body = await api.gql(REBUILD, {"p": "widgets.tally"}, tenant=tenant.slug, token=token)

        assert body["data"]["indexRebuild"] == {
            "projection": None,
            "refreshed": 0,
            "errors": [
                {
                    "code": "NOT_FOUND",
                    "field": "projection",
                    "message": "no projection 'widgets.tally'; installed: widgets.listing",
                }
            ],
        }
