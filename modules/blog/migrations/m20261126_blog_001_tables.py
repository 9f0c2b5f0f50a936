"""Create blog's tables: posts, authors, bylines, comments.

Revision ID: blog_001
Revises:
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from app.db.base import UTCDateTime
from app.db.rls import disable_tenant_isolation, enable_tenant_isolation

revision: str = "blog_001"
down_revision: str | None = None
branch_labels: Sequence[str] | None = ("blog",)
depends_on: Sequence[str] | None = ("content_001",)

_TABLES = ("blog_posts", "blog_authors", "blog_post_authors", "blog_comments")


def _posts() -> None:
    op.create_table(
        "blog_posts",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("is_featured", sa.Boolean(), nullable=False),
        sa.Column("comments_enabled", sa.Boolean(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id", "id"],
            ["content_entries.tenant_id", "content_entries.id"],
            name=op.f("fk_blog_posts_tenant_id_id_content_entries"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_blog_posts")),
    )
    op.create_index(
        "ix_blog_posts_tenant_id_is_featured",
        "blog_posts",
        ["tenant_id", "is_featured"],
        unique=False,
    )


def _authors() -> None:
    op.create_table(
        "blog_authors",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=True),
        sa.Column("slug", sa.String(length=100), nullable=False),
        sa.Column("display_name", sa.String(length=200), nullable=False),
        sa.Column("bio", sa.JSON(), nullable=False),
        sa.Column("avatar_asset_id", sa.Uuid(), nullable=True),
        sa.Column("links", sa.JSON(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id", "avatar_asset_id"],
            ["content_assets.tenant_id", "content_assets.id"],
            name=op.f("fk_blog_authors_tenant_id_avatar_asset_id_content_assets"),
        ),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_blog_authors")),
        sa.UniqueConstraint("tenant_id", "slug", name=op.f("uq_blog_authors_tenant_id_slug")),
        sa.UniqueConstraint("tenant_id", "user_id", name=op.f("uq_blog_authors_tenant_id_user_id")),
    )
    op.create_table(
        "blog_post_authors",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("post_id", sa.Uuid(), nullable=False),
        sa.Column("author_id", sa.Uuid(), nullable=False),
        sa.Column("position", sa.SmallInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id", "author_id"],
            ["blog_authors.tenant_id", "blog_authors.id"],
            name=op.f("fk_blog_post_authors_tenant_id_author_id_blog_authors"),
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id", "post_id"],
            ["blog_posts.tenant_id", "blog_posts.id"],
            name=op.f("fk_blog_post_authors_tenant_id_post_id_blog_posts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "tenant_id", "post_id", "author_id", name=op.f("pk_blog_post_authors")
        ),
    )
    op.create_index(
        "ix_blog_post_authors_tenant_id_author_id",
        "blog_post_authors",
        ["tenant_id", "author_id"],
        unique=False,
    )


def _comments() -> None:
    op.create_table(
        "blog_comments",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("post_id", sa.Uuid(), nullable=False),
        sa.Column("parent_id", sa.Uuid(), nullable=True),
        sa.Column("locale", sa.String(length=35), nullable=False),
        sa.Column("author_customer_id", sa.Uuid(), nullable=True),
        sa.Column("guest_name", sa.String(length=100), nullable=True),
        sa.Column("guest_email", sa.String(length=254), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("client_hash", sa.String(length=64), nullable=False),
        sa.Column("moderated_at", UTCDateTime(), nullable=True),
        sa.Column("moderated_by_id", sa.Uuid(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id", "parent_id"],
            ["blog_comments.tenant_id", "blog_comments.id"],
            name=op.f("fk_blog_comments_tenant_id_parent_id_blog_comments"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id", "post_id"],
            ["blog_posts.tenant_id", "blog_posts.id"],
            name=op.f("fk_blog_comments_tenant_id_post_id_blog_posts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_blog_comments")),
    )
    for name, columns in (
        ("post_id_status_created_at", ["post_id", "status", "created_at"]),
        ("status_created_at", ["status", "created_at"]),
        ("author_customer_id_created_at", ["author_customer_id", "created_at"]),
        ("parent_id", ["parent_id"]),
    ):
        op.create_index(
            f"ix_blog_comments_tenant_id_{name}",
            "blog_comments",
            ["tenant_id", *columns],
            unique=False,
        )


def upgrade() -> None:
    """Create the tables, tenant first in every key, with forced row-level security."""
    _posts()
    _authors()
    _comments()
    for table in _TABLES:
        enable_tenant_isolation(table)


def downgrade() -> None:
    """Drop the tables."""
    for table in reversed(_TABLES):
        disable_tenant_isolation(table)
    op.drop_table("blog_comments")
    op.drop_table("blog_post_authors")
    op.drop_table("blog_authors")
    op.drop_table("blog_posts")
