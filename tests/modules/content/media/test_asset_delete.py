"""contentAssetDelete: refused while used, then the row, renditions and files go; authorization."""

from __future__ import annotations

import uuid
from pathlib import Path

from modules.content.media.api import release_asset_uses, set_asset_uses
from tests.modules.content.media.media_app import (
    MANAGE,
    MediaApp,
    Stored,
    local_uuid,
    media_app,
)
from tests.support.client import create_tenant
from tests.support.databases import DatabaseTarget

DELETE = """
mutation ($id: ID!) {
  contentAssetDelete(id: $id) { deletedId errors { code field message } }
}
"""


async def _use(app: MediaApp, asset_id: str, owner_id: uuid.UUID, *, release: bool = False) -> None:
    runtime = app.api.state.runtime
    async with runtime.db.transaction(app.tenant.id) as session:
        if release:
            await release_asset_uses(session, app.tenant.id, "ContentEntry", owner_id)
        else:
            uses = {"coverImage": local_uuid(asset_id)}
            await set_asset_uses(
                session, app.tenant.id, "ContentEntry", owner_id, uses, app.clock.now()
            )


async def test_a_used_asset_cannot_be_deleted_until_released(
    database: DatabaseTarget, tmp_path: Path
) -> None:
    async with media_app(database, tmp_path) as app:
        asset_id = await app.uploaded()
        owner = uuid.uuid4()
        await _use(app, asset_id, owner)
        refused = (await app.gql(DELETE, {"id": asset_id}))["data"]["contentAssetDelete"]
        assert refused["deletedId"] is None
        [error] = refused["errors"]
        assert (error["code"], error["field"]) == ("CONFLICT", "id")
        assert f"ContentEntry {owner} (coverImage)" in error["message"]
        assert await app.stored() == Stored(assets=1, events=1, files=1)
        await _use(app, asset_id, owner, release=True)
        deleted = (await app.gql(DELETE, {"id": asset_id}))["data"]["contentAssetDelete"]
        assert deleted == {"deletedId": asset_id, "errors": []}
        assert await app.stored() == Stored(assets=0, events=2, files=0)
        again = (await app.gql(DELETE, {"id": asset_id}))["data"]["contentAssetDelete"]
        assert [e["code"] for e in again["errors"]] == ["NOT_FOUND"]


async def test_only_media_managers_of_the_tenant_may_delete(
    database: DatabaseTarget, tmp_path: Path
) -> None:
    async with media_app(database, tmp_path) as app:
        variables = {"id": await app.uploaded()}
        await app.assert_refused_to_outsiders(DELETE, variables)
        body = await app.gql(DELETE, variables, token=app.member(MANAGE))
        assert body["data"]["contentAssetDelete"]["errors"] == []
        assert await app.stored() == Stored(assets=0, events=2, files=0)


async def test_another_tenants_asset_is_not_found(database: DatabaseTarget, tmp_path: Path) -> None:
    async with media_app(database, tmp_path) as app:
        asset_id = await app.uploaded()
        other = await create_tenant(app.api)
        body = await app.api.gql(
            DELETE,
            {"id": asset_id},
            tenant=other.slug,
            token=app.member(MANAGE, tenant_id=other.id),
        )
        errors = body["data"]["contentAssetDelete"]["errors"]
        assert [(e["code"], e["field"]) for e in errors] == [("NOT_FOUND", "id")]
        assert await app.stored() == Stored(assets=1, events=1, files=1)
