"""Size limits of a body, enforced by :func:`parse_body` on every write."""

from __future__ import annotations

__all__ = ["MAX_BLOCKS", "MAX_BLOCK_TEXT", "MAX_LIST_ITEMS", "MAX_SOURCE", "MAX_TOTAL_TEXT"]

MAX_BLOCKS = 2_000
"""Blocks in one body."""

MAX_BLOCK_TEXT = 50_000
"""Characters of text in one block (all its text fields together)."""

MAX_TOTAL_TEXT = 1_000_000
"""Characters of text in the whole body."""

MAX_LIST_ITEMS = 500
"""Items in one list block; the importers split longer lists into several blocks."""

MAX_SOURCE = 2_000_000
"""Characters of Markdown or HTML accepted by the importers (markup counts, hence twice)."""
