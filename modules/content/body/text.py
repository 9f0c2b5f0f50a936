"""Derive plain text from a body: for search documents, excerpts, word counts and asset links."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

from .blocks import Block, Body, Code, Embed, Heading, Image, ListBlock, Paragraph, Quote
from .inline import inline_to_text

__all__ = ["block_text_length", "excerpt", "plain_text", "referenced_assets", "word_count"]

_ELLIPSIS = "\N{HORIZONTAL ELLIPSIS}"
_TRAILING = " ,;:.-\N{EN DASH}\N{EM DASH}"


def block_text_length(block: Block) -> int:
    """Return the characters of text (as stored, markup included) in one block's fields.

    Args:
        block: Any block.
    """
    return sum(len(value) for value in _stored_texts(block))


def plain_text(body: Body) -> str:
    """Return the visible text of ``body``: no tags, blocks separated by blank lines.

    Image alt text is left out (it describes, it is not shown); captions are kept.

    Args:
        body: The body to flatten.
    """
    parts = (_block_plain_text(block).strip() for block in body)
    return "\n\n".join(part for part in parts if part)


def word_count(body: Body) -> int:
    """Return the number of whitespace-separated words in :func:`plain_text`.

    Args:
        body: The body to count.
    """
    return len(plain_text(body).split())


def excerpt(body: Body, limit: int = 200) -> str:
    """Return the start of the body's text, whitespace collapsed, cut at a word boundary.

    Args:
        body: The body to summarise.
        limit: The most characters returned, the ellipsis included.

    Raises:
        ValueError: If ``limit`` is less than 2.
    """
    if limit < 2:
        raise ValueError("an excerpt needs room for a character and the ellipsis")
    text = " ".join(plain_text(body).split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if text[limit - 1].isalnum() and " " in cut:  # the cut would split a word
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(_TRAILING) + _ELLIPSIS


def referenced_assets(body: Body) -> frozenset[uuid.UUID]:
    """Return the ids of the media assets the body's images show.

    Args:
        body: The body to inspect.
    """
    return frozenset(block.asset_id for block in body if isinstance(block, Image))


def _block_plain_text(block: Block) -> str:
    if isinstance(block, Code):
        return block.code
    visible = (inline_to_text(value) for value in _inline_texts(block))
    return "\n".join(visible)


def _inline_texts(block: Block) -> Iterator[str]:
    if isinstance(block, Paragraph | Heading):
        yield block.text
    elif isinstance(block, ListBlock):
        yield from block.items
    elif isinstance(block, Quote):
        yield block.text
        yield from _present(block.cite)
    elif isinstance(block, Image | Embed):
        yield from _present(block.caption)


def _stored_texts(block: Block) -> Iterator[str]:
    yield from _inline_texts(block)
    if isinstance(block, Code):
        yield block.code
    elif isinstance(block, Image):
        yield from _present(block.alt)
    elif isinstance(block, Embed):
        yield block.url


def _present(value: str | None) -> Iterator[str]:
    if value is not None:
        yield value
