"""Draft blocks built by the Markdown and HTML importers, before :func:`parse_body` checks them.

Both importers agree here on what the editor's JSON cannot express: an ``h1`` becomes an ``h2``
(level 1 is the entry's title), long lists are split, blank text is dropped, and an image that
is not a media asset becomes an embed (an ``https`` URL, rendered as a link: no hotlinking) or,
failing that, its alt text.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator, Sequence
from html import escape

from app.errors import ValidationFailed

from .inline import sanitize_inline
from .limits import MAX_LIST_ITEMS, MAX_SOURCE

__all__ = [
    "Draft",
    "check_source",
    "code_draft",
    "heading_draft",
    "image_drafts",
    "is_blank",
    "list_drafts",
    "text_drafts",
    "trimmed",
]

Draft = dict[str, object]
_ASSET = re.compile(r"asset:([0-9a-fA-F-]{32,36})")
_LANGUAGE = re.compile(r"[a-z0-9+#-]{1,32}")


def check_source(source: str) -> None:
    """Refuse Markdown or HTML too long to import.

    Args:
        source: The document to import.

    Raises:
        ValidationFailed: If ``source`` exceeds :data:`MAX_SOURCE` characters.
    """
    if len(source) > MAX_SOURCE:
        message = f"has {len(source)} characters; at most {MAX_SOURCE} can be imported"
        raise ValidationFailed(message, field="body")


def is_blank(text: str) -> bool:
    """Return whether inline ``text`` has nothing left once sanitized."""
    return not trimmed(text)


def trimmed(text: str) -> str:
    """Return inline ``text`` sanitized, without the whitespace left around it."""
    return sanitize_inline(text).strip()


def text_drafts(kind: str, text: str) -> Iterator[Draft]:
    """Yield a paragraph or quote for ``text``, or nothing if it is blank."""
    if not is_blank(text):
        yield {"type": kind, "text": trimmed(text)}


def heading_draft(level: int, text: str) -> Iterator[Draft]:
    """Yield a heading at ``level`` (at least 2), or nothing if ``text`` is blank."""
    if not is_blank(text):
        yield {"type": "heading", "level": max(level, 2), "text": trimmed(text)}


def list_drafts(ordered: bool, items: Sequence[str]) -> Iterator[Draft]:
    """Yield list blocks of at most :data:`MAX_LIST_ITEMS` non-blank items each."""
    kept = [trimmed(item) for item in items if not is_blank(item)]
    style = "ordered" if ordered else "unordered"
    for start in range(0, len(kept), MAX_LIST_ITEMS):
        yield {"type": "list", "style": style, "items": kept[start : start + MAX_LIST_ITEMS]}


def code_draft(code: str, info: str) -> Draft:
    """Return a code block; ``info``'s first word is its language when it is a valid one."""
    words = info.split()
    language = words[0].lower() if words else ""
    draft: Draft = {"type": "code", "code": code.removesuffix("\n")}
    if _LANGUAGE.fullmatch(language):
        draft["language"] = language
    return draft


def image_drafts(src: str, alt: str, caption: str | None = None) -> Iterator[Draft]:
    """Yield an image (``asset:<uuid>``), an embed (``https``) or the alt text as a paragraph.

    Args:
        src: The image's URL as written.
        alt: Its alternative text (plain).
        caption: Its caption (inline HTML), if any.
    """
    asset_id = _asset_id(src)
    captioned: Draft = {"caption": caption} if caption and not is_blank(caption) else {}
    if asset_id is not None:
        yield {"type": "image", "asset_id": str(asset_id), **_alt(alt), **captioned}
    elif src.startswith("https://"):
        yield {"type": "embed", "url": src, **(captioned or _alt_caption(alt))}
    else:
        yield from text_drafts("paragraph", escape(alt, quote=False))


def _asset_id(src: str) -> uuid.UUID | None:
    match = _ASSET.fullmatch(src.strip())
    if match is None:
        return None
    try:
        return uuid.UUID(match.group(1))
    except ValueError:
        return None


def _alt(alt: str) -> Draft:
    return {"alt": alt.strip()} if alt.strip() else {}


def _alt_caption(alt: str) -> Draft:
    return {"caption": escape(alt.strip(), quote=False)} if alt.strip() else {}
