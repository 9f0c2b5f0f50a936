"""The media part's health: PASS when the storage takes and returns a file, FAIL otherwise."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.db import Database
from app.registry import HealthStatus
from modules.content.media.health import check_media_storage, check_storage
from modules.content.media.storage import LocalStorage
from tests.support.databases import DatabaseTarget


async def test_a_writable_storage_passes_and_leaves_nothing(tmp_path: Path) -> None:
    result = await check_storage(LocalStorage(tmp_path / "media"))
    assert result.status is HealthStatus.PASS
    assert [path for path in (tmp_path / "media").rglob("*") if path.is_file()] == []


async def test_an_unusable_storage_fails(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_bytes(b"not a folder")
    result = await check_storage(LocalStorage(blocker))
    assert result.status is HealthStatus.FAIL
    assert result.detail.startswith("media storage unusable")


async def test_the_part_checks_the_configured_root(
    database: DatabaseTarget, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = Database(database.runtime_url, pool_size=1)
    try:
        monkeypatch.setenv("RUSTOK_MEDIA_ROOT", str(tmp_path / "configured"))
        assert (await check_media_storage(db)).status is HealthStatus.PASS
        assert (tmp_path / "configured" / "health").is_dir()
        (tmp_path / "blocked").write_bytes(b"")
        monkeypatch.setenv("RUSTOK_MEDIA_ROOT", str(tmp_path / "blocked"))
        assert (await check_media_storage(db)).status is HealthStatus.FAIL
    finally:
        await db.dispose()
