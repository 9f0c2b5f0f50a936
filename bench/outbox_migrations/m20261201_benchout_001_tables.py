"""Create the benchmark module's source and read tables.

Revision ID: benchout_001
Revises:
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from app.db.base import UTCDateTime
from app.db.rls import disable_tenant_isolation, enable_tenant_isolation

revision: str = "benchout_001"
down_revision: str | None = None
branch_labels: Sequence[str] | None = ("benchout",)
depends_on: Sequence[str] | None = ("core_001",)


def upgrade() -> None:
    """Create benchout_items and idx_benchout_listing, tenant first, both row-level secured."""
    op.create_table(
        "benchout_items",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("stamp", sa.BigInteger(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("tenant_id", "id", name="pk_benchout_items"),
    )
    op.create_table(
        "idx_benchout_listing",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("item_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("stamp", sa.BigInteger(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("tenant_id", "item_id", name="pk_idx_benchout_listing"),
    )
    op.create_index(
        "ix_idx_benchout_listing_tenant_id_stamp",
        "idx_benchout_listing",
        ["tenant_id", "stamp"],
    )
    enable_tenant_isolation("benchout_items")
    enable_tenant_isolation("idx_benchout_listing")


def downgrade() -> None:
    """Drop both tables."""
    disable_tenant_isolation("idx_benchout_listing")
    disable_tenant_isolation("benchout_items")
    op.drop_index("ix_idx_benchout_listing_tenant_id_stamp", table_name="idx_benchout_listing")
    op.drop_table("idx_benchout_listing")
    op.drop_table("benchout_items")
