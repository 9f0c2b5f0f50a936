"""Blog's tables: the blog part of post entries, author profiles, bylines, comments.

A post is a content entry of kind ``post``: ``blog_posts.id`` is the entry's id, and the row
goes with the entry (``ON DELETE CASCADE``), its bylines and comments with it.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import (
    JSON,
    Boolean,
    ForeignKeyConstraint,
    Index,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base, TenantScoped

__all__ = ["AuthorRow", "CommentRow", "PostAuthorRow", "PostRow"]


class PostRow(TenantScoped, Base):
    """The blog part of an entry of kind ``post``."""

    __tablename__ = "blog_posts"
    __table_args__ = (
        ForeignKeyConstraint(
            ["tenant_id", "id"],
            ["content_entries.tenant_id", "content_entries.id"],
            ondelete="CASCADE",
        ),
        Index("ix_blog_posts_tenant_id_is_featured", "tenant_id", "is_featured"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    is_featured: Mapped[bool] = mapped_column(Boolean)
    comments_enabled: Mapped[bool] = mapped_column(Boolean)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class AuthorRow(TenantScoped, Base):
    """An author profile: a user's, or a guest writer's (no ``user_id``)."""

    __tablename__ = "blog_authors"
    __table_args__ = (
        ForeignKeyConstraint(
            ["tenant_id", "avatar_asset_id"],
            ["content_assets.tenant_id", "content_assets.id"],
        ),
        UniqueConstraint("tenant_id", "slug"),
        UniqueConstraint("tenant_id", "user_id"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    user_id: Mapped[uuid.UUID | None]
    slug: Mapped[str] = mapped_column(String(100))
    display_name: Mapped[str] = mapped_column(String(200))
    bio: Mapped[dict[str, str]] = mapped_column(JSON)
    avatar_asset_id: Mapped[uuid.UUID | None]
    links: Mapped[list[dict[str, str]]] = mapped_column(JSON)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class PostAuthorRow(TenantScoped, Base):
    """One author of a post, at ``position`` in the byline (from 0)."""

    __tablename__ = "blog_post_authors"
    __table_args__ = (
        ForeignKeyConstraint(
            ["tenant_id", "post_id"],
            ["blog_posts.tenant_id", "blog_posts.id"],
            ondelete="CASCADE",
        ),
        ForeignKeyConstraint(
            ["tenant_id", "author_id"],
            ["blog_authors.tenant_id", "blog_authors.id"],
        ),
        Index("ix_blog_post_authors_tenant_id_author_id", "tenant_id", "author_id"),
    )

    post_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    author_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    position: Mapped[int] = mapped_column(SmallInteger)


class CommentRow(TenantScoped, Base):
    """A comment on a post, by a customer or a guest; replies are one level deep."""

    __tablename__ = "blog_comments"
    __table_args__ = (
        ForeignKeyConstraint(
            ["tenant_id", "post_id"],
            ["blog_posts.tenant_id", "blog_posts.id"],
            ondelete="CASCADE",
        ),
        ForeignKeyConstraint(
            ["tenant_id", "parent_id"],
            ["blog_comments.tenant_id", "blog_comments.id"],
            ondelete="CASCADE",
        ),
        Index(
            "ix_blog_comments_tenant_id_post_id_status_created_at",
            "tenant_id",
            "post_id",
            "status",
            "created_at",
        ),
        Index("ix_blog_comments_tenant_id_status_created_at", "tenant_id", "status", "created_at"),
        Index(
            "ix_blog_comments_tenant_id_author_customer_id_created_at",
            "tenant_id",
            "author_customer_id",
            "created_at",
        ),
        Index("ix_blog_comments_tenant_id_parent_id", "tenant_id", "parent_id"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    post_id: Mapped[uuid.UUID]
    parent_id: Mapped[uuid.UUID | None]
    locale: Mapped[str] = mapped_column(String(35))
    author_customer_id: Mapped[uuid.UUID | None]
    guest_name: Mapped[str | None] = mapped_column(String(100))
    guest_email: Mapped[str | None] = mapped_column(String(254))
    body: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20))
    client_hash: Mapped[str] = mapped_column(String(64))
    moderated_at: Mapped[datetime | None]
    moderated_by_id: Mapped[uuid.UUID | None]
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
