"""Cursors of sorted lists: a keyset position ``(sort value, id)``, or an offset.

A keyset cursor holds the last row's sort value and id, so a page is one index range whatever
its position; a page sorted by relevance (search) has no index to range over, so its cursor
is an offset (docs/search.md). The read-model lists of every module page this way.
"""

from __future__ import annotations

import base64
import binascii
import uuid
from dataclasses import dataclass
from datetime import datetime

import orjson

from app.errors import BadRequest

__all__ = ["MAX_OFFSET", "Cursor", "decode", "encode_key", "encode_offset"]

MAX_OFFSET = 100_000


@dataclass(frozen=True, slots=True)
class Cursor:
    """A decoded cursor: a keyset position or an offset."""

    value: str | int | None = None
    key: uuid.UUID | None = None
    offset: int | None = None

    def as_datetime(self, argument: str) -> datetime | None:
        """Return the sort value as a datetime (keyset over a time column)."""
        if self.value is None:
            return None
        try:
            return datetime.fromisoformat(str(self.value))
        except ValueError:
            raise BadRequest(f"`{argument}` is not a cursor of this list") from None


def encode_key(value: str | int | datetime | None, key: uuid.UUID) -> str:
    """Return the cursor after the row sorted at ``value`` with id ``key``."""
    shown = value.isoformat() if isinstance(value, datetime) else value
    return base64.urlsafe_b64encode(orjson.dumps(["k", shown, str(key)])).decode()


def encode_offset(offset: int) -> str:
    """Return the cursor of a position in a relevance-sorted list."""
    return base64.urlsafe_b64encode(orjson.dumps(["o", offset])).decode()


def decode(cursor: str, argument: str) -> Cursor:
    """Return the cursor's content; BadRequest naming ``argument`` if it is not ours."""
    try:
        raw = orjson.loads(base64.urlsafe_b64decode(cursor.encode()))
        if raw[0] == "o" and isinstance(raw[1], int) and 0 <= raw[1] <= MAX_OFFSET:
            return Cursor(offset=raw[1])
        value = raw[1]
        is_value = value is None or (isinstance(value, str | int) and not isinstance(value, bool))
        if raw[0] == "k" and is_value:
            return Cursor(value=value, key=uuid.UUID(raw[2]))
    except (ValueError, TypeError, IndexError, binascii.Error, orjson.JSONDecodeError):
        pass
    raise BadRequest(f"`{argument}` is not a cursor of this list")
