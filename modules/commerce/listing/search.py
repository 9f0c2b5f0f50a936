"""The catalog's full-text index: a product's name, its SKUs and option values, its description."""

from __future__ import annotations

from app.index.search import SearchIndex, Weight

__all__ = ["CATALOG_SEARCH", "SEARCH_FIELDS"]

SEARCH_FIELDS: tuple[tuple[str, Weight], ...] = (
    ("name", "A"),
    ("codes", "B"),
    ("description", "C"),
)
CATALOG_SEARCH = SearchIndex("idx_commerce_product_search", SEARCH_FIELDS, snippet="description")
