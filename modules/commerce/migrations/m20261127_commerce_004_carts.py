"""Create commerce's cart tables: carts addressed by a token's hash, and their lines.

Revision ID: commerce_004
Revises: commerce_003
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from app.db.base import UTCDateTime
from app.db.rls import disable_tenant_isolation, enable_tenant_isolation

revision: str = "commerce_004"
down_revision: str | None = "commerce_003"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None

_TABLES = ("commerce_carts", "commerce_cart_lines")


def _amount(name: str) -> sa.Column[int]:
    return sa.Column(name, sa.BigInteger(), nullable=False)


def _carts() -> None:
    op.create_table(
        "commerce_carts",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("customer_id", sa.Uuid(), nullable=True),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.Column("shipping_address", sa.JSON(), nullable=True),
        sa.Column("billing_address", sa.JSON(), nullable=True),
        sa.Column("shipping_rate_id", sa.Uuid(), nullable=True),
        _amount("subtotal_amount"),
        _amount("discount_amount"),
        _amount("shipping_amount"),
        _amount("tax_amount"),
        _amount("total_amount"),
        sa.Column("tax_estimated", sa.Boolean(), nullable=False),
        sa.Column("last_activity_at", UTCDateTime(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_commerce_carts")),
        sa.UniqueConstraint(
            "tenant_id", "token_hash", name=op.f("uq_commerce_carts_tenant_id_token_hash")
        ),
    )
    op.create_index(
        "ix_commerce_carts_tenant_id_customer_id_status",
        "commerce_carts",
        ["tenant_id", "customer_id", "status"],
        unique=False,
    )
    op.create_index(
        "ix_commerce_carts_tenant_id_status_last_activity_at",
        "commerce_carts",
        ["tenant_id", "status", "last_activity_at"],
        unique=False,
    )


def _lines() -> None:
    op.create_table(
        "commerce_cart_lines",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("cart_id", sa.Uuid(), nullable=False),
        sa.Column("variant_id", sa.Uuid(), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        _amount("unit_amount"),
        _amount("discount_amount"),
        _amount("tax_amount"),
        _amount("total_amount"),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id", "cart_id"],
            ["commerce_carts.tenant_id", "commerce_carts.id"],
            name=op.f("fk_commerce_cart_lines_tenant_id_cart_id_commerce_carts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id", "variant_id"],
            ["commerce_variants.tenant_id", "commerce_variants.id"],
            name=op.f("fk_commerce_cart_lines_tenant_id_variant_id_commerce_variants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_commerce_cart_lines")),
        sa.UniqueConstraint(
            "tenant_id",
            "cart_id",
            "variant_id",
            name=op.f("uq_commerce_cart_lines_tenant_id_cart_id_variant_id"),
        ),
    )


def upgrade() -> None:
    """Create the tables, tenant first in every key, with forced row-level security."""
    _carts()
    _lines()
    for table in _TABLES:
        enable_tenant_isolation(table)


def downgrade() -> None:
    """Drop the tables, lines first."""
    for table in reversed(_TABLES):
        disable_tenant_isolation(table)
        op.drop_table(table)
