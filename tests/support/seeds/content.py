"""Seed steps of the content module: taxonomy, an uploaded asset, entries in every state."""

from __future__ import annotations

import io
from datetime import timedelta

from PIL import Image

from tests.support.seeding import Seeding, SeedStep

__all__ = ["STEPS"]

_CATEGORY = """
mutation ($input: ContentCategoryCreateInput!) {
  contentCategoryCreate(input: $input) { category { id } errors { code message } }
}
"""
_CREATE = """
mutation ($input: ContentEntryCreateInput!) {
  contentEntryCreate(input: $input) { entry { id } errors { code message } }
}
"""
_UPDATE = """
mutation ($input: ContentEntryUpdateInput!) {
  contentEntryUpdate(input: $input) { entry { id } errors { code message } }
}
"""
_PUBLISH = """
mutation ($input: ContentEntryPublishInput!) {
  contentEntryPublish(input: $input) { entry { id } errors { code message } }
}
"""
_PREVIEW = """
mutation ($input: ContentPreviewTokenCreateInput!) {
  contentPreviewTokenCreate(input: $input) { token errors { code message } }
}
"""


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (32, 16), (10, 120, 200)).save(buffer, format="PNG")
    return buffer.getvalue()


async def _upload(seeding: Seeding) -> str:
    response = await seeding.api.client.post(
        f"/t/{seeding.tenant.slug}/media",
        files={"file": (f"{seeding.text('cover')}.png", _png(), "image/png")},
        data={"alt": seeding.text("alt")},
        headers={"authorization": f"Bearer {seeding.token()}"},
    )
    assert response.status_code == 201, response.text
    asset_id: str = response.json()["id"]
    return asset_id


async def _content(seeding: Seeding) -> None:
    news = await seeding.call(
        _CATEGORY, {"input": {"names": [{"locale": "en", "value": seeding.text("news")}]}}
    )
    cover = await _upload(seeding)
    ids = []
    for label in ("published", "draft", "scheduled"):
        created = await seeding.call(
            _CREATE,
            {
                "input": {
                    "title": seeding.text(label),
                    "bodyMarkdown": f"Body of {seeding.text(label)}.",
                    "coverImageId": cover,
                    "categoryIds": [news["category"]["id"]],
                    "tagNames": [seeding.text("tag")],
                }
            },
        )
        ids.append(created["entry"]["id"])
    published, draft, scheduled = ids
    await seeding.call(_PUBLISH, {"input": {"id": published}})
    await seeding.call(_UPDATE, {"input": {"id": published, "title": seeding.text("edited")}})
    later = seeding.runtime.clock.now() + timedelta(days=30)
    await seeding.call(_PUBLISH, {"input": {"id": scheduled, "publishAt": later.isoformat()}})
    await seeding.call(_PREVIEW, {"input": {"entryId": draft}})
    await seeding.runtime.dispatcher.drain()


STEPS: tuple[SeedStep, ...] = (SeedStep("content", "entries", _content),)
