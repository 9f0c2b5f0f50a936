"""LocalStorage: keys, not paths; nothing escapes the root. Safe file names."""

from __future__ import annotations

import io
import uuid
from pathlib import Path

import pytest

from modules.content.media.filenames import MAX_FILENAME_LENGTH, safe_filename
from modules.content.media.storage import LocalStorage, asset_key


async def test_a_file_is_put_read_checked_and_deleted_by_key(tmp_path: Path) -> None:
    storage = LocalStorage(tmp_path / "media")
    key = asset_key(uuid.uuid4(), uuid.uuid4(), "a.png")
    assert not await storage.exists(key)
    await storage.put(key, io.BytesIO(b"bytes"))
    assert await storage.exists(key)
    with storage.open(key) as stored:
        assert stored.read() == b"bytes"
    await storage.put(key, io.BytesIO(b"new"))
    with storage.open(key) as stored:
        assert stored.read() == b"new"
    await storage.delete(key)
    assert not await storage.exists(key)
    await storage.delete(key)  # deleting twice is fine


async def test_deleting_a_prefix_removes_every_file_under_it(tmp_path: Path) -> None:
    storage = LocalStorage(tmp_path)
    tenant, asset = uuid.uuid4(), uuid.uuid4()
    for width in (None, 160):
        await storage.put(asset_key(tenant, asset, "a.png", width), io.BytesIO(b"x"))
    await storage.delete(f"{tenant}/{asset}")
    assert not (tmp_path / str(tenant) / str(asset)).exists()


@pytest.mark.parametrize(
    "key", ["../outside", "a/../../b", "/etc/passwd", "a//b", ".hidden/x", "", "a/b\\c", "a/ b"]
)
def test_a_key_that_could_leave_the_root_is_refused(tmp_path: Path, key: str) -> None:
    with pytest.raises(ValueError, match="not a storage key"):
        LocalStorage(tmp_path).path_of(key)


@pytest.mark.parametrize(
    ("name", "content_type", "expected"),
    [
        ("photo.PNG", "image/png", "photo.png"),
        ("../../etc/passwd", "application/pdf", "passwd.pdf"),
        ("C:\\Users\\me\\Résumé final.pdf", "application/pdf", "Resume-final.pdf"),
        ("report.png", "application/pdf", "report.pdf"),
        ("archive.tar.gz", "image/gif", "archive.tar.gif"),
        (".htaccess", "image/png", "htaccess.png"),
        ("日本語.jpg", "image/jpeg", "file.jpg"),
        ("", "image/webp", "file.webp"),
        ('a"b<c>.png', "image/png", "a-b-c.png"),
    ],
)
def test_a_file_name_becomes_a_safe_basename_with_the_real_extension(
    name: str, content_type: str, expected: str
) -> None:
    assert safe_filename(name, content_type) == expected


def test_a_long_file_name_is_cut() -> None:
    name = safe_filename("x" * 500 + ".png", "image/png")
    assert len(name) == MAX_FILENAME_LENGTH
    assert name.endswith("x.png")
