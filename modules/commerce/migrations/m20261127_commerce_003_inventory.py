"""Create commerce's inventory tables: warehouses, stock levels, stock movements.

Revision ID: commerce_003
Revises: commerce_002
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from app.db.base import UTCDateTime
from app.db.rls import disable_tenant_isolation, enable_tenant_isolation

revision: str = "commerce_003"
down_revision: str | None = "commerce_002"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None

_TABLES = ("commerce_warehouses", "commerce_stock_levels", "commerce_stock_movements")


def _variant_key(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["tenant_id", "variant_id"],
        ["commerce_variants.tenant_id", "commerce_variants.id"],
        name=op.f(f"fk_{table}_tenant_id_variant_id_commerce_variants"),
        ondelete="CASCADE",
    )


def _warehouse_key(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["tenant_id", "warehouse_id"],
        ["commerce_warehouses.tenant_id", "commerce_warehouses.id"],
        name=op.f(f"fk_{table}_tenant_id_warehouse_id_commerce_warehouses"),
    )


def _warehouses() -> None:
    op.create_table(
        "commerce_warehouses",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("code", sa.String(length=60), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("address", sa.JSON(), nullable=True),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_commerce_warehouses")),
        sa.UniqueConstraint(
            "tenant_id", "code", name=op.f("uq_commerce_warehouses_tenant_id_code")
        ),
    )


def _levels() -> None:
    op.create_table(
        "commerce_stock_levels",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("variant_id", sa.Uuid(), nullable=False),
        sa.Column("warehouse_id", sa.Uuid(), nullable=False),
        sa.Column("on_hand", sa.Integer(), nullable=False),
        sa.Column("reserved", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.CheckConstraint(
            "on_hand >= 0", name=op.f("ck_commerce_stock_levels_on_hand_not_negative")
        ),
        sa.CheckConstraint(
            "reserved >= 0", name=op.f("ck_commerce_stock_levels_reserved_not_negative")
        ),
        _variant_key("commerce_stock_levels"),
        _warehouse_key("commerce_stock_levels"),
        sa.PrimaryKeyConstraint(
            "tenant_id", "variant_id", "warehouse_id", name=op.f("pk_commerce_stock_levels")
        ),
    )
    op.create_index(
        "ix_commerce_stock_levels_tenant_id_warehouse_id",
        "commerce_stock_levels",
        ["tenant_id", "warehouse_id"],
        unique=False,
    )


def _movements() -> None:
    op.create_table(
        "commerce_stock_movements",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("variant_id", sa.Uuid(), nullable=False),
        sa.Column("warehouse_id", sa.Uuid(), nullable=False),
        sa.Column("on_hand_delta", sa.Integer(), nullable=False),
        sa.Column("reserved_delta", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(length=20), nullable=False),
        sa.Column("reference_type", sa.String(length=60), nullable=True),
        sa.Column("reference_id", sa.Uuid(), nullable=True),
        sa.Column("actor_kind", sa.String(length=20), nullable=False),
        sa.Column("actor_id", sa.Uuid(), nullable=True),
        sa.Column("note", sa.String(length=500), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        _variant_key("commerce_stock_movements"),
        _warehouse_key("commerce_stock_movements"),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_commerce_stock_movements")),
    )
    op.create_index(
        "ix_commerce_stock_movements_tenant_id_variant_id_id",
        "commerce_stock_movements",
        ["tenant_id", "variant_id", "id"],
        unique=False,
    )


def upgrade() -> None:
    """Create the tables, tenant first in every key, with forced row-level security."""
    _warehouses()
    _levels()
    _movements()
    for table in _TABLES:
        enable_tenant_isolation(table)


def downgrade() -> None:
    """Drop the tables, dependents first."""
    for table in reversed(_TABLES):
        disable_tenant_isolation(table)
        op.drop_table(table)
