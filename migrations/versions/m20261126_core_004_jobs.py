"""Create delayed jobs and periodic runs.

Revision ID: core_004
Revises: core_003
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from app.db.base import UTCDateTime

revision: str = "core_004"
down_revision: str | None = "core_003"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None


def upgrade() -> None:
    """Create core_jobs and core_periodic_runs."""
    op.create_table(
        "core_jobs",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=True),
        sa.Column("tenant_id", sa.Uuid(), nullable=True),
        sa.Column("run_at", UTCDateTime(), nullable=False),
        sa.Column("args", sa.JSON(), nullable=False),
        sa.Column("state", sa.String(length=12), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("finished_at", UTCDateTime(), nullable=True),
        sa.CheckConstraint(
            "state IN ('pending', 'done', 'dead', 'cancelled')", name="ck_core_jobs_state"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_core_jobs"),
    )
    op.create_index("ix_core_jobs_state_run_at", "core_jobs", ["state", "run_at"])
    op.create_index("ix_core_jobs_name_key", "core_jobs", ["name", "key"], unique=True)
    op.create_table(
        "core_periodic_runs",
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("next_run_at", UTCDateTime(), nullable=False),
        sa.Column("last_run_at", UTCDateTime(), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("name", name="pk_core_periodic_runs"),
    )


def downgrade() -> None:
    """Drop both tables."""
    op.drop_table("core_periodic_runs")
    op.drop_table("core_jobs")
