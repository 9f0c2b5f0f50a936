"""Create blog's read model: listing rows, filter rows, the archive and two search indexes.

Revision ID: blog_002
Revises: blog_001
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from app.db.base import UTCDateTime
from app.db.fulltext import create_search_index, drop_search_index
from app.db.rls import disable_tenant_isolation, enable_tenant_isolation

revision: str = "blog_002"
down_revision: str | None = "blog_001"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None

_TABLES = ("idx_blog_posts", "idx_blog_post_terms", "idx_blog_archive")
_SEARCH = ("idx_blog_search", "idx_blog_search_working")
_POST_INDEXES = {
    "ix_idx_blog_posts_published": ["tenant_id", "edition", "locale", "published_at"],
    "ix_idx_blog_posts_featured": ["tenant_id", "edition", "locale", "is_featured", "published_at"],
    "ix_idx_blog_posts_month": ["tenant_id", "edition", "locale", "archive_month", "published_at"],
    "ix_idx_blog_posts_status": ["tenant_id", "edition", "status", "published_at"],
    "ix_idx_blog_posts_title": ["tenant_id", "edition", "locale", "title"],
    "ix_idx_blog_posts_slug": ["tenant_id", "edition", "locale", "slug"],
}
_TERM_INDEXES = {
    "ix_idx_blog_post_terms_published": [
        "tenant_id",
        "term_type",
        "term_id",
        "edition",
        "locale",
        "published_at",
    ],
    "ix_idx_blog_post_terms_post": ["tenant_id", "post_id", "edition", "locale"],
}


def _posts() -> None:
    op.create_table(
        "idx_blog_posts",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("post_id", sa.Uuid(), nullable=False),
        sa.Column("locale", sa.String(length=35), nullable=False),
        sa.Column("edition", sa.String(length=10), nullable=False),
        sa.Column("translation_id", sa.Uuid(), nullable=False),
        sa.Column("revision_id", sa.Uuid(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("slug", sa.String(length=200), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("excerpt", sa.Text(), nullable=False),
        sa.Column("author_user_id", sa.Uuid(), nullable=True),
        sa.Column("cover_asset_id", sa.Uuid(), nullable=True),
        sa.Column("published_at", UTCDateTime(), nullable=True),
        sa.Column("publish_at", UTCDateTime(), nullable=True),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.Column("has_unpublished_changes", sa.Boolean(), nullable=False),
        sa.Column("archive_month", sa.String(length=7), nullable=True),
        sa.Column("is_featured", sa.Boolean(), nullable=False),
        sa.Column("comments_enabled", sa.Boolean(), nullable=False),
        sa.Column("word_count", sa.Integer(), nullable=False),
        sa.Column("authors", sa.JSON(), nullable=False),
        sa.Column("categories", sa.JSON(), nullable=False),
        sa.Column("tags", sa.JSON(), nullable=False),
        sa.Column("approved_comment_count", sa.Integer(), nullable=False),
        sa.Column("pending_comment_count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint(
            "tenant_id", "post_id", "locale", "edition", name=op.f("pk_idx_blog_posts")
        ),
    )
    for name, columns in _POST_INDEXES.items():
        op.create_index(name, "idx_blog_posts", columns, unique=False)


def _terms() -> None:
    op.create_table(
        "idx_blog_post_terms",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("term_type", sa.String(length=10), nullable=False),
        sa.Column("term_id", sa.Uuid(), nullable=False),
        sa.Column("edition", sa.String(length=10), nullable=False),
        sa.Column("locale", sa.String(length=35), nullable=False),
        sa.Column("post_id", sa.Uuid(), nullable=False),
        sa.Column("published_at", UTCDateTime(), nullable=True),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.PrimaryKeyConstraint(
            "tenant_id",
            "term_type",
            "term_id",
            "edition",
            "locale",
            "post_id",
            name=op.f("pk_idx_blog_post_terms"),
        ),
    )
    for name, columns in _TERM_INDEXES.items():
        op.create_index(name, "idx_blog_post_terms", columns, unique=False)


def upgrade() -> None:
    """Create the tables and indexes, tenant first, with forced row-level security."""
    _posts()
    _terms()
    op.create_table(
        "idx_blog_archive",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("locale", sa.String(length=35), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("post_count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("tenant_id", "locale", "month", name=op.f("pk_idx_blog_archive")),
    )
    for table in _TABLES:
        enable_tenant_isolation(table)
    for name in _SEARCH:
        create_search_index(name, ("title", "excerpt", "body"))


def downgrade() -> None:
    """Drop them."""
    for name in _SEARCH:
        drop_search_index(name)
    for table in _TABLES:
        disable_tenant_isolation(table)
    op.drop_table("idx_blog_archive")
    for name in _TERM_INDEXES:
        op.drop_index(name, table_name="idx_blog_post_terms")
    op.drop_table("idx_blog_post_terms")
    for name in _POST_INDEXES:
        op.drop_index(name, table_name="idx_blog_posts")
    op.drop_table("idx_blog_posts")
