"""Create the webhook endpoints table (tenant-scoped: row-level security).

Revision ID: core_008
Revises: core_007
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from app.db.base import UTCDateTime
from app.db.rls import disable_tenant_isolation, enable_tenant_isolation

revision: str = "core_008"
down_revision: str | None = "core_007"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None

_TABLE = "webhooks_endpoints"


def upgrade() -> None:
    """Create ``webhooks_endpoints``; secrets are stored sealed (app/webhooks/secrets.py)."""
    op.create_table(
        _TABLE,
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("url", sa.String(length=2000), nullable=False),
        sa.Column("description", sa.String(length=300), nullable=False),
        sa.Column("event_types", sa.JSON(), nullable=False),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.Column("headers", sa.JSON(), nullable=False),
        sa.Column("secret", sa.String(length=200), nullable=False),
        sa.Column("previous_secret", sa.String(length=200), nullable=True),
        sa.Column("previous_secret_expires_at", UTCDateTime(), nullable=True),
        sa.Column("disabled_reason", sa.String(length=16), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["core_tenants.id"],
            name="fk_webhooks_endpoints_tenant_id_core_tenants",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("tenant_id", "id", name="pk_webhooks_endpoints"),
    )
    enable_tenant_isolation(_TABLE)


def downgrade() -> None:
    """Drop ``webhooks_endpoints``."""
    disable_tenant_isolation(_TABLE)
    op.drop_table(_TABLE)
