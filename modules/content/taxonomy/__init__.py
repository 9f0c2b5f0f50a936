"""Taxonomy: the hierarchical categories and flat tags of a tenant's entries."""

from __future__ import annotations

from modules.content.parts import Part
from modules.content.taxonomy.graphql.mutations import TaxonomyMutation
from modules.content.taxonomy.graphql.queries import TaxonomyQuery
from modules.content.taxonomy.graphql.types import ContentCategory, ContentTag
from modules.content.taxonomy.models import CategoryRow, EntryCategoryRow, EntryTagRow, TagRow

__all__ = ["TAXONOMY"]

TAXONOMY = Part(
    models=(CategoryRow, TagRow, EntryCategoryRow, EntryTagRow),
    queries=(TaxonomyQuery,),
    mutations=(TaxonomyMutation,),
    types=(ContentCategory, ContentTag),
)
