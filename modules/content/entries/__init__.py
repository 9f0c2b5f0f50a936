"""Entries: documents per locale, their revisions, workflow, scheduling, previews, redirects."""

from __future__ import annotations

from modules.content.entries.graphql.mutations import EntryMutation
from modules.content.entries.graphql.queries import EntryQuery
from modules.content.entries.graphql.types import SCALARS
from modules.content.entries.models import (
    EntryRow,
    PreviewTokenRow,
    RedirectRow,
    RevisionRow,
    TranslationRow,
)
from modules.content.entries.previews import PRUNE_PREVIEW_TOKENS
from modules.content.entries.workflow import PUBLISH_DUE
from modules.content.parts import Part

__all__ = ["ENTRIES"]

ENTRIES = Part(
    models=(EntryRow, TranslationRow, RevisionRow, RedirectRow, PreviewTokenRow),
    queries=(EntryQuery,),
    mutations=(EntryMutation,),
    jobs=(PUBLISH_DUE, PRUNE_PREVIEW_TOKENS),
    scalars=SCALARS,
)
