"""The blog module: dated posts on content entries, authors, comments, feeds."""

from modules.blog.module import module

__all__ = ["module"]
