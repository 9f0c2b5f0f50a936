"""contentAssetUpdate: alt text and file name, one event with what changed, authorization."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from sqlalchemy import select

from app.events.models import EventRow
from app.ids import encode_global_id
from tests.modules.content.media.media_app import MANAGE, MediaApp, local_uuid, media_app
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


async def _payloads(app: MediaApp) -> list[dict[str, Any]]:
    runtime = app.api.state.runtime
    async with runtime.db.transaction(app.tenant.id, readonly=True) as session:
        rows = await session.scalars(
            select(EventRow)
            .where(EventRow.tenant_id == app.tenant.id, EventRow.type == "content.asset.updated")
            .order_by(EventRow.id)
        )
        return [row.payload for row in rows]


async def test_alt_text_and_file_name_change_with_one_event(
    database: DatabaseTarget, tmp_path: Path
) -> None:
    async with media_app(database, tmp_path) as app:
        asset_id = await app.uploaded()
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
        asset_id = await app.uploaded()
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


async def test_only_media_managers_of_the_tenant_may_update(
    database: DatabaseTarget, tmp_path: Path
) -> None:
    async with media_app(database, tmp_path) as app:
        variables = {"input": {"id": await app.uploaded(), "altText": "x"}}
        await app.assert_refused_to_outsiders(UPDATE, variables)
        assert await _payloads(app) == []
        body = await app.gql(UPDATE, variables, token=app.member(MANAGE))
        assert body["data"]["contentAssetUpdate"]["errors"] == []
        assert len(await _payloads(app)) == 1


async def test_another_tenants_asset_is_not_found(database: DatabaseTarget, tmp_path: Path) -> None:
    async with media_app(database, tmp_path) as app:
        asset_id = await app.uploaded()
        other = await create_tenant(app.api)
        body = await app.api.gql(
            UPDATE,
            {"input": {"id": asset_id, "altText": "mine"}},
            tenant=other.slug,
            token=app.member(MANAGE, tenant_id=other.id),
        )
        errors = body["data"]["contentAssetUpdate"]["errors"]
        assert [(e["code"], e["field"]) for e in errors] == [("NOT_FOUND", "id")]
        assert await _payloads(app) == []
