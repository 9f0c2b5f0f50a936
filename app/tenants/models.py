"""The core's tenant tables."""

from __future__ import annotations

import enum
import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base

__all__ = ["TenantModuleRow", "TenantRow", "TenantStatus"]


class TenantStatus(enum.Enum):
    """A tenant's lifecycle state; only active tenants are served."""

    ACTIVE = "active"
    SUSPENDED = "suspended"
    ARCHIVED = "archived"


class TenantRow(Base):
    """One tenant: the unit of isolation (not tenant-scoped itself)."""

    __tablename__ = "core_tenants"
    __table_args__ = (
        CheckConstraint("status IN ('active', 'suspended', 'archived')", name="status"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(63), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class TenantModuleRow(Base):
    """A module's state and settings in one tenant; rows are kept when disabled."""

    __tablename__ = "core_tenant_modules"

    tenant_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("core_tenants.id", ondelete="CASCADE"), primary_key=True
    )
    module: Mapped[str] = mapped_column(String(63), primary_key=True)
    is_enabled: Mapped[bool]
    settings: Mapped[dict[str, Any]] = mapped_column(JSON)
    enabled_at: Mapped[datetime | None]
    updated_at: Mapped[datetime]
