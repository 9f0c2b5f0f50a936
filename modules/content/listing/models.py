"""Content's read tables: one row per translation and edition, plus term filter rows."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import JSON, Boolean, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base

__all__ = ["EntryListingRow", "EntryTermRow"]


class EntryListingRow(Base):
    """A translation as lists show it: ``working`` (every state) or ``live`` (published)."""

    __tablename__ = "idx_content_entries"
    __table_args__ = (
        Index(
            "ix_idx_content_entries_published",
            "tenant_id",
            "edition",
            "locale",
            "kind",
            "published_at",
        ),
        Index("ix_idx_content_entries_title", "tenant_id", "edition", "locale", "kind", "title"),
        Index("ix_idx_content_entries_updated", "tenant_id", "edition", "updated_at"),
        Index("ix_idx_content_entries_slug", "tenant_id", "edition", "locale", "slug"),
    )

    tenant_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    entry_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    locale: Mapped[str] = mapped_column(String(35), primary_key=True)
    edition: Mapped[str] = mapped_column(String(10), primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(20))
    slug: Mapped[str] = mapped_column(String(200))
    title: Mapped[str] = mapped_column(String(300))
    excerpt: Mapped[str] = mapped_column(Text)
    author_user_id: Mapped[uuid.UUID | None]
    cover_asset_id: Mapped[uuid.UUID | None]
    revision_id: Mapped[uuid.UUID]
    translation_id: Mapped[uuid.UUID]
    category_ids: Mapped[list[str]] = mapped_column(JSON)
    tag_ids: Mapped[list[str]] = mapped_column(JSON)
    published_at: Mapped[datetime | None]
    publish_at: Mapped[datetime | None]
    updated_at: Mapped[datetime]
    has_unpublished_changes: Mapped[bool] = mapped_column(Boolean)


class EntryTermRow(Base):
    """An entry filed under a category or carrying a tag, for filtered lists."""

    __tablename__ = "idx_content_entry_terms"
    __table_args__ = (Index("ix_idx_content_entry_terms_entry", "tenant_id", "entry_id"),)

    tenant_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    term_type: Mapped[str] = mapped_column(String(10), primary_key=True)
    term_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    entry_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
