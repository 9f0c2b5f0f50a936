"""What a file really is, read from its bytes: never from its name or the client's header.

Images are recognised by Pillow (opened and verified; JPEG, PNG, WebP and GIF only), PDF by
its ``%PDF-`` header; anything else (SVG, HTML, scripts, archives) is refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import BinaryIO

from PIL import Image, UnidentifiedImageError

from modules.content.media.errors import UnsupportedType

__all__ = ["MAX_PIXELS", "Sniffed", "sniff"]

# Decompression-bomb guard: a tiny file can claim a huge canvas; refuse before decoding it.
MAX_PIXELS = 40_000_000
_IMAGE_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp", "GIF": "image/gif"}
_PDF_MAGIC = b"%PDF-"
_ORIENTATION = 0x0112  # the EXIF tag; values 5-8 turn the picture a quarter
_QUARTER_TURNS = frozenset({5, 6, 7, 8})


@dataclass(frozen=True, slots=True)
class Sniffed:
    """The type found in the bytes, and an image's size."""

    content_type: str
    width: int | None = None
    height: int | None = None


def sniff(data: BinaryIO) -> Sniffed:
    """Return the real type of ``data`` (rewound after); UnsupportedType if it has none we take.

    Blocking (Pillow parses the file): call it through ``asyncio.to_thread``.
    """
    try:
        data.seek(0)
        if data.read(len(_PDF_MAGIC)) == _PDF_MAGIC:
            return Sniffed("application/pdf")
        data.seek(0)
        return _sniff_image(data)
    finally:
        data.seek(0)


def _sniff_image(data: BinaryIO) -> Sniffed:
    try:
        with Image.open(data, formats=tuple(_IMAGE_TYPES)) as image:
            width, height = image.size
            if width * height > MAX_PIXELS:
                raise UnsupportedType(
                    f"the image is {width}x{height} pixels; at most {MAX_PIXELS} are accepted"
                )
            found = str(image.format)
            image.verify()  # must come straight after open; it leaves the image unusable
        data.seek(0)
        with Image.open(data, formats=(found,)) as image:
            if image.getexif().get(_ORIENTATION) in _QUARTER_TURNS:
                width, height = height, width  # shown turned: report what viewers see
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError, ValueError):
        raise UnsupportedType(
            "the file is not a JPEG, PNG, WebP, GIF or PDF (its type is read from its content)"
        ) from None
    return Sniffed(_IMAGE_TYPES[found], width, height)
