"""Create the outbox: events, aggregate sequences, deliveries and subscriber positions.

Revision ID: core_002
Revises: core_001
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from app.db.base import UTCDateTime
from app.db.rls import disable_tenant_isolation, enable_tenant_isolation

revision: str = "core_002"
down_revision: str | None = "core_001"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None


def upgrade() -> None:
    """Create the four tables; the tenant-scoped two get row-level security."""
    op.create_table(
        "core_events",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("type", sa.String(length=120), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("aggregate_type", sa.String(length=80), nullable=False),
        sa.Column("aggregate_id", sa.String(length=80), nullable=False),
        sa.Column("sequence", sa.BigInteger(), nullable=False),
        sa.Column("occurred_at", UTCDateTime(), nullable=False),
        sa.Column("actor", sa.String(length=120), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_core_events"),
    )
    op.create_index(
        "ix_core_events_tenant_id_aggregate_type_aggregate_id_sequence",
        "core_events",
        ["tenant_id", "aggregate_type", "aggregate_id", "sequence"],
        unique=True,
    )
    op.create_index(
        "ix_core_events_tenant_id_occurred_at", "core_events", ["tenant_id", "occurred_at"]
    )
    op.create_table(
        "core_aggregate_sequences",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("aggregate_type", sa.String(length=80), nullable=False),
        sa.Column("aggregate_id", sa.String(length=80), nullable=False),
        sa.Column("last_sequence", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint(
            "tenant_id", "aggregate_type", "aggregate_id", name="pk_core_aggregate_sequences"
        ),
    )
    op.create_table(
        "core_event_deliveries",
        sa.Column("event_id", sa.Uuid(), nullable=False),
        sa.Column("subscriber", sa.String(length=120), nullable=False),
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("aggregate_key", sa.String(length=200), nullable=False),
        sa.Column("sequence", sa.BigInteger(), nullable=False),
        sa.Column("state", sa.String(length=12), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", UTCDateTime(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("delivered_at", UTCDateTime(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.CheckConstraint(
            "state IN ('pending', 'delivered', 'dead')", name="ck_core_event_deliveries_state"
        ),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["core_events.id"],
            name="fk_core_event_deliveries_event_id_core_events",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("event_id", "subscriber", name="pk_core_event_deliveries"),
    )
    op.create_index(
        "ix_core_event_deliveries_state_event_id", "core_event_deliveries", ["state", "event_id"]
    )
    op.create_index(
        "ix_core_event_deliveries_subscriber_aggregate_key_sequence",
        "core_event_deliveries",
        ["subscriber", "aggregate_key", "sequence"],
    )
    op.create_index(
        "ix_core_event_deliveries_tenant_id_subscriber_state",
        "core_event_deliveries",
        ["tenant_id", "subscriber", "state"],
    )
    op.create_table(
        "core_subscriber_positions",
        sa.Column("subscriber", sa.String(length=120), nullable=False),
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("last_event_id", sa.Uuid(), nullable=False),
        sa.Column("last_occurred_at", UTCDateTime(), nullable=False),
        sa.Column("last_applied_at", UTCDateTime(), nullable=False),
        sa.Column("applied_count", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("subscriber", "tenant_id", name="pk_core_subscriber_positions"),
    )
    enable_tenant_isolation("core_events")
    enable_tenant_isolation("core_aggregate_sequences")


def downgrade() -> None:
    """Drop the outbox."""
    disable_tenant_isolation("core_aggregate_sequences")
    disable_tenant_isolation("core_events")
    op.drop_table("core_subscriber_positions")
    op.drop_table("core_event_deliveries")
    op.drop_table("core_aggregate_sequences")
    op.drop_table("core_events")
