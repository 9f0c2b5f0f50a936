"""Content's tables: entries, their per-locale translations, revisions, redirects, previews.

``content_translations.current_revision_id`` and ``published_revision_id`` point at
``content_revisions`` without a foreign key: revisions reference their translation, and SQLite
cannot add the reverse constraint afterwards. The service is the only writer of both columns.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    ForeignKeyConstraint,
    Index,
    Integer,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base, TenantScoped

__all__ = [
    "EntryRow",
    "PreviewTokenRow",
    "RedirectRow",
    "RevisionRow",
    "TranslationRow",
]


class EntryRow(TenantScoped, Base):
    """One document, independent of locale."""

    __tablename__ = "content_entries"
    __table_args__ = (
        Index("ix_content_entries_tenant_id_kind_created_at", "tenant_id", "kind", "created_at"),
        Index("ix_content_entries_tenant_id_author_user_id", "tenant_id", "author_user_id"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    author_user_id: Mapped[uuid.UUID | None]
    cover_asset_id: Mapped[uuid.UUID | None]
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class TranslationRow(TenantScoped, Base):
    """An entry in one locale, with its workflow state."""

    __tablename__ = "content_translations"
    __table_args__ = (
        ForeignKeyConstraint(
            ["tenant_id", "entry_id"],
            ["content_entries.tenant_id", "content_entries.id"],
            ondelete="CASCADE",
        ),
        UniqueConstraint("tenant_id", "entry_id", "locale"),
        UniqueConstraint("tenant_id", "locale", "slug"),
        Index(
            "ix_content_translations_tenant_id_status_publish_at",
            "tenant_id",
            "status",
            "publish_at",
        ),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    entry_id: Mapped[uuid.UUID]
    locale: Mapped[str] = mapped_column(String(35))
    slug: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(20))
    current_revision_id: Mapped[uuid.UUID]
    published_revision_id: Mapped[uuid.UUID | None]
    publish_at: Mapped[datetime | None]
    published_at: Mapped[datetime | None]
    first_published_at: Mapped[datetime | None]
    review_note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class RevisionRow(TenantScoped, Base):
    """An immutable snapshot of a translation."""

    __tablename__ = "content_revisions"
    __table_args__ = (
        ForeignKeyConstraint(
            ["tenant_id", "translation_id"],
            ["content_translations.tenant_id", "content_translations.id"],
            ondelete="CASCADE",
        ),
        UniqueConstraint("tenant_id", "translation_id", "number"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    entry_id: Mapped[uuid.UUID]
    translation_id: Mapped[uuid.UUID]
    number: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(300))
    slug: Mapped[str] = mapped_column(String(200))
    body: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    body_version: Mapped[int] = mapped_column(SmallInteger)
    excerpt: Mapped[str | None] = mapped_column(Text)
    seo_title: Mapped[str | None] = mapped_column(String(300))
    seo_description: Mapped[str | None] = mapped_column(String(1000))
    canonical_url: Mapped[str | None] = mapped_column(String(2000))
    seo_image_asset_id: Mapped[uuid.UUID | None]
    created_by_kind: Mapped[str] = mapped_column(String(20))
    created_by_id: Mapped[uuid.UUID | None]
    restored_from_id: Mapped[uuid.UUID | None]
    created_at: Mapped[datetime]


class RedirectRow(TenantScoped, Base):
    """An old slug that points at an entry."""

    __tablename__ = "content_redirects"
    __table_args__ = (
        ForeignKeyConstraint(
            ["tenant_id", "entry_id"],
            ["content_entries.tenant_id", "content_entries.id"],
            ondelete="CASCADE",
        ),
        UniqueConstraint("tenant_id", "locale", "from_slug"),
        Index("ix_content_redirects_tenant_id_entry_id", "tenant_id", "entry_id"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    locale: Mapped[str] = mapped_column(String(35))
    from_slug: Mapped[str] = mapped_column(String(200))
    entry_id: Mapped[uuid.UUID]
    created_at: Mapped[datetime]


class PreviewTokenRow(TenantScoped, Base):
    """Lets a frontend show a translation's working copy; only the token's hash is kept."""

    __tablename__ = "content_preview_tokens"
    __table_args__ = (
        ForeignKeyConstraint(
            ["tenant_id", "translation_id"],
            ["content_translations.tenant_id", "content_translations.id"],
            ondelete="CASCADE",
        ),
        UniqueConstraint("tenant_id", "token_hash"),
        Index("ix_content_preview_tokens_tenant_id_expires_at", "tenant_id", "expires_at"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    translation_id: Mapped[uuid.UUID]
    token_hash: Mapped[str] = mapped_column(String(64))
    expires_at: Mapped[datetime]
    created_by_kind: Mapped[str] = mapped_column(String(20))
    created_by_id: Mapped[uuid.UUID | None]
    created_at: Mapped[datetime]
