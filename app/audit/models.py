"""The audit log table (tenant-scoped; kept when delivered events are pruned)."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import Index, String
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base

__all__ = ["AuditEntryRow"]


class AuditEntryRow(Base):
    """One event as history: when, who, what type, which target."""

    __tablename__ = "core_audit_log"
    __table_args__ = (
        Index(
            "ix_core_audit_log_tenant_id_aggregate_type_aggregate_id",
            "tenant_id",
            "aggregate_type",
            "aggregate_id",
        ),
        Index("ix_core_audit_log_tenant_id_type", "tenant_id", "type"),
    )

    tenant_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    event_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    occurred_at: Mapped[datetime]
    type: Mapped[str] = mapped_column(String(120))
    actor: Mapped[str] = mapped_column(String(120))
    aggregate_type: Mapped[str] = mapped_column(String(80))
    aggregate_id: Mapped[str] = mapped_column(String(80))
