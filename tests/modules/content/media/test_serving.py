"""GET /t/<tenant>/media/<id>/<filename>: the stored bytes with safe headers, or 404."""

from __future__ import annotations

import uuid
from pathlib import Path

from tests.modules.content.media.media_app import image_bytes, media_app, pdf_bytes
from tests.support.client import create_tenant
from tests.support.databases import DatabaseTarget


async def test_an_image_is_served_inline_with_its_type_and_a_long_cache(
    database: DatabaseTarget, tmp_path: Path
) -> None:
    async with media_app(database, tmp_path) as app:
        data = image_bytes("PNG", (10, 10))
        url = (await app.upload(data, "dot.png")).json()["url"]
        response = await app.api.client.get(url)
        assert response.status_code == 200
        assert response.content == data
        headers = response.headers
        assert headers["content-type"] == "image/png"
        assert headers["content-length"] == str(len(data))
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["content-disposition"] == 'inline; filename="dot.png"'
        assert headers["cache-control"] == "public, max-age=31536000, immutable"
        again = await app.api.client.get(url, headers={"if-none-match": headers["etag"]})
        assert (again.status_code, again.content) == (304, b"")
        head = await app.api.client.head(url)
        assert (head.status_code, head.content) == (200, b"")
        assert head.headers["content-length"] == str(len(data))


async def test_a_pdf_is_served_as_an_attachment(database: DatabaseTarget, tmp_path: Path) -> None:
    async with media_app(database, tmp_path) as app:
        url = (await app.upload(pdf_bytes(), "notes.pdf")).json()["url"]
        response = await app.api.client.get(url)
        assert response.content.startswith(b"%PDF-")
        assert response.headers["content-type"] == "application/pdf"
        assert response.headers["content-disposition"] == 'attachment; filename="notes.pdf"'


async def test_unknown_foreign_or_misnamed_assets_answer_404(
    database: DatabaseTarget, tmp_path: Path
) -> None:
    async with media_app(database, tmp_path) as app:
        url = (await app.upload(image_bytes(), "a.png")).json()["url"]
        asset_id = url.split("/")[4]
        other = await create_tenant(app.api)
        for path in (
            f"/t/{other.slug}/media/{asset_id}/a.png",  # another tenant's asset
            f"/t/{app.tenant.slug}/media/{uuid.uuid4()}/a.png",
            f"/t/{app.tenant.slug}/media/not-a-uuid/a.png",
            f"/t/{app.tenant.slug}/media/{asset_id}/b.png",
            f"/t/{app.tenant.slug}/media/{asset_id}/w160/a.png",  # no such rendition
        ):
            response = await app.api.client.get(path)
            assert response.status_code == 404, path
            assert response.json()["error"]["code"] == "NOT_FOUND", path
