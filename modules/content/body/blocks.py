"""The blocks of a body: frozen pydantic models, one per ``type``, and their union.

Text fields marked :data:`InlineText` are sanitized to the inline subset as they are validated,
so a block that exists is always safe to render; the plain fields (``code``, ``alt``) are
escaped at render time instead.
"""

from __future__ import annotations

import re
import uuid
from typing import Annotated, Literal, TypeAlias
from urllib.parse import urlsplit

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictInt,
    StrictStr,
)
from pydantic_core import PydanticCustomError

from .inline import find_forbidden_character, sanitize_inline
from .limits import MAX_BLOCK_TEXT, MAX_LIST_ITEMS

__all__ = [
    "Block",
    "Body",
    "Code",
    "Divider",
    "Embed",
    "Heading",
    "Image",
    "InlineText",
    "ListBlock",
    "Paragraph",
    "PlainText",
    "Quote",
]

_LANGUAGE = re.compile(r"[a-z0-9+#-]{1,32}")
_MAX_URL = 2_048


def _refuse_control_characters(value: str) -> str:
    found = find_forbidden_character(value)
    if found is not None:
        raise PydanticCustomError(
            "control_character", f"contains the control character U+{ord(found):04X}"
        )
    return value


def _sanitize_non_blank(value: str) -> str:
    clean = sanitize_inline(value)
    if not clean.strip():
        raise PydanticCustomError("blank", "must not be empty (after removing disallowed markup)")
    return clean


def _check_item_count(items: object) -> object:
    # Checked before the items are sanitized one by one, so a huge list costs nothing.
    if isinstance(items, list | tuple) and len(items) > MAX_LIST_ITEMS:
        message = f"has {len(items)} items; at most {MAX_LIST_ITEMS} are allowed"
        raise PydanticCustomError("too_long", message)
    return items


def _check_non_empty(items: tuple[str, ...]) -> tuple[str, ...]:
    if not items:
        raise PydanticCustomError("too_short", "must have at least one item")
    return items


def _check_language(value: str) -> str:
    if not _LANGUAGE.fullmatch(value):
        raise PydanticCustomError("language", "must be 1 to 32 of a-z, 0-9, +, # and -")
    return value


def _check_https_url(value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme != "https" or not parts.hostname or any(c.isspace() for c in value):
        raise PydanticCustomError("url", "must be an absolute https URL")
    return value


_Bounded = Annotated[StrictStr, Field(max_length=MAX_BLOCK_TEXT)]
PlainText: TypeAlias = Annotated[_Bounded, AfterValidator(_refuse_control_characters)]
"""Text shown as is (escaped when rendered): code, image alt text."""
InlineText: TypeAlias = Annotated[PlainText, AfterValidator(_sanitize_non_blank)]
"""Text in the inline-HTML subset, sanitized on validation; never blank."""
_Url = Annotated[StrictStr, Field(max_length=_MAX_URL), AfterValidator(_check_https_url)]
_Language = Annotated[StrictStr, AfterValidator(_check_language)]


class _Block(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Paragraph(_Block):
    """A paragraph of inline text."""

    type: Literal["paragraph"] = "paragraph"
    text: InlineText


class Heading(_Block):
    """A section heading; level 1 is reserved for the entry's title."""

    type: Literal["heading"] = "heading"
    level: Annotated[StrictInt, Field(ge=2, le=6)]
    text: InlineText


class ListBlock(_Block):
    """An ordered or unordered list of inline-text items (not nested)."""

    type: Literal["list"] = "list"
    style: Literal["ordered", "unordered"]
    items: Annotated[
        tuple[InlineText, ...],
        BeforeValidator(_check_item_count),
        AfterValidator(_check_non_empty),
    ]


class Quote(_Block):
    """A quotation, with an optional attribution (inline text, may link to the source)."""

    type: Literal["quote"] = "quote"
    text: InlineText
    cite: InlineText | None = None


class Code(_Block):
    """A block of source code, shown verbatim."""

    type: Literal["code"] = "code"
    code: PlainText
    language: _Language | None = None


class Image(_Block):
    """An image from the media library, referenced by its asset's id."""

    type: Literal["image"] = "image"
    asset_id: uuid.UUID
    alt: PlainText | None = None
    caption: InlineText | None = None


class Embed(_Block):
    """An external resource, rendered as a link (never as an iframe)."""

    type: Literal["embed"] = "embed"
    url: _Url
    caption: InlineText | None = None


class Divider(_Block):
    """A thematic break."""

    type: Literal["divider"] = "divider"


Block: TypeAlias = Annotated[
    Paragraph | Heading | ListBlock | Quote | Code | Image | Embed | Divider,
    Field(discriminator="type"),
]
"""One block of a body, told apart by its ``type``."""

Body: TypeAlias = tuple[Block, ...]
"""A structured rich-text document: an immutable sequence of blocks."""
