"""Create commerce's fulfilment tables: fulfilments and their lines.

Revision ID: commerce_009
Revises: commerce_008
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from app.db.base import UTCDateTime
from app.db.rls import disable_tenant_isolation, enable_tenant_isolation

revision: str = "commerce_009"
down_revision: str | None = "commerce_008"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None

_TABLES = ("commerce_fulfilments", "commerce_fulfilment_lines")


def _fulfilments() -> None:
    op.create_table(
        "commerce_fulfilments",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("order_id", sa.Uuid(), nullable=False),
        sa.Column("warehouse_id", sa.Uuid(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("carrier", sa.String(length=100), nullable=True),
        sa.Column("tracking_number", sa.String(length=100), nullable=True),
        sa.Column("shipped_at", UTCDateTime(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id", "order_id"],
            ["commerce_orders.tenant_id", "commerce_orders.id"],
            name=op.f("fk_commerce_fulfilments_tenant_id_order_id_commerce_orders"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_commerce_fulfilments")),
    )
    op.create_index(
        "ix_commerce_fulfilments_tenant_id_order_id",
        "commerce_fulfilments",
        ["tenant_id", "order_id"],
    )


def _lines() -> None:
    op.create_table(
        "commerce_fulfilment_lines",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("fulfilment_id", sa.Uuid(), nullable=False),
        sa.Column("order_line_id", sa.Uuid(), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id", "fulfilment_id"],
            ["commerce_fulfilments.tenant_id", "commerce_fulfilments.id"],
            name=op.f("fk_commerce_fulfilment_lines_tenant_id_fulfilment_id_commerce_fulfilments"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "tenant_id",
            "fulfilment_id",
            "order_line_id",
            name=op.f("pk_commerce_fulfilment_lines"),
        ),
    )


def upgrade() -> None:
    """Create the tables, tenant first in every key, with forced row-level security."""
    _fulfilments()
    _lines()
    for table in _TABLES:
        enable_tenant_isolation(table)


def downgrade() -> None:
    """Drop the tables, dependents first."""
    for table in reversed(_TABLES):
        disable_tenant_isolation(table)
        op.drop_table(table)
