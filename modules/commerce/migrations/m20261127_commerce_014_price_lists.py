"""Create commerce's price list tables: price lists, their customer groups, and their tiers.

Revision ID: commerce_014
Revises: commerce_012
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from app.db.base import UTCDateTime
from app.db.rls import disable_tenant_isolation, enable_tenant_isolation

revision: str = "commerce_014"
down_revision: str | None = "commerce_012"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None

_TABLES = (
    "commerce_price_lists",
    "commerce_price_list_groups",
    "commerce_price_list_entries",
)


def _key(table: str, column: str, parent: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["tenant_id", column],
        [f"{parent}.tenant_id", f"{parent}.id"],
        name=op.f(f"fk_{table}_tenant_id_{column}_{parent}"),
        ondelete="CASCADE",
    )


def _lists() -> None:
    op.create_table(
        "commerce_price_lists",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("starts_at", UTCDateTime(), nullable=True),
        sa.Column("ends_at", UTCDateTime(), nullable=True),
        sa.Column("priority", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_commerce_price_lists")),
    )
    op.create_index(
        "ix_commerce_price_lists_tenant_id_currency_status",
        "commerce_price_lists",
        ["tenant_id", "currency", "status"],
    )


def _groups_and_entries() -> None:
    op.create_table(
        "commerce_price_list_groups",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("price_list_id", sa.Uuid(), nullable=False),
        sa.Column("customer_group_id", sa.Uuid(), nullable=False),
        _key("commerce_price_list_groups", "price_list_id", "commerce_price_lists"),
        _key("commerce_price_list_groups", "customer_group_id", "commerce_customer_groups"),
        sa.PrimaryKeyConstraint(
            "tenant_id",
            "price_list_id",
            "customer_group_id",
            name=op.f("pk_commerce_price_list_groups"),
        ),
    )
    op.create_table(
        "commerce_price_list_entries",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("price_list_id", sa.Uuid(), nullable=False),
        sa.Column("variant_id", sa.Uuid(), nullable=False),
        sa.Column("min_quantity", sa.Integer(), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        _key("commerce_price_list_entries", "price_list_id", "commerce_price_lists"),
        _key("commerce_price_list_entries", "variant_id", "commerce_variants"),
        sa.PrimaryKeyConstraint(
            "tenant_id",
            "price_list_id",
            "variant_id",
            "min_quantity",
            name=op.f("pk_commerce_price_list_entries"),
        ),
    )
    op.create_index(
        "ix_commerce_price_list_entries_tenant_id_variant_id",
        "commerce_price_list_entries",
        ["tenant_id", "variant_id"],
    )


def upgrade() -> None:
    """Create the tables, tenant first in every key, with forced row-level security."""
    _lists()
    _groups_and_entries()
    for table in _TABLES:
        enable_tenant_isolation(table)


def downgrade() -> None:
    """Drop the tables, dependents first."""
    for table in reversed(_TABLES):
        disable_tenant_isolation(table)
        op.drop_table(table)
