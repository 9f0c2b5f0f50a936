"""Cursors of the catalog list: a keyset position ``(sort value, product id)``, or an offset.

A keyset cursor makes a page one index range whatever its position; a relevance-sorted page
(search) has no index to range over, so its cursor is an offset.
"""

from __future__ import annotations

import base64
import binascii
import uuid
from dataclasses import dataclass

import orjson

from app.errors import BadRequest

__all__ = ["Cursor", "decode", "encode_key", "encode_offset"]

MAX_OFFSET = 100_000


@dataclass(frozen=True, slots=True)
class Cursor:
    """A decoded cursor: a keyset position or an offset."""

    value: str | int | None = None
    key: uuid.UUID | None = None
    offset: int | None = None


def encode_key(value: str | int, key: uuid.UUID) -> str:
    """Return the cursor after the product sorted at ``value`` with id ``key``."""
    return base64.urlsafe_b64encode(orjson.dumps(["k", value, str(key)])).decode()


def encode_offset(offset: int) -> str:
    """Return the cursor of a position in a relevance-sorted list."""
    return base64.urlsafe_b64encode(orjson.dumps(["o", offset])).decode()


def decode(cursor: str, argument: str) -> Cursor:
    """Return the cursor's content; BadRequest naming ``argument`` if it is not ours."""
    try:
        raw = orjson.loads(base64.urlsafe_b64decode(cursor.encode()))
        if raw[0] == "o" and isinstance(raw[1], int) and 0 <= raw[1] <= MAX_OFFSET:
            return Cursor(offset=raw[1])
        if raw[0] == "k" and isinstance(raw[1], str | int) and not isinstance(raw[1], bool):
            return Cursor(value=raw[1], key=uuid.UUID(raw[2]))
    except (ValueError, TypeError, IndexError, binascii.Error, orjson.JSONDecodeError):
        pass
    raise BadRequest(f"`{argument}` is not a cursor of this list")
