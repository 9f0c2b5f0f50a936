"""Create commerce's catalog read model: listing rows, facet rows and the search index.

Revision ID: commerce_002
Revises: commerce_001
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from app.db.base import UTCDateTime
from app.db.fulltext import create_search_index, drop_search_index
from app.db.rls import disable_tenant_isolation, enable_tenant_isolation

revision: str = "commerce_002"
down_revision: str | None = "commerce_001"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None

_TABLES = ("idx_commerce_products", "idx_commerce_product_facets")
_SEARCH = "idx_commerce_product_search"
_PRODUCT_INDEXES = {
    "ix_idx_commerce_products_slug": ["tenant_id", "currency", "slug"],
    "ix_idx_commerce_products_name": ["tenant_id", "currency", "status", "name"],
    "ix_idx_commerce_products_price": ["tenant_id", "currency", "status", "min_amount"],
    "ix_idx_commerce_products_newest": ["tenant_id", "currency", "status", "created_at"],
    "ix_idx_commerce_products_stock": ["tenant_id", "currency", "status", "is_in_stock"],
}


def _products() -> None:
    op.create_table(
        "idx_commerce_products",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("product_id", sa.Uuid(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("slug", sa.String(length=200), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("excerpt", sa.Text(), nullable=False),
        sa.Column("category_ids", sa.JSON(), nullable=False),
        sa.Column("category_paths", sa.JSON(), nullable=False),
        sa.Column("option_values", sa.JSON(), nullable=False),
        sa.Column("min_amount", sa.BigInteger(), nullable=False),
        sa.Column("max_amount", sa.BigInteger(), nullable=False),
        sa.Column("compare_at_min_amount", sa.BigInteger(), nullable=True),
        sa.Column("is_in_stock", sa.Boolean(), nullable=False),
        sa.Column("variant_count", sa.Integer(), nullable=False),
        sa.Column("variants", sa.JSON(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint(
            "tenant_id", "product_id", "currency", name=op.f("pk_idx_commerce_products")
        ),
    )
    for name, columns in _PRODUCT_INDEXES.items():
        op.create_index(name, "idx_commerce_products", columns, unique=False)


def _facets() -> None:
    op.create_table(
        "idx_commerce_product_facets",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("facet", sa.String(length=120), nullable=False),
        sa.Column("value", sa.String(length=200), nullable=False),
        sa.Column("product_id", sa.Uuid(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("min_amount", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint(
            "tenant_id",
            "currency",
            "facet",
            "value",
            "product_id",
            name=op.f("pk_idx_commerce_product_facets"),
        ),
    )
    op.create_index(
        "ix_idx_commerce_product_facets_product",
        "idx_commerce_product_facets",
        ["tenant_id", "currency", "product_id"],
        unique=False,
    )


def upgrade() -> None:
    """Create the tables, their indexes and the search index, with forced row-level security."""
    _products()
    _facets()
    for table in _TABLES:
        enable_tenant_isolation(table)
    create_search_index(_SEARCH, ("name", "codes", "description"))


def downgrade() -> None:
    """Drop them."""
    drop_search_index(_SEARCH)
    for table in reversed(_TABLES):
        disable_tenant_isolation(table)
        op.drop_table(table)
