"""The structured rich-text body of content entries: a pure library, no database, no GraphQL.

A body is a tuple of blocks (paragraph, heading, list, quote, code, image, embed, divider)
stored as JSON. It enters through :func:`parse_body` (JSON from an editor),
:func:`body_from_markdown` or :func:`body_from_html`; all three sanitize inline text with nh3
and validate every limit. It leaves as HTML (:func:`render_html`), plain text for search and
excerpts (:mod:`.text`), or canonical JSON for storage (:func:`body_to_json`).
"""

from __future__ import annotations

from .blocks import (
    Block,
    Body,
    Code,
    Divider,
    Embed,
    Heading,
    Image,
    ListBlock,
    Paragraph,
    Quote,
)
from .html_input import body_from_html
from .limits import MAX_BLOCK_TEXT, MAX_BLOCKS, MAX_LIST_ITEMS, MAX_SOURCE, MAX_TOTAL_TEXT
from .markdown import body_from_markdown
from .parse import parse_body
from .render import AssetUrl, render_html
from .serialize import body_to_json
from .text import excerpt, plain_text, referenced_assets, word_count

__all__ = [
    "MAX_BLOCKS",
    "MAX_BLOCK_TEXT",
    "MAX_LIST_ITEMS",
    "MAX_SOURCE",
    "MAX_TOTAL_TEXT",
    "AssetUrl",
    "Block",
    "Body",
    "Code",
    "Divider",
    "Embed",
    "Heading",
    "Image",
    "ListBlock",
    "Paragraph",
    "Quote",
    "body_from_html",
    "body_from_markdown",
    "body_to_json",
    "excerpt",
    "parse_body",
    "plain_text",
    "referenced_assets",
    "render_html",
    "word_count",
]
