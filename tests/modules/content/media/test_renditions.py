"""The job content.render_renditions: the tenant's widths below the original's, never larger."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import select

from app.bootstrap import build_work_cycle
from modules.content.media.models import RenditionRow
from modules.content.media.renditions import render
from modules.content.media.sniff import Sniffed, sniff
from tests.modules.content.media.media_app import (
    MediaApp,
    image_bytes,
    local_uuid,
    media_app,
    stored_files,
)
from tests.support.databases import DatabaseTarget

ASSET = """
query { contentAssets(first: 5) { edges { node { width renditions { width height url } } } } }
"""


async def _renditions(app: MediaApp) -> list[tuple[int, int, str]]:
    runtime = app.api.state.runtime
    async with runtime.db.transaction(app.tenant.id, readonly=True) as session:
        rows = await session.scalars(
            select(RenditionRow)
            .where(RenditionRow.tenant_id == app.tenant.id)
            .order_by(RenditionRow.width)
        )
        return [(row.width, row.height, row.content_type) for row in rows]


async def test_an_image_gets_the_widths_narrower_than_itself(
    database: DatabaseTarget, tmp_path: Path
) -> None:
    async with media_app(database, tmp_path) as app:
        body = (await app.upload(image_bytes("JPEG", (600, 300)), "wide.jpg")).json()
        assert await _renditions(app) == []  # rendered by the job, not the upload
        await build_work_cycle(app.api.state.runtime).run_once()
        assert await _renditions(app) == [(160, 80, "image/jpeg"), (480, 240, "image/jpeg")]
        listed = await app.gql(ASSET)
        node = listed["data"]["contentAssets"]["edges"][0]["node"]
        url = body["url"].rsplit("/", 1)
        assert node == {
            "width": 600,
            "renditions": [
                {"width": 160, "height": 80, "url": f"{url[0]}/w160/{url[1]}"},
                {"width": 480, "height": 240, "url": f"{url[0]}/w480/{url[1]}"},
            ],
        }
        served = await app.api.client.get(node["renditions"][0]["url"])
        assert served.status_code == 200
        assert served.headers["content-type"] == "image/jpeg"
        with Image.open(io.BytesIO(served.content)) as image:
            assert (image.format, image.size) == ("JPEG", (160, 80))
        assert served.headers["etag"] != (await app.api.client.get(body["url"])).headers["etag"]
        asset_id = local_uuid(body["id"])
        assert stored_files(tmp_path) == [
            f"{app.tenant.id}/{asset_id}/w160/wide.jpg",
            f"{app.tenant.id}/{asset_id}/w480/wide.jpg",
            f"{app.tenant.id}/{asset_id}/wide.jpg",
        ]


async def test_the_tenant_widths_apply_and_a_small_image_is_never_upscaled(
    database: DatabaseTarget, tmp_path: Path
) -> None:
    async with media_app(database, tmp_path) as app:
        await app.configure(rendition_widths=[32, 100, 64])
        await app.upload(image_bytes("PNG", (80, 40)), "palette.png")
        await app.upload(image_bytes("PNG", (20, 20)), "tiny.png")
        await build_work_cycle(app.api.state.runtime).run_once()
        assert await _renditions(app) == [(32, 16, "image/png"), (64, 32, "image/png")]


@pytest.mark.parametrize(
    ("image_format", "content_type"),
    [("PNG", "image/png"), ("JPEG", "image/jpeg"), ("GIF", "image/gif"), ("WEBP", "image/webp")],
)
def test_every_accepted_image_type_renders_in_its_own_format(
    image_format: str, content_type: str
) -> None:
    source = io.BytesIO(image_bytes(image_format, (90, 45)))
    rendered = render(source, content_type, [30, 60])
    assert [(copy.width, copy.height) for copy in rendered] == [(30, 15), (60, 30)]
    for copy in rendered:
        with Image.open(io.BytesIO(copy.data)) as image:
            assert (image.format, image.size) == (image_format, (copy.width, copy.height))


def test_a_turned_photo_is_measured_and_rendered_upright() -> None:
    exif = Image.Exif()
    exif[0x0112] = 6  # stored landscape, shown portrait
    buffer = io.BytesIO()
    Image.new("RGB", (60, 30), "red").save(buffer, format="JPEG", exif=exif.tobytes())
    assert sniff(buffer) == Sniffed("image/jpeg", 30, 60)
    [copy] = render(buffer, "image/jpeg", [15])
    assert (copy.width, copy.height) == (15, 30)
    with Image.open(io.BytesIO(copy.data)) as image:
        assert image.size == (15, 30)
        assert image.getexif().get(0x0112) is None
