"""Renditions: resized copies of an image at the tenant's widths, never wider than the original.

The delayed job ``content.render_renditions`` is scheduled in the upload's transaction; it
writes each rendition's file, then replaces the asset's rendition rows. A rendition keeps the
original's format, so its URL (the asset's file name under ``w<width>/``) never lies about it.
"""

from __future__ import annotations

import asyncio
import io
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import BinaryIO

from PIL import Image, ImageOps
from sqlalchemy import delete, select

from app.jobs.declarations import DelayedJob, JobContext
from modules.content.media.models import AssetRow, RenditionRow
from modules.content.media.storage import asset_key, storage_for
from modules.content.settings import load_settings

__all__ = ["RENDER_RENDITIONS", "Rendered", "render"]

_FORMATS = {"image/jpeg": "JPEG", "image/png": "PNG", "image/webp": "WEBP", "image/gif": "GIF"}


@dataclass(frozen=True, slots=True)
class Rendered:
    """One rendition's encoded bytes and size."""

    width: int
    height: int
    data: bytes


def render(source: BinaryIO, content_type: str, widths: Sequence[int]) -> list[Rendered]:
    """Return the image ``source`` upright (EXIF orientation applied, metadata dropped) and
    resized to each of ``widths`` (blocking: run in a thread)."""
    image_format = _FORMATS[content_type]
    rendered = []
    with Image.open(source, formats=[image_format]) as original:
        original.load()
        upright = ImageOps.exif_transpose(original)
        image = upright if upright.mode in {"RGB", "RGBA", "L"} else upright.convert("RGBA")
        if image_format == "JPEG" and image.mode == "RGBA":
            image = image.convert("RGB")
        for width in widths:
            height = max(1, round(image.height * width / image.width))
            resized = image.resize((width, height), Image.Resampling.LANCZOS)
            buffer = io.BytesIO()
            resized.save(buffer, format=image_format, **_options(image_format))
            rendered.append(Rendered(width, height, buffer.getvalue()))
    return rendered


def _options(image_format: str) -> dict[str, int | bool]:
    if image_format in {"JPEG", "WEBP"}:
        return {"quality": 82}
    return {"optimize": True} if image_format == "PNG" else {}


async def render_renditions(job: JobContext) -> None:
    """Write the renditions of the asset ``args["asset_id"]`` (gone meanwhile: nothing to do)."""
    session, tenant_id = job.session, job.tenant_id
    if tenant_id is None:
        return
    asset_id = uuid.UUID(str(job.args["asset_id"]))
    asset = await session.scalar(
        select(AssetRow).where(AssetRow.tenant_id == tenant_id, AssetRow.id == asset_id)
    )
    if asset is None or asset.width is None or asset.content_type not in _FORMATS:
        return
    settings = await load_settings(session, tenant_id)
    widths = sorted({width for width in settings.rendition_widths if width < asset.width})
    storage = storage_for(job.context.runtime.settings)
    with storage.open(asset.storage_key) as source:
        rendered = await asyncio.to_thread(render, source, asset.content_type, widths)
    stored_name = asset.storage_key.rsplit("/", 1)[-1]
    await session.execute(
        delete(RenditionRow).where(
            RenditionRow.tenant_id == tenant_id, RenditionRow.asset_id == asset_id
        )
    )
    for copy in rendered:
        key = asset_key(tenant_id, asset_id, stored_name, copy.width)
        await storage.put(key, io.BytesIO(copy.data))
        session.add(
            RenditionRow(
                tenant_id=tenant_id,
                asset_id=asset_id,
                width=copy.width,
                height=copy.height,
                content_type=asset.content_type,
                byte_size=len(copy.data),
                storage_key=key,
                created_at=job.now,
            )
        )
    asset.updated_at = job.now


RENDER_RENDITIONS = DelayedJob(name="content.render_renditions", run=render_renditions)
