"""The audit log table (tenant-scoped; kept when delivered events are pruned).

Each entry keeps the event's payload at the version it was delivered in, so the history says
what changed, not only that something did; entries recorded before payloads were kept have
none.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base

__all__ = ["AuditEntryRow"]


class AuditEntryRow(Base):
    """One event as history: when, who, what type, which target, and its payload."""

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
    version: Mapped[int | None]
    payload: Mapped[dict[str, Any] | None] = mapped_column(JSON)
