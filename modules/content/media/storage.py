"""Where asset files live: a :class:`Storage` of opaque keys, and the local filesystem one.

Keys are ``<tenant_id>/<asset_id>/<filename>`` (renditions ``<tenant_id>/<asset_id>/w<width>/
<filename>``), built by :func:`asset_key` from a sanitized filename, never a client's path.
"""

from __future__ import annotations

import asyncio
import re
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO, Protocol

from app.config import Settings

__all__ = ["CHUNK_BYTES", "LocalStorage", "Storage", "asset_key", "asset_prefix", "storage_for"]

CHUNK_BYTES = 64 * 1024
_KEY_PART = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$")


def asset_prefix(tenant_id: uuid.UUID, asset_id: uuid.UUID) -> str:
    """Return the key prefix under which every file of one asset lives."""
    return f"{tenant_id}/{asset_id}"


def asset_key(
    tenant_id: uuid.UUID, asset_id: uuid.UUID, filename: str, width: int | None = None
) -> str:
    """Return the key of an asset's file (or of its rendition ``width`` wide)."""
    middle = f"/w{width}" if width is not None else ""
    return f"{asset_prefix(tenant_id, asset_id)}{middle}/{filename}"


class Storage(Protocol):
    """Files by key; callers never see paths."""

    async def put(self, key: str, data: BinaryIO) -> None:
        """Store ``data`` (read to its end) under ``key``, replacing what was there."""
        ...

    def open(self, key: str) -> BinaryIO:
        """Open the file of ``key`` for reading; FileNotFoundError if there is none."""
        ...

    async def delete(self, key: str) -> None:
        """Remove the file of ``key`` (or every file under the prefix ``key``), if any."""
        ...

    async def exists(self, key: str) -> bool:
        """Return whether a file is stored under ``key``."""
        ...


class LocalStorage:
    """Files under one root folder, one file per key."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def path_of(self, key: str) -> Path:
        """Return the path of ``key``; ValueError for a key that could leave the root."""
        parts = key.split("/")
        if not parts or any(not _KEY_PART.match(part) for part in parts):
            raise ValueError(f"not a storage key: {key[:80]!r}")
        return self.root.joinpath(*parts)

    async def put(self, key: str, data: BinaryIO) -> None:
        """Write ``data`` to a temporary file beside the target, then rename it into place."""
        await asyncio.to_thread(self._put, self.path_of(key), data)

    @staticmethod
    def _put(path: Path, data: BinaryIO) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f".{path.name}.partial")
        try:
            with partial.open("wb") as target:
                shutil.copyfileobj(data, target, CHUNK_BYTES)
            partial.replace(path)
        finally:
            partial.unlink(missing_ok=True)

    def open(self, key: str) -> BinaryIO:
        """Open the file of ``key`` for reading."""
        return self.path_of(key).open("rb")

    async def delete(self, key: str) -> None:
        """Remove the file or folder of ``key``."""
        await asyncio.to_thread(self._delete, self.path_of(key))

    @staticmethod
    def _delete(path: Path) -> None:
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)

    async def exists(self, key: str) -> bool:
        """Return whether ``key`` names a stored file."""
        return await asyncio.to_thread(self.path_of(key).is_file)

    def walk_assets(self) -> Iterator[tuple[str, str, float]]:
        """Yield ``(tenant folder, asset folder, modified time)`` of every asset folder."""
        if not self.root.is_dir():
            return
        for tenant in self.root.iterdir():
            if tenant.is_dir():
                for asset in tenant.iterdir():
                    yield tenant.name, asset.name, asset.stat().st_mtime


def storage_for(settings: Settings) -> LocalStorage:
    """Return the process's media storage: the local folder ``RUSTOK_MEDIA_ROOT``."""
    return LocalStorage(settings.media_root)
