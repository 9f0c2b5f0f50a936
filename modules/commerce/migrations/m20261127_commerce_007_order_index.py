"""Create the admin's order-list projection table, ``idx_commerce_orders``.

Revision ID: commerce_007
Revises: commerce_006
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from app.db.base import UTCDateTime
from app.db.rls import disable_tenant_isolation, enable_tenant_isolation

revision: str = "commerce_007"
down_revision: str | None = "commerce_006"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None

_TABLE = "idx_commerce_orders"
# Ascending keys: a B-tree serves `placed_at DESC` by scanning backwards.
_INDEXES = {
    "ix_idx_commerce_orders_placed": ["tenant_id", "placed_at"],
    "ix_idx_commerce_orders_status": ["tenant_id", "status", "placed_at"],
    "ix_idx_commerce_orders_payment": ["tenant_id", "payment_status", "placed_at"],
    "ix_idx_commerce_orders_fulfilment": ["tenant_id", "fulfilment_status", "placed_at"],
    "ix_idx_commerce_orders_customer": ["tenant_id", "customer_id", "placed_at"],
    "ix_idx_commerce_orders_total": ["tenant_id", "currency", "total_amount"],
}


def upgrade() -> None:
    """Create the table and its indexes, with forced row-level security."""
    op.create_table(
        _TABLE,
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("order_id", sa.Uuid(), nullable=False),
        sa.Column("number", sa.String(length=40), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("payment_status", sa.String(length=20), nullable=False),
        sa.Column("fulfilment_status", sa.String(length=20), nullable=False),
        sa.Column("customer_id", sa.Uuid(), nullable=True),
        sa.Column("customer_name", sa.String(length=120), nullable=True),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("total_amount", sa.BigInteger(), nullable=False),
        sa.Column("item_count", sa.Integer(), nullable=False),
        sa.Column("placed_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.Column("search_text", sa.Text(), nullable=False),
        sa.Column("last_event_id", sa.Uuid(), nullable=True),
        sa.PrimaryKeyConstraint("tenant_id", "order_id", name=op.f("pk_idx_commerce_orders")),
        sa.UniqueConstraint(
            "tenant_id", "number", name=op.f("uq_idx_commerce_orders_tenant_id_number")
        ),
    )
    for name, columns in _INDEXES.items():
        op.create_index(name, _TABLE, columns, unique=False)
    enable_tenant_isolation(_TABLE)


def downgrade() -> None:
    """Drop it."""
    disable_tenant_isolation(_TABLE)
    op.drop_table(_TABLE)
