"""A post's cover and an author's portrait are content assets, recorded as used."""

from __future__ import annotations

import io
import uuid
from pathlib import Path
from typing import Any

from PIL import Image

from app.ids import encode_global_id
from tests.support.blog import AUTHOR_CREATE, BlogApp, blog_app
from tests.support.databases import DatabaseTarget

READ = """
query ($id: ID!) { adminBlogPost(id: $id) { coverImage { id } authors { avatar { id } } } }
"""
DELETE_ASSET = "mutation ($id: ID!) { contentAssetDelete(id: $id) { errors { code field } } }"
AUTHOR_DELETE = "mutation ($id: ID!) { blogAuthorDelete(id: $id) { errors { code } } }"


async def _upload(app: BlogApp) -> str:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 20), (30, 30, 200)).save(buffer, format="PNG")
    token = app.member("content.manage_media")
    response = await app.api.client.post(
        f"/t/{app.tenant.slug}/media",
        files={"file": ("face.png", buffer.getvalue(), "image/png")},
        headers={"authorization": f"Bearer {token}"},
    )
    assert response.status_code == 201, response.text
    uploaded: dict[str, Any] = response.json()
    asset: str = uploaded["id"]
    return asset


async def test_cover_and_portrait_are_shown_and_kept(
    database: DatabaseTarget, tmp_path: Path
) -> None:
    async with blog_app(database, media_root=tmp_path) as app:
        asset = await _upload(app)
        made = await app.gql(
            AUTHOR_CREATE, {"input": {"slug": "ada", "displayName": "Ada", "avatarId": asset}}
        )
        author = made["data"]["blogAuthorCreate"]["author"]["id"]
        post = await app.post([author], coverImageId=asset)
        shown = await app.gql(READ, {"id": post})
        assert shown["data"]["adminBlogPost"] == {
            "coverImage": {"id": asset},
            "authors": [{"avatar": {"id": asset}}],
        }
        manager = app.member("content.manage_media")
        refused = await app.gql(DELETE_ASSET, {"id": asset}, token=manager)
        assert refused["data"]["contentAssetDelete"]["errors"][0]["code"] == "CONFLICT"
        foreign = encode_global_id("Asset", uuid.uuid4())
        missing = await app.gql(
            AUTHOR_CREATE, {"input": {"slug": "bob", "displayName": "Bob", "avatarId": foreign}}
        )
        assert missing["data"]["blogAuthorCreate"]["errors"] == [
            {"code": "NOT_FOUND", "field": "avatarId"}
        ]


async def test_a_deleted_author_releases_the_portrait(
    database: DatabaseTarget, tmp_path: Path
) -> None:
    async with blog_app(database, media_root=tmp_path) as app:
        asset = await _upload(app)
        made = await app.gql(
            AUTHOR_CREATE, {"input": {"slug": "ada", "displayName": "Ada", "avatarId": asset}}
        )
        author = made["data"]["blogAuthorCreate"]["author"]["id"]
        gone = await app.gql(AUTHOR_DELETE, {"id": author})
        assert gone["data"]["blogAuthorDelete"]["errors"] == []
        manager = app.member("content.manage_media")
        deleted = await app.gql(DELETE_ASSET, {"id": asset}, token=manager)
        assert deleted["data"]["contentAssetDelete"]["errors"] == []
