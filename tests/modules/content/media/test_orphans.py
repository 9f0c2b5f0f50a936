"""content.remove_orphan_files: folders no asset names, older than an hour, are swept."""

from __future__ import annotations

import io
import os
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from app.jobs.declarations import JobContext
from modules.content.media import service
from modules.content.media.orphans import GRACE, REMOVE_ORPHAN_FILES, remove_orphan_files
from modules.content.media.storage import LocalStorage, asset_key
from tests.modules.content.media.media_app import (
    Stored,
    image_bytes,
    local_uuid,
    media_app,
    stored_files,
)
from tests.support.databases import DatabaseTarget
from tests.support.events import tenant_context


def _age(root: Path, folder: str, delta: timedelta) -> None:
    """Make ``folder`` look ``delta`` old by the real clock the filesystem uses."""
    path = root / folder
    stamp = path.stat().st_mtime - delta.total_seconds()
    os.utime(path, (stamp, stamp))


async def test_old_orphans_are_removed_and_young_or_named_folders_kept(
    database: DatabaseTarget, tmp_path: Path
) -> None:
    async with media_app(database, tmp_path) as app:
        kept = local_uuid((await app.upload(image_bytes(), "kept.png")).json()["id"])
        storage = LocalStorage(tmp_path)
        old, young, stranger = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
        for tenant_id, orphan in ((app.tenant.id, old), (app.tenant.id, young), (stranger, old)):
            await storage.put(asset_key(tenant_id, orphan, "x.png"), io.BytesIO(b"x"))
        for folder in (f"{app.tenant.id}/{old}", f"{app.tenant.id}/{kept}", f"{stranger}/{old}"):
            _age(tmp_path, folder, GRACE + timedelta(minutes=5))
        (tmp_path / "not-a-tenant").mkdir()
        runtime = app.api.state.runtime
        async with runtime.db.transaction() as session:
            # File times are real: run the job at the real time, not the app's frozen clock.
            context = await tenant_context(runtime, app.tenant)
            await remove_orphan_files(JobContext(session, context, None, datetime.now(UTC)))
        expected = [
            f"{app.tenant.id}/{kept}/kept.png",
            f"{app.tenant.id}/{young}/x.png",
            f"{stranger}/{old}/x.png",  # a tenant this database does not know: not ours
        ]
        assert stored_files(tmp_path) == sorted(expected)


def test_the_sweep_runs_daily() -> None:
    assert (REMOVE_ORPHAN_FILES.name, REMOVE_ORPHAN_FILES.every) == (
        "content.remove_orphan_files",
        timedelta(days=1),
    )


async def test_a_failed_upload_transaction_removes_its_file(
    database: DatabaseTarget, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with media_app(database, tmp_path) as app:

        async def broken(*_args: object, **_kwargs: object) -> None:
            raise RuntimeError("the database went away")

        monkeypatch.setattr(service, "emit", broken)
        ctx = await tenant_context(app.api.state.runtime, app.tenant)
        with pytest.raises(RuntimeError, match="went away"):
            await service.upload_asset(ctx, "a.png", image_bytes())
        assert await app.stored() == Stored(assets=0, events=0, files=0)
        assert stored_files(tmp_path) == []
