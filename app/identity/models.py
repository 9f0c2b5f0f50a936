"""The identity tables.

Users are global (one person, many tenants); memberships link users to tenants and are looked
up across tenants (``me``), so they and the session tables are cross-tenant by declaration.
Roles and role assignments are tenant-scoped (row-level security on PostgreSQL). API keys are
found by their id before the tenant is known, so they are cross-tenant too; they hold only a
hash of the secret.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base

__all__ = [
    "ApiKeyRow",
    "MembershipRoleRow",
    "MembershipRow",
    "RefreshTokenRow",
    "RolePermissionRow",
    "RoleRow",
    "SessionRow",
    "UserRow",
]


class UserRow(Base):
    """A person: one identity across tenants."""

    __tablename__ = "core_users"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    display_name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str | None] = mapped_column(String(255))
    status: Mapped[str] = mapped_column(String(16))
    is_platform_admin: Mapped[bool] = mapped_column(Boolean)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class MembershipRow(Base):
    """A user's membership of a tenant."""

    __tablename__ = "core_memberships"
    __table_args__ = (
        Index("ix_core_memberships_user_id", "user_id"),
        {"info": {"cross_tenant": "a user's memberships are listed across tenants (me)"}},
    )

    tenant_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("core_tenants.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("core_users.id", ondelete="CASCADE"), primary_key=True
    )
    created_at: Mapped[datetime]


class RoleRow(Base):
    """A tenant's role: built-in (owner, admin, editor, viewer) or custom."""

    __tablename__ = "core_roles"
    __table_args__ = (Index("ix_core_roles_tenant_id_name", "tenant_id", "name", unique=True),)

    tenant_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(60))
    description: Mapped[str] = mapped_column(String(300))
    is_builtin: Mapped[bool] = mapped_column(Boolean)
    created_at: Mapped[datetime]


class RolePermissionRow(Base):
    """One permission a role grants."""

    __tablename__ = "core_role_permissions"

    tenant_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    role_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    permission: Mapped[str] = mapped_column(String(120), primary_key=True)


class MembershipRoleRow(Base):
    """A role held by a member of a tenant."""

    __tablename__ = "core_membership_roles"

    tenant_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    user_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    role_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)


class SessionRow(Base):
    """A signed-in session: the family of its rotating refresh tokens."""

    __tablename__ = "core_sessions"
    __table_args__ = (Index("ix_core_sessions_user_id", "user_id"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("core_users.id", ondelete="CASCADE"))
    created_at: Mapped[datetime]
    last_used_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]
    revoked_reason: Mapped[str | None] = mapped_column(String(60))


class RefreshTokenRow(Base):
    """One refresh token (stored as a hash); used once, then replaced."""

    __tablename__ = "core_refresh_tokens"
    __table_args__ = (Index("ix_core_refresh_tokens_session_id", "session_id"),)

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    session_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("core_sessions.id", ondelete="CASCADE")
    )
    issued_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]


class ApiKeyRow(Base):
    """An application's key: scoped permissions in one tenant; the secret is kept as a hash."""

    __tablename__ = "core_api_keys"
    __table_args__ = (
        Index("ix_core_api_keys_tenant_id", "tenant_id"),
        {"info": {"cross_tenant": "a presented key is found by id before its tenant is known"}},
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    tenant_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("core_tenants.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(120))
    secret_hash: Mapped[str] = mapped_column(String(64))
    permissions: Mapped[list[Any]] = mapped_column(JSON)
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]
    last_used_at: Mapped[datetime | None]
