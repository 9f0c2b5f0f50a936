"""Create content's read model: listing rows, term rows and two search indexes.

Revision ID: content_002
Revises: content_001
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from app.db.base import UTCDateTime
from app.db.fulltext import create_search_index, drop_search_index
from app.db.rls import disable_tenant_isolation, enable_tenant_isolation

revision: str = "content_002"
down_revision: str | None = "content_001"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None

_TABLES = ("idx_content_entries", "idx_content_entry_terms")
_SEARCH = ("idx_content_search", "idx_content_search_working")


def upgrade() -> None:
    """Create the tables and indexes, tenant first, with forced row-level security."""
    op.create_table(
        "idx_content_entries",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("entry_id", sa.Uuid(), nullable=False),
        sa.Column("locale", sa.String(length=35), nullable=False),
        sa.Column("edition", sa.String(length=10), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("slug", sa.String(length=200), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("excerpt", sa.Text(), nullable=False),
        sa.Column("author_user_id", sa.Uuid(), nullable=True),
        sa.Column("cover_asset_id", sa.Uuid(), nullable=True),
        sa.Column("revision_id", sa.Uuid(), nullable=False),
        sa.Column("translation_id", sa.Uuid(), nullable=False),
        sa.Column("category_ids", sa.JSON(), nullable=False),
        sa.Column("tag_ids", sa.JSON(), nullable=False),
        sa.Column("published_at", UTCDateTime(), nullable=True),
        sa.Column("publish_at", UTCDateTime(), nullable=True),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.Column("has_unpublished_changes", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint(
            "tenant_id", "entry_id", "locale", "edition", name=op.f("pk_idx_content_entries")
        ),
    )
    op.create_index(
        "ix_idx_content_entries_published",
        "idx_content_entries",
        ["tenant_id", "edition", "locale", "kind", "published_at"],
        unique=False,
    )
    op.create_index(
        "ix_idx_content_entries_slug",
        "idx_content_entries",
        ["tenant_id", "edition", "locale", "slug"],
        unique=False,
    )
    op.create_index(
        "ix_idx_content_entries_title",
        "idx_content_entries",
        ["tenant_id", "edition", "locale", "kind", "title"],
        unique=False,
    )
    op.create_index(
        "ix_idx_content_entries_updated",
        "idx_content_entries",
        ["tenant_id", "edition", "updated_at"],
        unique=False,
    )
    op.create_table(
        "idx_content_entry_terms",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("term_type", sa.String(length=10), nullable=False),
        sa.Column("term_id", sa.Uuid(), nullable=False),
        sa.Column("entry_id", sa.Uuid(), nullable=False),
        sa.PrimaryKeyConstraint(
            "tenant_id", "term_type", "term_id", "entry_id", name=op.f("pk_idx_content_entry_terms")
        ),
    )
    op.create_index(
        "ix_idx_content_entry_terms_entry",
        "idx_content_entry_terms",
        ["tenant_id", "entry_id"],
        unique=False,
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

    op.drop_index("ix_idx_content_entry_terms_entry", table_name="idx_content_entry_terms")
    op.drop_table("idx_content_entry_terms")
    op.drop_index("ix_idx_content_entries_updated", table_name="idx_content_entries")
    op.drop_index("ix_idx_content_entries_title", table_name="idx_content_entries")
    op.drop_index("ix_idx_content_entries_slug", table_name="idx_content_entries")
    op.drop_index("ix_idx_content_entries_published", table_name="idx_content_entries")
    op.drop_table("idx_content_entries")
