"""Create tenants and per-tenant module state.

Revision ID: core_001
Revises:
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from app.db.base import UTCDateTime
from app.db.rls import disable_tenant_isolation, enable_tenant_isolation

revision: str = "core_001"
down_revision: str | None = None
branch_labels: Sequence[str] | None = ("core",)
depends_on: Sequence[str] | None = None


def upgrade() -> None:
    """Create core_tenants and core_tenant_modules (row-level security on the latter)."""
    op.create_table(
        "core_tenants",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("slug", sa.String(length=63), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.CheckConstraint(
            "status IN ('active', 'suspended', 'archived')", name="ck_core_tenants_status"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_core_tenants"),
        sa.UniqueConstraint("slug", name="uq_core_tenants_slug"),
    )
    op.create_table(
        "core_tenant_modules",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("module", sa.String(length=63), nullable=False),
        sa.Column("is_enabled", sa.Boolean(), nullable=False),
        sa.Column("settings", sa.JSON(), nullable=False),
        sa.Column("enabled_at", UTCDateTime(), nullable=True),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["core_tenants.id"],
            name="fk_core_tenant_modules_tenant_id_core_tenants",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("tenant_id", "module", name="pk_core_tenant_modules"),
    )
    enable_tenant_isolation("core_tenant_modules")


def downgrade() -> None:
    """Drop both tables."""
    disable_tenant_isolation("core_tenant_modules")
    op.drop_table("core_tenant_modules")
    op.drop_table("core_tenants")
