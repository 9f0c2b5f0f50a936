"""Reading one upload from a multipart request without reading more than the limit allows.

The body is counted as it streams in; past the tenant's ``media_max_bytes`` (plus room for
the multipart framing and the ``alt`` field) reading stops with :class:`FileTooLarge`, so an
oversized upload costs at most the limit in memory or temporary disk.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator
from dataclasses import dataclass

from starlette.datastructures import UploadFile
from starlette.formparsers import MultiPartException, MultiPartParser
from starlette.requests import Request

from app.errors import ValidationFailed
from modules.content.media.errors import FileTooLarge

__all__ = ["FRAMING_BYTES", "Upload", "read_upload"]

# Room for the multipart boundaries, part headers and the alt text beside the file itself.
FRAMING_BYTES = 16 * 1024


@dataclass(slots=True)
class Upload:
    """The uploaded file (spooled: in memory, then on disk) and its alt text."""

    file: UploadFile
    alt: str | None


async def read_upload(request: Request, max_bytes: int) -> Upload:
    """Parse ``request``'s multipart body: one file in ``file``, optionally ``alt``.

    Raises:
        FileTooLarge: the body or the file is bigger than ``max_bytes`` allows.
        ValidationFailed: not multipart, malformed, or without the ``file`` field.
    """
    if not request.headers.get("content-type", "").startswith("multipart/form-data"):
        raise ValidationFailed(
            "send the file as multipart/form-data in the field `file`", field="file"
        )
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes + FRAMING_BYTES:
        raise FileTooLarge(max_bytes)
    parser = MultiPartParser(
        request.headers,
        _counted(request, max_bytes + FRAMING_BYTES, max_bytes),
        max_files=1,
        max_fields=1,
        max_part_size=FRAMING_BYTES // 2,
    )
    try:
        form = await parser.parse()
    except MultiPartException as error:
        raise ValidationFailed(f"malformed upload: {error.message}", field="file") from None
    upload, alt = form.get("file"), form.get("alt")
    if not isinstance(upload, UploadFile):
        await form.close()
        raise ValidationFailed("send the file in the multipart field `file`", field="file")
    if upload.size is not None and upload.size > max_bytes:
        await form.close()
        raise FileTooLarge(max_bytes)
    return Upload(file=upload, alt=alt if isinstance(alt, str) else None)


async def _counted(request: Request, ceiling: int, max_bytes: int) -> AsyncGenerator[bytes, None]:
    total = 0
    async for chunk in request.stream():
        total += len(chunk)
        if total > ceiling:
            raise FileTooLarge(max_bytes)
        yield chunk
