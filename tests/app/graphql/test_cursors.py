"""Sorted-list cursors: what goes in comes out; anything else is BAD_REQUEST on the argument."""

from __future__ import annotations

import base64
import uuid
from datetime import UTC, datetime

import orjson
import pytest

from app.errors import BadRequest
from app.graphql.cursors import MAX_OFFSET, Cursor, decode, encode_key, encode_offset

# Parameter ids must be the same in every collecting process (pytest-xdist compares them).
FIXED_KEY = uuid.UUID("5f0c2b3e-8d1a-4c7e-9b2f-0a6d4e8c1f37")


def _raw(*parts: object) -> str:
    return base64.urlsafe_b64encode(orjson.dumps(list(parts))).decode()


def test_keyset_and_offset_cursors_round_trip() -> None:
    key = uuid.uuid4()
    moment = datetime(2026, 11, 27, 9, 30, tzinfo=UTC)
    assert decode(encode_key("Anvils", key), "after") == Cursor(value="Anvils", key=key)
    assert decode(encode_key(1999, key), "after") == Cursor(value=1999, key=key)
    assert decode(encode_key(None, key), "after") == Cursor(value=None, key=key)
    from_time = decode(encode_key(moment, key), "after")
    assert from_time.as_datetime("after") == moment
    assert decode(encode_offset(40), "after") == Cursor(offset=40)


@pytest.mark.parametrize(
    "cursor",
    [
        "not a cursor",
        _raw("k", True, str(FIXED_KEY)),
        _raw("k", 1.5, str(FIXED_KEY)),
        _raw("k", "x", "not-a-uuid"),
        _raw("o", -1),
        _raw("o", MAX_OFFSET + 1),
        _raw("t", "x", str(FIXED_KEY)),
        _raw("k"),
    ],
)
def test_a_foreign_cursor_is_refused_naming_the_argument(cursor: str) -> None:
    with pytest.raises(BadRequest, match="`before` is not a cursor of this list"):
        decode(cursor, "before")


def test_a_keyset_value_that_is_no_time_is_refused_as_a_time() -> None:
    cursor = decode(encode_key("soon", uuid.uuid4()), "after")
    with pytest.raises(BadRequest, match="`after`"):
        cursor.as_datetime("after")
