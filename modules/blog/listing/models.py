"""Blog's read tables: one listing row per post, locale and edition; filter rows; the archive.

A listing row carries everything a post list shows, pre-shaped: the authors, categories and
tags as JSON snapshots (so a list reads one table, with no per-row loaders), the comment
counts and the word count (the reading time follows the site's reading speed at read time).
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import JSON, Boolean, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base

__all__ = ["ArchiveMonthRow", "PostListingRow", "PostTermRow"]


class PostListingRow(Base):
    """A post in one locale as lists show it: ``working`` (every state) or ``live``."""

    __tablename__ = "idx_blog_posts"
    __table_args__ = (
        Index("ix_idx_blog_posts_published", "tenant_id", "edition", "locale", "published_at"),
        Index(
            "ix_idx_blog_posts_featured",
            "tenant_id",
            "edition",
            "locale",
            "is_featured",
            "published_at",
        ),
        Index(
            "ix_idx_blog_posts_month",
            "tenant_id",
            "edition",
            "locale",
            "archive_month",
            "published_at",
        ),
        Index("ix_idx_blog_posts_status", "tenant_id", "edition", "status", "published_at"),
        Index("ix_idx_blog_posts_title", "tenant_id", "edition", "locale", "title"),
        Index("ix_idx_blog_posts_slug", "tenant_id", "edition", "locale", "slug"),
    )

    tenant_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    post_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    locale: Mapped[str] = mapped_column(String(35), primary_key=True)
    edition: Mapped[str] = mapped_column(String(10), primary_key=True)
    translation_id: Mapped[uuid.UUID]
    revision_id: Mapped[uuid.UUID]
    status: Mapped[str] = mapped_column(String(20))
    slug: Mapped[str] = mapped_column(String(200))
    title: Mapped[str] = mapped_column(String(300))
    excerpt: Mapped[str] = mapped_column(Text)
    author_user_id: Mapped[uuid.UUID | None]
    cover_asset_id: Mapped[uuid.UUID | None]
    published_at: Mapped[datetime | None]
    publish_at: Mapped[datetime | None]
    updated_at: Mapped[datetime]
    has_unpublished_changes: Mapped[bool] = mapped_column(Boolean)
    archive_month: Mapped[str | None] = mapped_column(String(7))
    is_featured: Mapped[bool] = mapped_column(Boolean)
    comments_enabled: Mapped[bool] = mapped_column(Boolean)
    word_count: Mapped[int] = mapped_column(Integer)
    authors: Mapped[list[dict[str, object]]] = mapped_column(JSON)
    categories: Mapped[list[dict[str, object]]] = mapped_column(JSON)
    tags: Mapped[list[dict[str, object]]] = mapped_column(JSON)
    approved_comment_count: Mapped[int] = mapped_column(Integer)
    pending_comment_count: Mapped[int] = mapped_column(Integer)


class PostTermRow(Base):
    """A post filed under a category (or below it), carrying a tag, or written by an author."""

    __tablename__ = "idx_blog_post_terms"
    __table_args__ = (
        Index(
            "ix_idx_blog_post_terms_published",
            "tenant_id",
            "term_type",
            "term_id",
            "edition",
            "locale",
            "published_at",
        ),
        Index("ix_idx_blog_post_terms_post", "tenant_id", "post_id", "edition", "locale"),
    )

    tenant_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    term_type: Mapped[str] = mapped_column(String(10), primary_key=True)
    term_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    edition: Mapped[str] = mapped_column(String(10), primary_key=True)
    locale: Mapped[str] = mapped_column(String(35), primary_key=True)
    post_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    published_at: Mapped[datetime | None]
    title: Mapped[str] = mapped_column(String(300))


class ArchiveMonthRow(Base):
    """How many posts are live in a locale with a publication time in one month."""

    __tablename__ = "idx_blog_archive"

    tenant_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    locale: Mapped[str] = mapped_column(String(35), primary_key=True)
    month: Mapped[str] = mapped_column(String(7), primary_key=True)
    post_count: Mapped[int] = mapped_column(Integer)
