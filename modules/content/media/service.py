"""Media writes: upload, update, delete. Each saves its rows and its event in one transaction.

Files are written before the row that names them and removed after the row that named them is
gone, so a row never points at a missing file; a file whose row never committed is removed at
once, or else by the periodic sweep ``content.remove_orphan_files``.
"""

from __future__ import annotations

import asyncio
import enum
import hashlib
import io
import uuid
from dataclasses import dataclass
from typing import BinaryIO

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.errors import Conflict, NotFound, ValidationFailed
from app.events.emit import emit
from app.identity.people import reference_of
from app.ids import new_id
from app.jobs.schedule import schedule
from app.runtime import Context
from modules.content.events import (
    ASSET_DELETED,
    ASSET_UPDATED,
    ASSET_UPLOADED,
    AssetChanged,
    AssetDeleted,
    AssetUploaded,
)
from modules.content.media.errors import FileTooLarge, UnsupportedType
from modules.content.media.filenames import safe_filename
from modules.content.media.models import AssetRow, RenditionRow
from modules.content.media.renditions import RENDER_RENDITIONS
from modules.content.media.sniff import Sniffed, sniff
from modules.content.media.storage import CHUNK_BYTES, asset_key, asset_prefix, storage_for
from modules.content.media.uses import list_uses
from modules.content.settings import ContentSettings, load_settings

__all__ = [
    "MAX_ALT_TEXT_LENGTH",
    "UNCHANGED",
    "Unchanged",
    "delete_asset",
    "update_asset",
    "upload_asset",
]

MAX_ALT_TEXT_LENGTH = 500


class Unchanged(enum.Enum):
    """The marker of an update field that was not given."""

    UNCHANGED = "unchanged"


UNCHANGED = Unchanged.UNCHANGED


async def upload_asset(
    ctx: Context,
    filename: str,
    data: bytes | BinaryIO,
    *,
    alt_text: str | None = None,
    alt_field: str = "alt",
) -> AssetRow:
    """Store a file as a new asset and emit ``content.asset.uploaded``.

    The type is sniffed from the bytes; an image gets its size and a renditions job.

    Raises:
        FileTooLarge: bigger than the tenant's ``media_max_bytes``.
        UnsupportedType: not a type the tenant allows (whatever the name says).
        ValidationFailed: alt text too long (on ``alt_field``).
    """
    tenant = ctx.require_tenant()
    async with ctx.runtime.db.transaction(tenant.id, readonly=True) as session:
        settings = await load_settings(session, tenant.id)
    stream = io.BytesIO(data) if isinstance(data, bytes) else data
    found = await _inspect(stream, settings)
    alt = _clean_alt(alt_text, alt_field)
    asset_id = new_id()
    key = asset_key(tenant.id, asset_id, safe_filename(filename, found.sniffed.content_type))
    storage = storage_for(ctx.runtime.settings)
    try:
        await storage.put(key, stream)
        async with ctx.runtime.db.transaction(tenant.id) as session:
            row = _asset_row(ctx, asset_id, key, found, alt)
            session.add(row)
            await session.flush()
            await _announce(ctx, session, row, settings)
    except BaseException:
        await storage.delete(asset_prefix(tenant.id, asset_id))
        raise
    return row


@dataclass(frozen=True, slots=True)
class _Inspected:
    sniffed: Sniffed
    sha256: str
    size: int


async def _inspect(stream: BinaryIO, settings: ContentSettings) -> _Inspected:
    size = stream.seek(0, io.SEEK_END)
    stream.seek(0)
    if size > settings.media_max_bytes:
        raise FileTooLarge(settings.media_max_bytes)
    if size == 0:
        raise UnsupportedType("the file is empty")
    sniffed = await asyncio.to_thread(sniff, stream)
    if sniffed.content_type not in settings.media_allowed_types:
        raise UnsupportedType(
            f"the file is {sniffed.content_type} (read from its content), which this site "
            f"does not accept; allowed: {', '.join(settings.media_allowed_types)}"
        )
    return _Inspected(sniffed, await asyncio.to_thread(_sha256, stream), size)


def _sha256(stream: BinaryIO) -> str:
    digest = hashlib.sha256()
    while chunk := stream.read(CHUNK_BYTES):
        digest.update(chunk)
    stream.seek(0)
    return digest.hexdigest()


