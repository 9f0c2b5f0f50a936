"""The media library's refusals, each a ``VALIDATION`` error on the field ``file``.

ValidationFailed (app.errors)
  ├── FileTooLarge       bigger than the tenant's media_max_bytes (HTTP 413)
  └── UnsupportedType    bytes of no allowed type, whatever the name says (HTTP 415)
"""

from __future__ import annotations

from app.errors import ValidationFailed

__all__ = ["FileTooLarge", "UnsupportedType"]


class FileTooLarge(ValidationFailed):
    """The upload is bigger than the tenant allows."""

    def __init__(self, limit: int) -> None:
        super().__init__(
            f"the file is larger than this site's limit of {limit} bytes", field="file"
        )


class UnsupportedType(ValidationFailed):
    """The bytes are of a type the tenant does not accept (or of no type we recognise)."""

    def __init__(self, message: str) -> None:
        super().__init__(message, field="file")
