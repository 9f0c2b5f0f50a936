"""The storefront customer tables: accounts, one-time email tokens, sessions, refresh tokens.

A customer belongs to one tenant, so every table is tenant-scoped (``tenant_id`` leads each key;
row-level security on PostgreSQL) and the same email may have an account in several tenants.
Tokens and refresh tokens are stored only as SHA-256 hashes of their secrets.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, ForeignKeyConstraint, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base

__all__ = [
    "CustomerRefreshTokenRow",
    "CustomerRow",
    "CustomerSessionRow",
    "CustomerStatus",
    "CustomerTokenRow",
    "TokenPurpose",
]


class CustomerStatus:
    """A customer's states."""

    ACTIVE = "active"
    DISABLED = "disabled"


class TokenPurpose:
    """What an emailed one-time token proves."""

    VERIFY_EMAIL = "verify_email"
    RESET_PASSWORD = "reset_password"  # noqa: S105 - a purpose name, not a secret


class CustomerRow(Base):
    """A storefront account of one tenant."""

    __tablename__ = "core_customers"
    __table_args__ = (
        Index("ix_core_customers_tenant_id_email", "tenant_id", "email", unique=True),
        CheckConstraint("status IN ('active', 'disabled')", name="status"),
    )

    tenant_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("core_tenants.id", ondelete="CASCADE"), primary_key=True
    )
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254))
    display_name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(255))
    email_verified_at: Mapped[datetime | None]
    status: Mapped[str] = mapped_column(String(16))
    locale: Mapped[str] = mapped_column(String(35))
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class CustomerTokenRow(Base):
    """A one-time token sent by email (verification, password reset); kept as a hash."""

    __tablename__ = "core_customer_tokens"
    __table_args__ = (
        ForeignKeyConstraint(
            ["tenant_id", "customer_id"],
            ["core_customers.tenant_id", "core_customers.id"],
            ondelete="CASCADE",
            name="fk_core_customer_tokens_customer",
        ),
        Index("ix_core_customer_tokens_tenant_id_customer_id", "tenant_id", "customer_id"),
        CheckConstraint("purpose IN ('verify_email', 'reset_password')", name="purpose"),
    )

    tenant_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    customer_id: Mapped[uuid.UUID]
    purpose: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]


class CustomerSessionRow(Base):
    """A customer's signed-in session: the family of its rotating refresh tokens."""

    __tablename__ = "core_customer_sessions"
    __table_args__ = (
        ForeignKeyConstraint(
            ["tenant_id", "customer_id"],
            ["core_customers.tenant_id", "core_customers.id"],
            ondelete="CASCADE",
            name="fk_core_customer_sessions_customer",
        ),
        Index("ix_core_customer_sessions_tenant_id_customer_id", "tenant_id", "customer_id"),
    )

    tenant_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    customer_id: Mapped[uuid.UUID]
    created_at: Mapped[datetime]
    last_used_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]
    revoked_reason: Mapped[str | None] = mapped_column(String(60))


class CustomerRefreshTokenRow(Base):
    """One refresh token of a customer session (stored as a hash); used once, then replaced."""

    __tablename__ = "core_customer_refresh_tokens"
    __table_args__ = (
        ForeignKeyConstraint(
            ["tenant_id", "session_id"],
            ["core_customer_sessions.tenant_id", "core_customer_sessions.id"],
            ondelete="CASCADE",
            name="fk_core_customer_refresh_tokens_session",
        ),
        Index("ix_core_customer_refresh_tokens_tenant_id_session_id", "tenant_id", "session_id"),
    )

    tenant_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    session_id: Mapped[uuid.UUID]
    issued_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]
