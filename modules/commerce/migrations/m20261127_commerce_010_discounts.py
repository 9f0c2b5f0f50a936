"""Create commerce's discount tables: discounts, targets, cart codes, redemptions, order discounts.

Revision ID: commerce_010
Revises: commerce_009
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from app.db.base import UTCDateTime
from app.db.rls import disable_tenant_isolation, enable_tenant_isolation

revision: str = "commerce_010"
down_revision: str | None = "commerce_009"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None

_TABLES = (
    "commerce_discounts",
    "commerce_discount_targets",
    "commerce_cart_discounts",
    "commerce_discount_redemptions",
    "commerce_order_discounts",
)


def _key(table: str, column: str, parent: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["tenant_id", column],
        [f"{parent}.tenant_id", f"{parent}.id"],
        name=op.f(f"fk_{table}_tenant_id_{column}_{parent}"),
        ondelete="CASCADE",
    )


def _discounts() -> None:
    op.create_table(
        "commerce_discounts",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("code", sa.String(length=60), nullable=True),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("is_automatic", sa.Boolean(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("value", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=True),
        sa.Column("target", sa.String(length=10), nullable=False),
        sa.Column("min_subtotal_amount", sa.BigInteger(), nullable=True),
        sa.Column("usage_limit", sa.Integer(), nullable=True),
        sa.Column("usage_limit_per_customer", sa.Integer(), nullable=True),
        sa.Column("usage_count", sa.Integer(), nullable=False),
        sa.Column("starts_at", UTCDateTime(), nullable=True),
        sa.Column("ends_at", UTCDateTime(), nullable=True),
        sa.Column("combinable", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_commerce_discounts")),
        sa.UniqueConstraint("tenant_id", "code", name=op.f("uq_commerce_discounts_tenant_id_code")),
    )
    op.create_index(
        "ix_commerce_discounts_tenant_id_is_automatic_status",
        "commerce_discounts",
        ["tenant_id", "is_automatic", "status"],
    )
    op.create_table(
        "commerce_discount_targets",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("discount_id", sa.Uuid(), nullable=False),
        sa.Column("target_type", sa.String(length=10), nullable=False),
        sa.Column("target_id", sa.Uuid(), nullable=False),
        _key("commerce_discount_targets", "discount_id", "commerce_discounts"),
        sa.PrimaryKeyConstraint(
            "tenant_id",
            "discount_id",
            "target_type",
            "target_id",
            name=op.f("pk_commerce_discount_targets"),
        ),
    )


def _uses() -> None:
    op.create_table(
        "commerce_cart_discounts",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("cart_id", sa.Uuid(), nullable=False),
        sa.Column("discount_id", sa.Uuid(), nullable=False),
        sa.Column("code", sa.String(length=60), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        _key("commerce_cart_discounts", "cart_id", "commerce_carts"),
        _key("commerce_cart_discounts", "discount_id", "commerce_discounts"),
        sa.PrimaryKeyConstraint(
            "tenant_id", "cart_id", "discount_id", name=op.f("pk_commerce_cart_discounts")
        ),
    )
    op.create_table(
        "commerce_discount_redemptions",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("discount_id", sa.Uuid(), nullable=False),
        sa.Column("order_id", sa.Uuid(), nullable=False),
        sa.Column("customer_id", sa.Uuid(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        _key("commerce_discount_redemptions", "discount_id", "commerce_discounts"),
        _key("commerce_discount_redemptions", "order_id", "commerce_orders"),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_commerce_discount_redemptions")),
        sa.UniqueConstraint(
            "tenant_id",
            "discount_id",
            "order_id",
            name=op.f("uq_commerce_discount_redemptions_tenant_id_discount_id_order_id"),
        ),
    )
    op.create_index(
        "ix_commerce_discount_redemptions_customer",
        "commerce_discount_redemptions",
        ["tenant_id", "discount_id", "customer_id"],
    )
    op.create_table(
        "commerce_order_discounts",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("order_id", sa.Uuid(), nullable=False),
        sa.Column("discount_id", sa.Uuid(), nullable=False),
        sa.Column("code", sa.String(length=60), nullable=True),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        _key("commerce_order_discounts", "order_id", "commerce_orders"),
        sa.PrimaryKeyConstraint(
            "tenant_id", "order_id", "discount_id", name=op.f("pk_commerce_order_discounts")
        ),
    )


def upgrade() -> None:
    """Create the tables, tenant first in every key, with forced row-level security."""
    _discounts()
    _uses()
    for table in _TABLES:
        enable_tenant_isolation(table)


def downgrade() -> None:
    """Drop the tables, dependents first."""
    for table in reversed(_TABLES):
        disable_tenant_isolation(table)
        op.drop_table(table)
