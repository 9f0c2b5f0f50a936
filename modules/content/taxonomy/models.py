"""Taxonomy tables: the category tree, flat tags, and their links to entries."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import (
    JSON,
    ForeignKeyConstraint,
    Index,
    Integer,
    SmallInteger,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base, TenantScoped

__all__ = ["CategoryRow", "EntryCategoryRow", "EntryTagRow", "TagRow"]


class CategoryRow(TenantScoped, Base):
    """A node of the tenant's category tree; ``path`` is the slugs from the root (``a/b``)."""

    __tablename__ = "content_categories"
    __table_args__ = (
        ForeignKeyConstraint(
            ["tenant_id", "parent_id"],
            ["content_categories.tenant_id", "content_categories.id"],
        ),
        UniqueConstraint("tenant_id", "path"),
        Index(
            "ix_content_categories_tenant_id_parent_id_position",
            "tenant_id",
            "parent_id",
            "position",
        ),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    parent_id: Mapped[uuid.UUID | None]
    slug: Mapped[str] = mapped_column(String(100))
    path: Mapped[str] = mapped_column(String(1000))
    depth: Mapped[int] = mapped_column(SmallInteger)
    position: Mapped[int] = mapped_column(Integer)
    names: Mapped[dict[str, str]] = mapped_column(JSON)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class TagRow(TenantScoped, Base):
    """A flat tag."""

    __tablename__ = "content_tags"
    __table_args__ = (UniqueConstraint("tenant_id", "slug"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(100))
    names: Mapped[dict[str, str]] = mapped_column(JSON)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class EntryCategoryRow(TenantScoped, Base):
    """An entry filed under a category."""

    __tablename__ = "content_entry_categories"
    __table_args__ = (
        ForeignKeyConstraint(
            ["tenant_id", "entry_id"],
            ["content_entries.tenant_id", "content_entries.id"],
            ondelete="CASCADE",
        ),
        ForeignKeyConstraint(
            ["tenant_id", "category_id"],
            ["content_categories.tenant_id", "content_categories.id"],
            ondelete="CASCADE",
        ),
        Index("ix_content_entry_categories_tenant_id_category_id", "tenant_id", "category_id"),
    )

    entry_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    category_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)


class EntryTagRow(TenantScoped, Base):
    """An entry carrying a tag."""

    __tablename__ = "content_entry_tags"
    __table_args__ = (
        ForeignKeyConstraint(
            ["tenant_id", "entry_id"],
            ["content_entries.tenant_id", "content_entries.id"],
            ondelete="CASCADE",
        ),
        ForeignKeyConstraint(
            ["tenant_id", "tag_id"],
            ["content_tags.tenant_id", "content_tags.id"],
            ondelete="CASCADE",
        ),
        Index("ix_content_entry_tags_tenant_id_tag_id", "tenant_id", "tag_id"),
    )

    entry_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    tag_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
