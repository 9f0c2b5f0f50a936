"""Create storefront customers, their one-time email tokens, sessions and refresh tokens.

Revision ID: core_006
Revises: core_005
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from app.db.base import UTCDateTime
from app.db.rls import disable_tenant_isolation, enable_tenant_isolation

revision: str = "core_006"
down_revision: str | None = "core_005"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None

_TABLES = (
    "core_customers",
    "core_customer_tokens",
    "core_customer_sessions",
    "core_customer_refresh_tokens",
)


def _customer_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["tenant_id", "customer_id"],
        ["core_customers.tenant_id", "core_customers.id"],
        name=f"fk_{table}_customer",
        ondelete="CASCADE",
    )


def upgrade() -> None:
    """Create the customer tables, every one tenant-scoped with forced row-level security."""
    op.create_table(
        "core_customers",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("display_name", sa.String(length=120), nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=False),
        sa.Column("email_verified_at", UTCDateTime(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("locale", sa.String(length=35), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.CheckConstraint("status IN ('active', 'disabled')", name="ck_core_customers_status"),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["core_tenants.id"],
            name="fk_core_customers_tenant_id_core_tenants",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("tenant_id", "id", name="pk_core_customers"),
    )
    op.create_index(
        "ix_core_customers_tenant_id_email", "core_customers", ["tenant_id", "email"], unique=True
    )
    op.create_table(
        "core_customer_tokens",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("customer_id", sa.Uuid(), nullable=False),
        sa.Column("purpose", sa.String(length=16), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("expires_at", UTCDateTime(), nullable=False),
        sa.Column("used_at", UTCDateTime(), nullable=True),
        sa.CheckConstraint(
            "purpose IN ('verify_email', 'reset_password')",
            name="ck_core_customer_tokens_purpose",
        ),
        _customer_fk("core_customer_tokens"),
        sa.PrimaryKeyConstraint("tenant_id", "token_hash", name="pk_core_customer_tokens"),
    )
    op.create_index(
        "ix_core_customer_tokens_tenant_id_customer_id",
        "core_customer_tokens",
        ["tenant_id", "customer_id"],
    )
    op.create_table(
        "core_customer_sessions",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("customer_id", sa.Uuid(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("last_used_at", UTCDateTime(), nullable=False),
        sa.Column("revoked_at", UTCDateTime(), nullable=True),
        sa.Column("revoked_reason", sa.String(length=60), nullable=True),
        _customer_fk("core_customer_sessions"),
        sa.PrimaryKeyConstraint("tenant_id", "id", name="pk_core_customer_sessions"),
    )
    op.create_index(
        "ix_core_customer_sessions_tenant_id_customer_id",
        "core_customer_sessions",
        ["tenant_id", "customer_id"],
    )
    op.create_table(
        "core_customer_refresh_tokens",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("session_id", sa.Uuid(), nullable=False),
        sa.Column("issued_at", UTCDateTime(), nullable=False),
        sa.Column("expires_at", UTCDateTime(), nullable=False),
        sa.Column("used_at", UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["tenant_id", "session_id"],
            ["core_customer_sessions.tenant_id", "core_customer_sessions.id"],
            name="fk_core_customer_refresh_tokens_session",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("tenant_id", "token_hash", name="pk_core_customer_refresh_tokens"),
    )
    op.create_index(
        "ix_core_customer_refresh_tokens_tenant_id_session_id",
        "core_customer_refresh_tokens",
        ["tenant_id", "session_id"],
    )
    for table in _TABLES:
        enable_tenant_isolation(table)


def downgrade() -> None:
    """Drop the customer tables."""
    for table in reversed(_TABLES):
        disable_tenant_isolation(table)
        op.drop_table(table)
