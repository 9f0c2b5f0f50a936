"""The type comes from the bytes: images through Pillow, PDF by its header, nothing else."""

from __future__ import annotations

import io

import pytest

from modules.content.media import sniff as sniffing
from modules.content.media.errors import UnsupportedType
from modules.content.media.sniff import Sniffed, sniff
from tests.modules.content.media.media_app import image_bytes, pdf_bytes


@pytest.mark.parametrize(
    ("image_format", "content_type"),
    [("PNG", "image/png"), ("JPEG", "image/jpeg"), ("GIF", "image/gif"), ("WEBP", "image/webp")],
)
def test_an_image_is_recognised_with_its_size(image_format: str, content_type: str) -> None:
    stream = io.BytesIO(image_bytes(image_format, (40, 30)))
    assert sniff(stream) == Sniffed(content_type, 40, 30)
    assert stream.tell() == 0


def test_a_pdf_is_recognised_by_its_header() -> None:
    assert sniff(io.BytesIO(pdf_bytes())) == Sniffed("application/pdf")


@pytest.mark.parametrize(
    "data",
    [
        b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>',
        b"<html><body>hi</body></html>",
        b"GIF89a truncated",
        b"PK\x03\x04 a zip",
        b" %PDF-1.4 not at the start",
        image_bytes("TIFF"),
    ],
)
def test_anything_else_is_refused(data: bytes) -> None:
    with pytest.raises(UnsupportedType) as refused:
        sniff(io.BytesIO(data))
    assert (refused.value.code.value, refused.value.field) == ("VALIDATION", "file")


def test_an_image_claiming_too_many_pixels_is_refused_before_decoding(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(sniffing, "MAX_PIXELS", 40 * 30 - 1)
    with pytest.raises(UnsupportedType, match="40x30 pixels"):
        sniff(io.BytesIO(image_bytes("PNG", (40, 30))))
