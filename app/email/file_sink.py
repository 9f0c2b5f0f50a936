"""The development sink: each message becomes an ``.eml`` file in a folder (``var/mail``)."""

from __future__ import annotations

import asyncio
from email.message import EmailMessage
from email.policy import SMTP
from pathlib import Path

from app.ids import new_id

__all__ = ["FileSink"]


class FileSink:
    """Writes messages as ``<uuid7>.eml`` files, so their names sort by sending time."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    async def send(self, message: EmailMessage) -> None:
        """Write ``message`` atomically: a reader never sees half a file."""
        await asyncio.to_thread(self._write, message.as_bytes(policy=SMTP))

    def _write(self, raw: bytes) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        name = f"{new_id()}.eml"
        partial = self.folder / f".{name}.partial"
        partial.write_bytes(raw)
        partial.replace(self.folder / name)

    def messages(self) -> list[Path]:
        """Return the files written so far, oldest first."""
        if not self.folder.is_dir():
            return []
        return sorted(self.folder.glob("*.eml"))
