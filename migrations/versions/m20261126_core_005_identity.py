"""Create users, memberships, roles, sessions, refresh tokens and API keys.

Revision ID: core_005
Revises: core_004
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from app.db.base import UTCDateTime
from app.db.rls import disable_tenant_isolation, enable_tenant_isolation

revision: str = "core_005"
down_revision: str | None = "core_004"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None

_TENANT_SCOPED = ("core_roles", "core_role_permissions", "core_membership_roles")


def upgrade() -> None:
    """Create the identity tables; roles and their grants get row-level security."""
    op.create_table(
        "core_users",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("display_name", sa.String(length=120), nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("is_platform_admin", sa.Boolean(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_core_users"),
        sa.UniqueConstraint("email", name="uq_core_users_email"),
    )
    op.create_table(
        "core_memberships",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["core_tenants.id"],
            name="fk_core_memberships_tenant_id_core_tenants",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["core_users.id"],
            name="fk_core_memberships_user_id_core_users",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("tenant_id", "user_id", name="pk_core_memberships"),
    )
    op.create_index("ix_core_memberships_user_id", "core_memberships", ["user_id"])
    op.create_table(
        "core_roles",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("description", sa.String(length=300), nullable=False),
        sa.Column("is_builtin", sa.Boolean(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("tenant_id", "id", name="pk_core_roles"),
    )
    op.create_index(
        "ix_core_roles_tenant_id_name", "core_roles", ["tenant_id", "name"], unique=True
    )
    op.create_table(
        "core_role_permissions",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("role_id", sa.Uuid(), nullable=False),
        sa.Column("permission", sa.String(length=120), nullable=False),
        sa.PrimaryKeyConstraint(
            "tenant_id", "role_id", "permission", name="pk_core_role_permissions"
        ),
    )
    op.create_table(
        "core_membership_roles",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("role_id", sa.Uuid(), nullable=False),
        sa.PrimaryKeyConstraint("tenant_id", "user_id", "role_id", name="pk_core_membership_roles"),
    )
    op.create_table(
        "core_sessions",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("last_used_at", UTCDateTime(), nullable=False),
        sa.Column("revoked_at", UTCDateTime(), nullable=True),
        sa.Column("revoked_reason", sa.String(length=60), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["core_users.id"],
            name="fk_core_sessions_user_id_core_users",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_core_sessions"),
    )
    op.create_index("ix_core_sessions_user_id", "core_sessions", ["user_id"])
    op.create_table(
        "core_refresh_tokens",
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("session_id", sa.Uuid(), nullable=False),
        sa.Column("issued_at", UTCDateTime(), nullable=False),
        sa.Column("expires_at", UTCDateTime(), nullable=False),
        sa.Column("used_at", UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["core_sessions.id"],
            name="fk_core_refresh_tokens_session_id_core_sessions",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("token_hash", name="pk_core_refresh_tokens"),
    )
    op.create_index("ix_core_refresh_tokens_session_id", "core_refresh_tokens", ["session_id"])
    op.create_table(
        "core_api_keys",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("secret_hash", sa.String(length=64), nullable=False),
        sa.Column("permissions", sa.JSON(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("expires_at", UTCDateTime(), nullable=True),
        sa.Column("revoked_at", UTCDateTime(), nullable=True),
        sa.Column("last_used_at", UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["core_tenants.id"],
            name="fk_core_api_keys_tenant_id_core_tenants",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_core_api_keys"),
    )
    op.create_index("ix_core_api_keys_tenant_id", "core_api_keys", ["tenant_id"])
    for table in _TENANT_SCOPED:
        enable_tenant_isolation(table)


def downgrade() -> None:
    """Drop the identity tables."""
    for table in _TENANT_SCOPED:
        disable_tenant_isolation(table)
    for table in (
        "core_api_keys",
        "core_refresh_tokens",
        "core_sessions",
        "core_membership_roles",
        "core_role_permissions",
        "core_roles",
        "core_memberships",
        "core_users",
    ):
        op.drop_table(table)
