"""What the rest of content (entries, listing) calls of the taxonomy: links, loads, names.

set_entry_terms        replace an entry's categories and tags (creating named tags)
load_entry_terms       many entries' categories and tags in two statements
category_ancestor_ids  each category's chain of ancestors, for read-model filter rows
localized_name         a name in a locale, falling back to the default locale
"""

from __future__ import annotations

from modules.content.taxonomy.models import CategoryRow, TagRow
from modules.content.taxonomy.names import localized_name
from modules.content.taxonomy.terms import (
    EntryTerms,
    category_ancestor_ids,
    load_entry_terms,
    set_entry_terms,
)

__all__ = [
    "CategoryRow",
    "EntryTerms",
    "TagRow",
    "category_ancestor_ids",
    "load_entry_terms",
    "localized_name",
    "set_entry_terms",
]
