"""Create commerce's order tables: the order counter, orders, order lines and reservations.

Revision ID: commerce_005
Revises: commerce_004
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from app.db.base import UTCDateTime
from app.db.rls import disable_tenant_isolation, enable_tenant_isolation

revision: str = "commerce_005"
down_revision: str | None = "commerce_004"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None

_TABLES = (
    "commerce_order_counters",
    "commerce_orders",
    "commerce_order_lines",
    "commerce_reservations",
)


def _amount(name: str) -> sa.Column[int]:
    return sa.Column(name, sa.BigInteger(), nullable=False)


def _stamps() -> list[sa.Column[object]]:
    return [
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
    ]


def _keys() -> list[sa.Column[object]]:
    return [
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
    ]


def _counters() -> None:
    op.create_table(
        "commerce_order_counters",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("next_number", sa.BigInteger(), nullable=False),
        *_stamps(),
        sa.PrimaryKeyConstraint("tenant_id", name=op.f("pk_commerce_order_counters")),
    )


def _orders() -> None:
    op.create_table(
        "commerce_orders",
        *_keys(),
        sa.Column("number", sa.String(length=40), nullable=False),
        sa.Column("cart_id", sa.Uuid(), nullable=False),
        sa.Column("customer_id", sa.Uuid(), nullable=True),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.Column("access_token_hash", sa.String(length=64), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("payment_status", sa.String(length=20), nullable=False),
        sa.Column("fulfilment_status", sa.String(length=20), nullable=False),
        sa.Column("prices_include_tax", sa.Boolean(), nullable=False),
        *(
            _amount(f"{name}_amount")
            for name in ("subtotal", "discount", "shipping", "tax", "total", "paid", "refunded")
        ),
        sa.Column("shipping_address", sa.JSON(), nullable=True),
        sa.Column("billing_address", sa.JSON(), nullable=True),
        sa.Column("shipping_rate", sa.JSON(), nullable=True),
        sa.Column("payment_method", sa.String(length=60), nullable=True),
        sa.Column("idempotency_key", sa.String(length=100), nullable=False),
        sa.Column("placed_at", UTCDateTime(), nullable=False),
        sa.Column("completed_at", UTCDateTime(), nullable=True),
        sa.Column("cancelled_at", UTCDateTime(), nullable=True),
        sa.Column("cancel_reason", sa.String(length=500), nullable=True),
        *_stamps(),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_commerce_orders")),
        sa.UniqueConstraint(
            "tenant_id", "number", name=op.f("uq_commerce_orders_tenant_id_number")
        ),
        sa.UniqueConstraint(
            "tenant_id",
            "idempotency_key",
            name=op.f("uq_commerce_orders_tenant_id_idempotency_key"),
        ),
        sa.UniqueConstraint(
            "tenant_id",
            "access_token_hash",
            name=op.f("uq_commerce_orders_tenant_id_access_token_hash"),
        ),
    )
    op.create_index(
        "ix_commerce_orders_tenant_id_customer_id_placed_at",
        "commerce_orders",
        ["tenant_id", "customer_id", "placed_at"],
    )
    op.create_index(
        "ix_commerce_orders_tenant_id_payment_status_placed_at",
        "commerce_orders",
        ["tenant_id", "payment_status", "placed_at"],
    )


def _lines() -> None:
    op.create_table(
        "commerce_order_lines",
        *_keys(),
        sa.Column("order_id", sa.Uuid(), nullable=False),
        sa.Column("variant_id", sa.Uuid(), nullable=False),
        sa.Column("product_id", sa.Uuid(), nullable=False),
        sa.Column("sku", sa.String(length=100), nullable=False),
        sa.Column("product_name", sa.String(length=300), nullable=False),
        sa.Column("variant_title", sa.String(length=300), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        _amount("unit_amount"),
        _amount("discount_amount"),
        _amount("tax_amount"),
        sa.Column("tax_rate_ppm", sa.Integer(), nullable=False),
        _amount("total_amount"),
        sa.Column("fulfilled_quantity", sa.Integer(), nullable=False),
        sa.Column("refunded_quantity", sa.Integer(), nullable=False),
        *_stamps(),
        sa.ForeignKeyConstraint(
            ["tenant_id", "order_id"],
            ["commerce_orders.tenant_id", "commerce_orders.id"],
            name=op.f("fk_commerce_order_lines_tenant_id_order_id_commerce_orders"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_commerce_order_lines")),
    )
    op.create_index(
        "ix_commerce_order_lines_tenant_id_order_id",
        "commerce_order_lines",
        ["tenant_id", "order_id"],
    )


def _reservations() -> None:
    op.create_table(
        "commerce_reservations",
        *_keys(),
        sa.Column("order_id", sa.Uuid(), nullable=False),
        sa.Column("variant_id", sa.Uuid(), nullable=False),
        sa.Column("warehouse_id", sa.Uuid(), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("expires_at", UTCDateTime(), nullable=True),
        *_stamps(),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_commerce_reservations")),
    )
    op.create_index(
        "ix_commerce_reservations_tenant_id_status_expires_at",
        "commerce_reservations",
        ["tenant_id", "status", "expires_at"],
    )
    op.create_index(
        "ix_commerce_reservations_tenant_id_order_id",
        "commerce_reservations",
        ["tenant_id", "order_id"],
    )


def upgrade() -> None:
    """Create the tables, tenant first in every key, with forced row-level security."""
    _counters()
    _orders()
    _lines()
    _reservations()
    for table in _TABLES:
        enable_tenant_isolation(table)


def downgrade() -> None:
    """Drop the tables, dependents first."""
    for table in reversed(_TABLES):
        disable_tenant_isolation(table)
        op.drop_table(table)
