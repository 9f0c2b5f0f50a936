"""POST /t/<tenant>/media: sniffed types, limits, authorization, CSRF; nothing stored on refusal."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import select

from app.auth.authenticator import ACCESS_COOKIE
from app.jobs.models import JobRow
from app.routes import CSRF_HEADER
from modules.content.media import sniff as sniffing
from modules.content.media.models import AssetRow
from tests.modules.content.media.media_app import (
    VIEW,
    MediaApp,
    Stored,
    image_bytes,
    local_uuid,
    media_app,
    pdf_bytes,
)
from tests.support.client import create_tenant
from tests.support.databases import DatabaseTarget

NOTHING = Stored(assets=0, events=0, files=0)


async def _row(app: MediaApp, asset_id: str) -> AssetRow:
    runtime = app.api.state.runtime
    async with runtime.db.transaction(app.tenant.id, readonly=True) as session:
        row = await session.scalar(select(AssetRow).where(AssetRow.id == local_uuid(asset_id)))
    assert row is not None
    return row


async def test_an_image_is_stored_with_its_size_and_sniffed_type(
    database: DatabaseTarget, tmp_path: Path
) -> None:
    async with media_app(database, tmp_path) as app:
        data = image_bytes("JPEG", (300, 200))
        response = await app.upload(data, "Été à Paris!.jpeg", alt="A red square")
        assert response.status_code == 201, response.text
        body = response.json()
        row = await _row(app, body["id"])
        assert body == {
            "id": body["id"],
            "url": f"/t/{app.tenant.slug}/media/{row.id}/Ete-a-Paris.jpg",
            "contentType": "image/jpeg",
            "byteSize": len(data),
            "width": 300,
            "height": 200,
        }
        assert (row.filename, row.alt_text, row.uploaded_by_kind) == (
            "Ete-a-Paris.jpg",
            "A red square",
            "user",
        )
        assert row.storage_key == f"{app.tenant.id}/{row.id}/Ete-a-Paris.jpg"
        assert (tmp_path / row.storage_key).read_bytes() == data
        assert await app.stored() == Stored(assets=1, events=1, files=1)


async def test_a_pdf_is_stored_as_a_pdf_whatever_its_name(
    database: DatabaseTarget, tmp_path: Path
) -> None:
    async with media_app(database, tmp_path) as app:
        response = await app.upload(pdf_bytes(), "report.png")
        assert response.status_code == 201, response.text
        body = response.json()
        assert (body["contentType"], body["width"], body["height"]) == (
            "application/pdf",
            None,
            None,
        )
        assert body["url"].endswith("/report.pdf")
        runtime = app.api.state.runtime
        async with runtime.db.transaction(readonly=True) as session:
            jobs = await session.scalar(
                select(JobRow.id).where(JobRow.key == f"content.asset:{local_uuid(body['id'])}")
            )
        assert jobs is None  # no renditions for a PDF


@pytest.mark.parametrize(
    ("data", "filename"),
    [
        (b"<!doctype html><script>alert(1)</script>", "photo.jpg"),
        (
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
            "logo.svg",
        ),
        (b"\x89PNG\r\n\x1a\nnot really a png at all", "broken.png"),
        (image_bytes("BMP"), "bitmap.bmp"),
        (b"", "empty.png"),
    ],
    ids=["html named jpg", "svg", "png header only", "bmp", "empty"],
)
async def test_a_file_of_no_accepted_type_is_refused_and_nothing_is_stored(
    database: DatabaseTarget, tmp_path: Path, data: bytes, filename: str
) -> None:
    async with media_app(database, tmp_path) as app:
        response = await app.upload(data, filename)
        assert response.status_code == 415, response.text
        error = response.json()["error"]
        assert (error["code"], error["field"]) == ("VALIDATION", "file")
        assert await app.stored() == NOTHING


async def test_a_pdf_disguised_as_a_png_is_refused_where_pdfs_are_not_allowed(
    database: DatabaseTarget, tmp_path: Path
) -> None:
    async with media_app(database, tmp_path) as app:
        await app.configure(media_allowed_types=["image/png", "image/jpeg"])
        response = await app.upload(pdf_bytes(), "innocent.png")
        assert response.status_code == 415, response.text
        assert "application/pdf" in response.json()["error"]["message"]
        assert await app.stored() == NOTHING


async def test_an_image_of_too_many_pixels_is_refused(
    database: DatabaseTarget, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sniffing, "MAX_PIXELS", 99)
    async with media_app(database, tmp_path) as app:
        response = await app.upload(image_bytes("PNG", (10, 10)), "bomb.png")
        assert response.status_code == 415, response.text
        assert "10x10 pixels" in response.json()["error"]["message"]
        assert await app.stored() == NOTHING


async def test_an_oversized_file_is_refused_and_nothing_is_stored(
    database: DatabaseTarget, tmp_path: Path
) -> None:
    async with media_app(database, tmp_path) as app:
        data = image_bytes("PNG", (64, 64))
        await app.configure(media_max_bytes=len(data) - 1)
        response = await app.upload(data, "big.png")
        assert response.status_code == 413, response.text
        error = response.json()["error"]
        assert (error["code"], error["field"]) == ("VALIDATION", "file")
        # Far past the limit the body is not even read to its end.
        huge = await app.upload(b"\0" * (len(data) + 100_000), "huge.png")
        assert huge.status_code == 413
        assert await app.stored() == NOTHING
        await app.configure(media_max_bytes=len(data))
        assert (await app.upload(data, "fits.png")).status_code == 201


async def test_a_body_without_a_length_stops_being_read_at_the_limit(
    database: DatabaseTarget, tmp_path: Path
) -> None:
    async with media_app(database, tmp_path) as app:
        await app.configure(media_max_bytes=1000)

        async def body() -> AsyncIterator[bytes]:
            yield b'--b\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\n\r\n'
            for _ in range(100):
                yield b"\0" * 1024
            yield b"\r\n--b--\r\n"

        response = await app.api.client.post(
            f"/t/{app.tenant.slug}/media",
            content=body(),
            headers={
                "Authorization": f"Bearer {app.member('content.manage_media')}",
                "Content-Type": "multipart/form-data; boundary=b",
            },
        )
        assert response.status_code == 413, response.text
        assert "content-length" not in response.request.headers
        assert await app.stored() == NOTHING


async def test_a_request_without_the_file_field_is_invalid(
    database: DatabaseTarget, tmp_path: Path
) -> None:
    async with media_app(database, tmp_path) as app:
        token = app.member("content.manage_media")
        headers = {"Authorization": f"Bearer {token}"}
        path = f"/t/{app.tenant.slug}/media"
        wrong_field = await app.api.client.post(
            path, files={"upload": ("a.png", image_bytes(), "image/png")}, headers=headers
        )
        as_json = await app.api.client.post(path, json={"file": "x"}, headers=headers)
        too_long_alt = await app.upload(image_bytes(), "a.png", alt="x" * 501)
        for response in (wrong_field, as_json, too_long_alt):
            assert response.status_code == 422, response.text
            assert response.json()["error"]["code"] == "VALIDATION"
        assert too_long_alt.json()["error"]["field"] == "alt"
        assert await app.stored() == NOTHING


async def test_only_media_managers_of_the_tenant_may_upload(
    database: DatabaseTarget, tmp_path: Path
) -> None:
    async with media_app(database, tmp_path) as app:
        other = await create_tenant(app.api)
        refused = {
            "anonymous": (None, 401, "UNAUTHENTICATED"),
            "member without the permission": (app.member(VIEW), 403, "PERMISSION_DENIED"),
            "manager of another tenant": (
                app.member("content.manage_media", tenant_id=other.id),
                403,
                "PERMISSION_DENIED",
            ),
        }
        for label, (token, status, code) in refused.items():
            response = await app.upload(image_bytes(), "a.png", token=token)
            assert (response.status_code, response.json()["error"]["code"]) == (status, code), label
        assert await app.stored() == NOTHING
        assert (await app.upload(image_bytes(), "a.png")).status_code == 201
        assert await app.stored() == Stored(assets=1, events=1, files=1)


async def test_a_cookie_upload_needs_the_csrf_header(
    database: DatabaseTarget, tmp_path: Path
) -> None:
    async with media_app(database, tmp_path) as app:
        app.api.client.cookies.set(ACCESS_COOKIE, app.member("content.manage_media"))
        without = await app.upload(image_bytes(), "a.png", token=None)
        assert without.status_code == 403
        assert await app.stored() == NOTHING
        headers = {CSRF_HEADER: "1", "sec-fetch-site": "same-origin"}
        with_header = await app.upload(image_bytes(), "a.png", token=None, headers=headers)
        assert with_header.status_code == 201, with_header.text
