"""The media library's health: the storage answers writes and reads.

A health check receives only the database (app/health.py), so the storage root is read from
the environment the way the core's settings read it (``RUSTOK_MEDIA_ROOT``, ``.env``), without
validating the rest of the configuration.
"""

from __future__ import annotations

import asyncio
import io
import secrets
from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict

from app.config import Settings
from app.db import Database
from app.registry import HealthResult, HealthStatus
from modules.content.media.storage import LocalStorage, Storage

__all__ = ["check_media_storage", "check_storage"]

_PROBE_FOLDER = "health"


class _MediaRoot(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="RUSTOK_", env_file=".env", extra="ignore")

    media_root: Path = Settings.model_fields["media_root"].default


async def check_storage(storage: Storage) -> HealthResult:
    """Write, read back and delete a probe file: PASS when all three work, FAIL otherwise."""
    key = f"{_PROBE_FOLDER}/probe-{secrets.token_hex(8)}"
    payload = secrets.token_bytes(16)
    try:
        await storage.put(key, io.BytesIO(payload))
        with storage.open(key) as stored:
            read = await asyncio.to_thread(stored.read)
        await storage.delete(key)
    except OSError as error:
        return HealthResult(HealthStatus.FAIL, f"media storage unusable: {error}"[:300])
    if read != payload:
        return HealthResult(HealthStatus.FAIL, "media storage returned other bytes than written")
    return HealthResult(HealthStatus.PASS, "media storage writable and readable")


async def check_media_storage(_db: Database) -> HealthResult:
    """Check the configured media storage."""
    return await check_storage(LocalStorage(_MediaRoot().media_root))
