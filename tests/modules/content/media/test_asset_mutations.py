"""contentAssetUpdate and contentAssetDelete: changes, events, uses, authorization."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from sqlalchemy import select

from app.events.models import EventRow
from app.ids import encode_global_id
from modules.content.media.api import release_asset_uses, set_asset_uses
from tests.modules.content.media.media_app import (
    MANAGE,
    VIEW,
    MediaApp,
    Stored,
    image_bytes,
    local_uuid,
    media_app,
)
from tests.support.client import create_tenant
from tests.support.databases import DatabaseTarget

UPDATE = """
mutation ($input: AssetUpdateInput!) {
  contentAssetUpdate(input: $input) {
    asset { id filename altText url contentType }
    errors { code field message }
  }
}
"""
DELETE = """
mutation ($id: ID!) {
  contentAssetDelete(id: $id) { deletedId errors { code field message } }
}
"""


async def _upload(app: MediaApp) -> str:
    response = await app.upload(image_bytes("PNG", (30, 20)), "original.png")
    assert response.status_code == 201, response.text
    asset_id: str = response.json()["id"]
    return asset_id


async def _payloads(app: MediaApp) -> list[dict[str, Any]]:
    runtime = app.api.state.runtime
    async with runtime.db.transaction(app.tenant.id, readonly=True) as session:
        rows = await session.scalars(
            select(EventRow)
            .where(EventRow.tenant_id == app.tenant.id, EventRow.type == "content.asset.updated")
            .order_by(EventRow.id)
        )
        return [row.payload for row in rows]


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


async def test_alt_text_and_file_name_change_with_one_event(
    database: DatabaseTarget, tmp_path: Path
) -> None:
    async with media_app(database, tmp_path) as app:
        asset_id = await _upload(app)
        changes = {"id": asset_id, "altText": "  A cat  ", "filename": "../Chat noir.gif"}
        body = await app.gql(UPDATE, {"input": changes})
        payload = body["data"]["contentAssetUpdate"]
        assert payload["errors"] == []
        assert payload["asset"] == {
            "id": asset_id,
            "filename": "Chat-noir.png",
            "altText": "A cat",
            "url": f"/t/{app.tenant.slug}/media/{local_uuid(asset_id)}/Chat-noir.png",
            "contentType": "image/png",
        }
        assert (await app.api.client.get(payload["asset"]["url"])).status_code == 200
        same = await app.gql(UPDATE, {"input": {"id": asset_id, "altText": "A cat"}})
        assert same["data"]["contentAssetUpdate"]["errors"] == []
        cleared = await app.gql(UPDATE, {"input": {"id": asset_id, "altText": None}})
        assert cleared["data"]["contentAssetUpdate"]["asset"]["altText"] is None
        assert await _payloads(app) == [
            {"asset_id": str(local_uuid(asset_id)), "changed": ["altText", "filename"]},
            {"asset_id": str(local_uuid(asset_id)), "changed": ["altText"]},
        ]


async def test_invalid_updates_are_payload_errors(database: DatabaseTarget, tmp_path: Path) -> None:
    async with media_app(database, tmp_path) as app:
        asset_id = await _upload(app)
        cases = {
            "long alt": ({"id": asset_id, "altText": "x" * 501}, "VALIDATION", "altText"),
            "null name": ({"id": asset_id, "filename": None}, "VALIDATION", "filename"),
            "unknown": ({"id": encode_global_id("Asset", uuid.uuid4())}, "NOT_FOUND", "id"),
            "wrong type": ({"id": encode_global_id("Tenant", uuid.uuid4())}, "VALIDATION", "id"),
        }
        for label, (changes, code, field) in cases.items():
            body = await app.gql(UPDATE, {"input": changes})
            errors = body["data"]["contentAssetUpdate"]["errors"]
            assert [(e["code"], e["field"]) for e in errors] == [(code, field)], label
        assert await _payloads(app) == []


async def test_a_used_asset_cannot_be_deleted_until_released(
    database: DatabaseTarget, tmp_path: Path
) -> None:
    async with media_app(database, tmp_path) as app:
        asset_id = await _upload(app)
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


async def test_only_media_managers_of_the_tenant_may_change_or_delete(
    database: DatabaseTarget, tmp_path: Path
) -> None:
    async with media_app(database, tmp_path) as app:
        asset_id = await _upload(app)
        other = await create_tenant(app.api)
        refused = {
            "anonymous": (None, "UNAUTHENTICATED"),
            "member without the permission": (app.member(VIEW), "PERMISSION_DENIED"),
            "manager of another tenant": (
                app.member(MANAGE, tenant_id=other.id),
                "PERMISSION_DENIED",
            ),
        }
        operations: dict[str, tuple[str, dict[str, Any]]] = {
            "contentAssetUpdate": (UPDATE, {"input": {"id": asset_id, "altText": "x"}}),
            "contentAssetDelete": (DELETE, {"id": asset_id}),
        }
        for name, (query, variables) in operations.items():
            for label, (token, code) in refused.items():
                body = await app.gql(query, variables, token=token)
                assert body["data"] is None, (name, label)
                assert [e["extensions"]["code"] for e in body["errors"]] == [code], (name, label)
        assert await app.stored() == Stored(assets=1, events=1, files=1)
        manager = app.member(MANAGE)
        updated = await app.gql(*operations["contentAssetUpdate"], token=manager)
        assert updated["data"]["contentAssetUpdate"]["errors"] == []
        deleted = await app.gql(*operations["contentAssetDelete"], token=manager)
        assert deleted["data"]["contentAssetDelete"]["errors"] == []
        assert await app.stored() == Stored(assets=0, events=3, files=0)


async def test_another_tenants_asset_is_not_found(database: DatabaseTarget, tmp_path: Path) -> None:
    async with media_app(database, tmp_path) as app:
        asset_id = await _upload(app)
        other = await create_tenant(app.api)
        token = app.member(MANAGE, tenant_id=other.id)
        for query, variables in (
            (UPDATE, {"input": {"id": asset_id, "altText": "mine"}}),
            (DELETE, {"id": asset_id}),
        ):
            body = await app.api.gql(query, variables, tenant=other.slug, token=token)
            [payload] = body["data"].values()
            assert [(e["code"], e["field"]) for e in payload["errors"]] == [("NOT_FOUND", "id")]
        assert await app.stored() == Stored(assets=1, events=1, files=1)
