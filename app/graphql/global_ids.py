"""Relay global IDs read from arguments and inputs: the local UUID, or VALIDATION."""

from __future__ import annotations

import uuid

from app.errors import ValidationFailed
from app.ids import decode_global_id

__all__ = ["local_id"]


def local_id(global_id: str, type_name: str, field: str) -> uuid.UUID:
    """Return the UUID inside a ``type_name`` global ID; VALIDATION at ``field`` otherwise."""
    try:
        kind, local = decode_global_id(global_id)
        if kind != type_name:
            raise ValueError(f"{global_id!r} is a {kind} ID, not a {type_name} ID")
        return uuid.UUID(local)
    except ValueError as error:
        raise ValidationFailed(str(error), field=field) from None
