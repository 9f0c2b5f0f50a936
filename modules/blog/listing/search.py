"""Blog's full-text indexes: live posts (public search) and working copies (editors)."""

from __future__ import annotations

from app.index.search import SearchIndex, Weight

__all__ = ["LIVE_SEARCH", "WORKING_SEARCH"]

_FIELDS: tuple[tuple[str, Weight], ...] = (("title", "A"), ("excerpt", "B"), ("body", "C"))
LIVE_SEARCH = SearchIndex("idx_blog_search", _FIELDS, snippet="body")
WORKING_SEARCH = SearchIndex("idx_blog_search_working", _FIELDS, snippet="body")
