"""Pages of a post list: keyset cursors over ``(sort value, id)``, offsets when searching.

A keyset cursor holds the last row's sort value and id, so a page is one index range
whatever its position; a search page is ordered by relevance, which no index holds, so its
cursor is an offset (as docs/search.md describes).
"""

from __future__ import annotations

import base64
import binascii
import uuid
from dataclasses import dataclass
from datetime import datetime

import orjson

from app.errors import BadRequest

__all__ = ["Cursor", "decode", "encode_key", "encode_offset"]


@dataclass(frozen=True, slots=True)
class Cursor:
    """A decoded cursor: a keyset position or an offset."""

    value: str | None = None
    key: uuid.UUID | None = None
    offset: int | None = None

    def as_datetime(self, argument: str) -> datetime | None:
        """Return the sort value as a datetime (keyset over a time column)."""
        if self.value is None:
            return None
        try:
            return datetime.fromisoformat(self.value)
        except ValueError:
            raise BadRequest(f"`{argument}` is not a cursor of this list") from None


def encode_key(value: str | datetime | None, key: uuid.UUID) -> str:
    """Return the cursor after the row sorted at ``value`` with id ``key``."""
    shown = value.isoformat() if isinstance(value, datetime) else value
    return base64.urlsafe_b64encode(orjson.dumps(["k", shown, str(key)])).decode()


def encode_offset(offset: int) -> str:
    """Return the cursor of a position in a search result."""
    return base64.urlsafe_b64encode(orjson.dumps(["o", offset])).decode()


def decode(cursor: str, argument: str) -> Cursor:
    """Return the cursor's content; BadRequest naming ``argument`` if it is not ours."""
    try:
        raw = orjson.loads(base64.urlsafe_b64decode(cursor.encode()))
        if raw[0] == "o" and isinstance(raw[1], int) and 0 <= raw[1] <= 100_000:
            return Cursor(offset=raw[1])
        if raw[0] == "k" and (raw[1] is None or isinstance(raw[1], str)):
            return Cursor(value=raw[1], key=uuid.UUID(raw[2]))
    except (ValueError, TypeError, IndexError, binascii.Error, orjson.JSONDecodeError):
        pass
    raise BadRequest(f"`{argument}` is not a cursor of this list")
