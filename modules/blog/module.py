"""THE declaration of the blog module: read this file to know all that blog adds.

Blog builds on content: a post is a content entry of kind ``post`` plus blog's own row,
reached through ``modules.content.api`` and content's events only.
"""

from __future__ import annotations

from pathlib import Path

from app.registry import Module
from modules.blog.events import EVENTS
from modules.blog.models import AuthorRow, CommentRow, PostAuthorRow, PostRow
from modules.blog.permissions import PERMISSIONS
from modules.blog.settings import BlogSettings

__all__ = ["module"]

module = Module(
    name="blog",
    version="0.1.0",
    description="Dated posts on content entries, author profiles, comments and feeds.",
    depends_on=("content",),
    models=(PostRow, AuthorRow, PostAuthorRow, CommentRow),
    migrations=Path(__file__).parent / "migrations",
    permissions=PERMISSIONS,
    events=EVENTS,
    settings=BlogSettings,
)