def _clean_alt(alt_text: str | None, field: str) -> str | None:
    alt = (alt_text or "").strip()
    if len(alt) > MAX_ALT_TEXT_LENGTH:
        raise ValidationFailed(
            f"alt text is limited to {MAX_ALT_TEXT_LENGTH} characters", field=field
        )
    return alt or None


def _asset_row(
    ctx: Context, asset_id: uuid.UUID, key: str, found: _Inspected, alt: str | None
) -> AssetRow:
    uploader = reference_of(ctx.principal)
    now = ctx.runtime.clock.now()
    return AssetRow(
        tenant_id=ctx.require_tenant().id,
        id=asset_id,
        filename=key.rsplit("/", 1)[-1],
        content_type=found.sniffed.content_type,
        byte_size=found.size,
        sha256=found.sha256,
        width=found.sniffed.width,
        height=found.sniffed.height,
        alt_text=alt,
        storage_key=key,
        uploaded_by_kind=uploader.kind.value,
        uploaded_by_id=uploader.id,
        created_at=now,
        updated_at=now,
    )


async def _announce(
    ctx: Context, session: AsyncSession, row: AssetRow, settings: ContentSettings
) -> None:
    payload = AssetUploaded(
        asset_id=str(row.id), content_type=row.content_type, byte_size=row.byte_size
    )
    await emit(ctx, session, ASSET_UPLOADED, payload, aggregate_id=row.id)
    if row.width is not None and any(width < row.width for width in settings.rendition_widths):
        now = ctx.runtime.clock.now()
        await schedule(
            session,
            RENDER_RENDITIONS,
            run_at=now,
            now=now,
            tenant_id=row.tenant_id,
            args={"asset_id": str(row.id)},
            key=f"content.asset:{row.id}",
        )


async def update_asset(
    ctx: Context,
    asset_id: uuid.UUID,
    *,
    alt_text: str | Unchanged | None = UNCHANGED,
    filename: str | Unchanged = UNCHANGED,
) -> AssetRow:
    """Change an asset's alt text or file name; emit ``content.asset.updated`` if either changed.

    A new file name is sanitized and keeps the extension of the asset's real type; the stored
    file stays where it is (its URL changes with the name).
    """
    tenant = ctx.require_tenant()
    async with ctx.runtime.db.transaction(tenant.id) as session:
        row = await _locked(session, tenant.id, asset_id)
        changed: list[str] = []
        if not isinstance(alt_text, Unchanged):
            alt = _clean_alt(alt_text, "altText")
            if alt != row.alt_text:
                row.alt_text = alt
                changed.append("altText")
        if not isinstance(filename, Unchanged):
            name = safe_filename(filename, row.content_type)
            if name != row.filename:
                row.filename = name
                changed.append("filename")
        if changed:
            row.updated_at = ctx.runtime.clock.now()
            payload = AssetChanged(asset_id=str(row.id), changed=changed)
            await emit(ctx, session, ASSET_UPDATED, payload, aggregate_id=row.id)
    return row


async def delete_asset(ctx: Context, asset_id: uuid.UUID) -> None:
    """Delete an unused asset with its renditions, emit ``content.asset.deleted``, drop its files.

    Raises:
        NotFound: no such asset in the tenant (field ``id``).
        Conflict: the asset is still used (field ``id``; the message lists the uses).
    """
    tenant = ctx.require_tenant()
    async with ctx.runtime.db.transaction(tenant.id) as session:
        row = await _locked(session, tenant.id, asset_id)
        uses = await list_uses(session, tenant.id, asset_id)
        if uses:
            listed = ", ".join(f"{use.owner_type} {use.owner_id} ({use.field})" for use in uses)
            raise Conflict(f"the asset is still used by: {listed}", field="id")
        await session.execute(
            delete(RenditionRow).where(
                RenditionRow.tenant_id == tenant.id, RenditionRow.asset_id == asset_id
            )
        )
        await session.delete(row)
        await emit(
            ctx, session, ASSET_DELETED, AssetDeleted(asset_id=str(asset_id)), aggregate_id=asset_id
        )
    await storage_for(ctx.runtime.settings).delete(asset_prefix(tenant.id, asset_id))


async def _locked(session: AsyncSession, tenant_id: uuid.UUID, asset_id: uuid.UUID) -> AssetRow:
    row = await session.scalar(
        select(AssetRow)
        .where(AssetRow.tenant_id == tenant_id, AssetRow.id == asset_id)
        .with_for_update()
    )
    if row is None:
        raise NotFound(f"no asset {asset_id} in this site", field="id")
    return row
