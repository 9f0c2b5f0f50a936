"""Content's full-text indexes: live entries (public search) and working copies (editors)."""

from __future__ import annotations

from app.index.search import SearchIndex

__all__ = ["LIVE_SEARCH", "SEARCH_FIELDS", "WORKING_SEARCH"]

SEARCH_FIELDS = ("title", "excerpt", "body")
LIVE_SEARCH = SearchIndex(
    "idx_content_search", (("title", "A"), ("excerpt", "B"), ("body", "C")), snippet="body"
)
WORKING_SEARCH = SearchIndex(
    "idx_content_search_working",
    (("title", "A"), ("excerpt", "B"), ("body", "C")),
    snippet="body",
)
