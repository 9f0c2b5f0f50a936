"""Create the webhook delivery queue and its attempt log; remember since when endpoints fail.

``webhooks_deliveries`` is cross-tenant machinery (the runner claims due deliveries across
tenants; ids and states only), ``webhooks_delivery_attempts`` is tenant-scoped (row-level
security): it holds what was sent and answered.

Revision ID: core_009
Revises: core_008
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from app.db.base import UTCDateTime
from app.db.rls import disable_tenant_isolation, enable_tenant_isolation

revision: str = "core_009"
down_revision: str | None = "core_008"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None

_PENDING = sa.text("state = 'pending'")


def _deliveries() -> None:
    op.create_table(
        "webhooks_deliveries",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("endpoint_id", sa.Uuid(), nullable=False),
        sa.Column("event_id", sa.Uuid(), nullable=False),
        sa.Column("msg_id", sa.String(length=80), nullable=False),
        sa.Column("aggregate_key", sa.String(length=200), nullable=False),
        sa.Column("sequence", sa.BigInteger(), nullable=False),
        sa.Column("state", sa.String(length=12), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", UTCDateTime(), nullable=False),
        sa.Column("last_status", sa.Integer(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("delivered_at", UTCDateTime(), nullable=True),
        sa.CheckConstraint(
            "state IN ('pending', 'delivered', 'dead', 'skipped')",
            name="ck_webhooks_deliveries_state",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_webhooks_deliveries"),
    )
    op.create_index(
        "ix_webhooks_deliveries_endpoint_id_event_id",
        "webhooks_deliveries",
        ["endpoint_id", "event_id"],
        unique=True,
    )
    op.create_index(
        "ix_webhooks_deliveries_pending_next_attempt_at",
        "webhooks_deliveries",
        ["next_attempt_at"],
        postgresql_where=_PENDING,
        sqlite_where=_PENDING,
    )
    op.create_index(
        "ix_webhooks_deliveries_pending_order",
        "webhooks_deliveries",
        ["endpoint_id", "aggregate_key", "sequence"],
        postgresql_where=_PENDING,
        sqlite_where=_PENDING,
    )
    op.create_index(
        "ix_webhooks_deliveries_tenant_id_endpoint_id",
        "webhooks_deliveries",
        ["tenant_id", "endpoint_id"],
    )


def _attempts() -> None:
    op.create_table(
        "webhooks_delivery_attempts",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("delivery_id", sa.Uuid(), nullable=False),
        sa.Column("endpoint_id", sa.Uuid(), nullable=False),
        sa.Column("event_id", sa.Uuid(), nullable=False),
        sa.Column("attempt", sa.Integer(), nullable=False),
        sa.Column("attempted_at", UTCDateTime(), nullable=False),
        sa.Column("status", sa.Integer(), nullable=True),
        sa.Column("latency_ms", sa.Integer(), nullable=False),
        sa.Column("request_headers", sa.JSON(), nullable=False),
        sa.Column("response_body", sa.Text(), nullable=False),
        sa.Column("error", sa.String(length=500), nullable=True),
        sa.PrimaryKeyConstraint("tenant_id", "id", name="pk_webhooks_delivery_attempts"),
    )
    op.create_index(
        "ix_webhooks_delivery_attempts_tenant_id_delivery_id",
        "webhooks_delivery_attempts",
        ["tenant_id", "delivery_id"],
    )
    op.create_index(
        "ix_webhooks_delivery_attempts_tenant_id_endpoint_id",
        "webhooks_delivery_attempts",
        ["tenant_id", "endpoint_id"],
    )
    enable_tenant_isolation("webhooks_delivery_attempts")


def upgrade() -> None:
    """Create the queue and the log; add ``webhooks_endpoints.failing_since``."""
    with op.batch_alter_table("webhooks_endpoints") as batch:
        batch.add_column(sa.Column("failing_since", UTCDateTime(), nullable=True))
    _deliveries()
    _attempts()


def downgrade() -> None:
    """Drop the queue and the log, and ``failing_since``."""
    disable_tenant_isolation("webhooks_delivery_attempts")
    op.drop_table("webhooks_delivery_attempts")
    op.drop_table("webhooks_deliveries")
    with op.batch_alter_table("webhooks_endpoints") as batch:
        batch.drop_column("failing_since")
