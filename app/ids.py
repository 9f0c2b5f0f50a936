"""Identifiers: UUIDv7 inside (time-ordered primary keys), Relay global IDs outside."""

from __future__ import annotations

import base64
import binascii
import uuid

from uuid_utils.compat import uuid7

__all__ = ["decode_global_id", "encode_global_id", "new_id"]


def new_id() -> uuid.UUID:
    """Return a new UUIDv7: unique, and ordered by creation time."""
    value: uuid.UUID = uuid7()
    return value


def encode_global_id(type_name: str, value: uuid.UUID | str) -> str:
    """Return the opaque Relay global ID of ``type_name`` row ``value``."""
    return base64.b64encode(f"{type_name}:{value}".encode()).decode()


def decode_global_id(global_id: str) -> tuple[str, str]:
    """Split a Relay global ID into (type name, local id); ValueError if malformed."""
    try:
        raw = base64.b64decode(global_id, validate=True).decode()
    except (binascii.Error, UnicodeDecodeError):
        raise ValueError(f"{global_id!r} is not a valid global ID") from None
    type_name, sep, local = raw.partition(":")
    if not sep or not type_name or not local:
        raise ValueError(f"{global_id!r} is not a valid global ID")
    return type_name, local
