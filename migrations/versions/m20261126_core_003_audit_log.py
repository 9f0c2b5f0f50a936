"""Create the audit log.

Revision ID: core_003
Revises: core_002
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from app.db.base import UTCDateTime
from app.db.rls import disable_tenant_isolation, enable_tenant_isolation

revision: str = "core_003"
down_revision: str | None = "core_002"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None


def upgrade() -> None:
    """Create core_audit_log with row-level security."""
    op.create_table(
        "core_audit_log",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("event_id", sa.Uuid(), nullable=False),
        sa.Column("occurred_at", UTCDateTime(), nullable=False),
        sa.Column("type", sa.String(length=120), nullable=False),
        sa.Column("actor", sa.String(length=120), nullable=False),
        sa.Column("aggregate_type", sa.String(length=80), nullable=False),
        sa.Column("aggregate_id", sa.String(length=80), nullable=False),
        sa.PrimaryKeyConstraint("tenant_id", "event_id", name="pk_core_audit_log"),
    )
    op.create_index(
        "ix_core_audit_log_tenant_id_aggregate_type_aggregate_id",
        "core_audit_log",
        ["tenant_id", "aggregate_type", "aggregate_id"],
    )
    op.create_index("ix_core_audit_log_tenant_id_type", "core_audit_log", ["tenant_id", "type"])
    enable_tenant_isolation("core_audit_log")


def downgrade() -> None:
    """Drop the audit log."""
    disable_tenant_isolation("core_audit_log")
    op.drop_table("core_audit_log")
