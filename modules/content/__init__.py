"""The content module: entries per locale, revisions, publishing, media and taxonomy."""

from modules.content.module import module

__all__ = ["module"]
