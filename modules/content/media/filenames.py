"""Safe file names: what a client calls its file becomes one harmless ASCII path segment."""

from __future__ import annotations

import re
import unicodedata

__all__ = ["EXTENSIONS", "MAX_FILENAME_LENGTH", "safe_filename"]

MAX_FILENAME_LENGTH = 120
EXTENSIONS = {
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "image/webp": ".webp",
    "image/gif": ".gif",
    "application/pdf": ".pdf",
}
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def safe_filename(name: str, content_type: str) -> str:
    """Return ``name`` as a safe basename whose extension matches the sniffed ``content_type``.

    The base name is ASCII-folded, stripped of folders and of anything but letters, digits,
    ``.``, ``_`` and ``-``, and cut to :data:`MAX_FILENAME_LENGTH` characters; the client's
    extension is replaced by the one of the real type (``x.png`` holding a PDF becomes
    ``x.pdf``), so the name never lies about the bytes.
    """
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    stem = base.rsplit(".", 1)[0] if "." in base.lstrip(".") else base
    folded = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode()
    stem = _UNSAFE.sub("-", folded).strip("._-")
    extension = EXTENSIONS.get(content_type, "")
    stem = stem[: MAX_FILENAME_LENGTH - len(extension)].rstrip("._-") or "file"
    return f"{stem}{extension}"
