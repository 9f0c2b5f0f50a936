"""An entry's cover, categories, tags and body images: linked, shown, and recorded as uses."""

from __future__ import annotations

import io
import uuid
from pathlib import Path
from typing import Any

from PIL import Image

from app.ids import encode_global_id
from tests.support.content import ContentApp, content_app, local_uuid
from tests.support.databases import DatabaseTarget

CATEGORY = """
mutation ($input: ContentCategoryCreateInput!) {
  contentCategoryCreate(input: $input) { category { id } errors { code field } }
}
"""
CREATE = """
mutation ($input: ContentEntryCreateInput!) {
  contentEntryCreate(input: $input) {
    entry {
      id bodyHtml coverImage { id url } categories { slug } tags { slug }
      seo { image { id } }
    }
    errors { code field message }
  }
}
"""
DELETE_ASSET = "mutation ($id: ID!) { contentAssetDelete(id: $id) { errors { code field } } }"


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 20), (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


async def _upload(app: ContentApp) -> dict[str, Any]:
    response = await app.api.client.post(
        f"/t/{app.tenant.slug}/media",
        files={"file": ("cover.png", _png(), "image/png")},
        headers={"authorization": f"Bearer {app.editor}"},
    )
    assert response.status_code == 201, response.text
    uploaded: dict[str, Any] = response.json()
    return uploaded


async def test_links_are_shown_and_a_used_asset_cannot_be_deleted(
    database: DatabaseTarget, tmp_path: Path
) -> None:
    async with content_app(database, media_root=tmp_path) as app:
        asset = await _upload(app)
        news = await app.gql(CATEGORY, {"input": {"names": [{"locale": "en", "value": "News"}]}})
        category_id = news["data"]["contentCategoryCreate"]["category"]["id"]
        asset_uuid = asset["id"]
        body = [
            {"type": "paragraph", "text": "Look:"},
            {"type": "image", "asset_id": str(local_uuid(asset_uuid)), "alt": "A red box"},
        ]
        created = await app.gql(
            CREATE,
            {
                "input": {
                    "title": "With pictures",
                    "body": body,
                    "coverImageId": asset_uuid,
                    "categoryIds": [category_id],
                    "tagNames": ["Red Things", "boxes"],
                    "seo": {"imageId": asset_uuid},
                }
            },
        )
        payload = created["data"]["contentEntryCreate"]
        assert payload["errors"] == []
        entry = payload["entry"]
        assert entry["coverImage"]["id"] == asset_uuid
        assert entry["seo"]["image"]["id"] == asset_uuid
        assert entry["categories"] == [{"slug": "news"}]
        assert sorted(tag["slug"] for tag in entry["tags"]) == ["boxes", "red-things"]
        assert f'src="{asset["url"]}"' in entry["bodyHtml"]
        refused = await app.gql(DELETE_ASSET, {"id": asset_uuid})
        assert [e["code"] for e in refused["data"]["contentAssetDelete"]["errors"]] == ["CONFLICT"]


async def test_an_unknown_cover_is_not_found(database: DatabaseTarget, tmp_path: Path) -> None:
    async with content_app(database, media_root=tmp_path) as app:
        unknown = encode_global_id("Asset", uuid.uuid4())
        created = await app.gql(CREATE, {"input": {"title": "x", "coverImageId": unknown}})
        errors = created["data"]["contentEntryCreate"]["errors"]
        assert [(e["code"], e["field"]) for e in errors] == [("NOT_FOUND", "coverImageId")]
