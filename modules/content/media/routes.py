"""The media routes under ``/t/<tenant>/``: the upload, and the public files.

``POST media`` answers 201 with the new asset, 413 (``VALIDATION`` on ``file``) past the
size limit, 415 (``VALIDATION`` on ``file``) when the bytes are not of an allowed type, and
422 for other invalid input; nothing is stored on refusal. ``GET media/<id>/<filename>`` and
``GET media/<id>/w<width>/<filename>`` stream the file or a rendition; 404 otherwise.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import BinaryIO

from sqlalchemy import select
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse

from app.errors import NotFound
from app.ids import encode_global_id
from app.registry import TenantRoute
from app.routes import error_response
from app.runtime import Context
from modules.content.media.errors import FileTooLarge, UnsupportedType
from modules.content.media.models import AssetRow, RenditionRow
from modules.content.media.service import upload_asset
from modules.content.media.storage import CHUNK_BYTES, storage_for
from modules.content.media.uploads import read_upload
from modules.content.media.urls import asset_path
from modules.content.media.uses import get_asset
from modules.content.permissions import MANAGE_MEDIA
from modules.content.settings import load_settings

__all__ = ["ROUTES", "file_route", "rendition_route", "upload_route"]

CACHE_CONTROL = "public, max-age=31536000, immutable"


async def upload_route(request: Request, ctx: Context) -> Response:
    """Store the multipart ``file`` (with optional ``alt``) as an asset; answer it as JSON."""
    tenant = ctx.require_tenant()
    async with ctx.runtime.db.transaction(tenant.id, readonly=True) as session:
        limit = (await load_settings(session, tenant.id)).media_max_bytes
    try:
        upload = await read_upload(request, limit)
        try:
            row = await upload_asset(
                ctx, upload.file.filename or "file", upload.file.file, alt_text=upload.alt
            )
        finally:
            await upload.file.close()
    except FileTooLarge as error:
        return error_response(error, 413)
    except UnsupportedType as error:
        return error_response(error, 415)
    body = {
        "id": encode_global_id("Asset", row.id),
        "url": asset_path(tenant.slug, row.id, row.filename),
        "contentType": row.content_type,
        "byteSize": row.byte_size,
        "width": row.width,
        "height": row.height,
    }
    return JSONResponse(body, status_code=201)


async def file_route(request: Request, ctx: Context) -> Response:
    """Stream an asset's file."""
    asset = await _asset(request, ctx)
    return await _serve(
        request, ctx, asset, _File(asset.storage_key, asset.content_type, asset.byte_size)
    )


async def rendition_route(request: Request, ctx: Context) -> Response:
    """Stream one rendition of an image asset."""
    asset = await _asset(request, ctx)
    width = request.path_params["width"]
    tenant = ctx.require_tenant()
    async with ctx.runtime.db.transaction(tenant.id, readonly=True) as session:
        rendition = await session.scalar(
            select(RenditionRow).where(
                RenditionRow.tenant_id == tenant.id,
                RenditionRow.asset_id == asset.id,
                RenditionRow.width == width,
            )
        )
    if rendition is None:
        raise NotFound(f"asset {asset.id} has no rendition {width} pixels wide", field="width")
    copy = _File(rendition.storage_key, rendition.content_type, rendition.byte_size, f"-w{width}")
    return await _serve(request, ctx, asset, copy)


async def _asset(request: Request, ctx: Context) -> AssetRow:
    tenant = ctx.require_tenant()
    try:
        asset_id = uuid.UUID(str(request.path_params["asset_id"]))
    except ValueError:
        raise NotFound("no such asset", field="id") from None
    async with ctx.runtime.db.transaction(tenant.id, readonly=True) as session:
        asset = await get_asset(session, tenant.id, asset_id)
    if request.path_params["filename"] != asset.filename:
        raise NotFound(f"asset {asset_id} is named {asset.filename!r}", field="filename")
    return asset


@dataclass(frozen=True, slots=True)
class _File:
    key: str
    content_type: str
    size: int
    variant: str = ""


async def _serve(request: Request, ctx: Context, asset: AssetRow, file: _File) -> Response:
    etag = f'"{asset.sha256}{file.variant}"'
    content_type = file.content_type
    disposition = "inline" if content_type.startswith("image/") else "attachment"
    headers = {
        "ETag": etag,
        "Cache-Control": CACHE_CONTROL,
        "X-Content-Type-Options": "nosniff",
        "Content-Disposition": f'{disposition}; filename="{asset.filename}"',
        "Content-Security-Policy": "default-src 'none'; sandbox",
    }
    if etag in request.headers.get("if-none-match", ""):
        return Response(status_code=304, headers=headers)
    storage = storage_for(ctx.runtime.settings)
    headers["Content-Length"] = str(file.size)
    if request.method == "HEAD":
        if not await storage.exists(file.key):
            raise NotFound("the asset's file is missing", field="id")
        return Response(status_code=200, headers=headers, media_type=content_type)
    try:
        stream = storage.open(file.key)
    except FileNotFoundError:
        raise NotFound("the asset's file is missing", field="id") from None
    return StreamingResponse(_chunks(stream), media_type=content_type, headers=headers)


async def _chunks(stream: BinaryIO) -> AsyncIterator[bytes]:
    with stream:
        while chunk := await asyncio.to_thread(stream.read, CHUNK_BYTES):
            yield chunk


ROUTES = (
    TenantRoute(
        name="content.media_upload",
        path="media",
        endpoint=upload_route,
        methods=("POST",),
        permission=MANAGE_MEDIA,
    ),
    TenantRoute(
        name="content.media_rendition",
        path="media/{asset_id}/w{width:int}/{filename}",
        endpoint=rendition_route,
    ),
    TenantRoute(name="content.media_file", path="media/{asset_id}/{filename}", endpoint=file_route),
)
