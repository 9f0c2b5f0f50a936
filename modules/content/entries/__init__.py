"""Entries: documents per locale, their revisions, workflow, scheduling, previews, redirects."""

from __future__ import annotations

from modules.content.entries.models import (
    EntryRow,
    PreviewTokenRow,
    RedirectRow,
    RevisionRow,
    TranslationRow,
)
from modules.content.parts import Part

__all__ = ["ENTRIES"]

ENTRIES = Part(models=(EntryRow, TranslationRow, RevisionRow, RedirectRow, PreviewTokenRow))
