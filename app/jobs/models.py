"""The job tables (cross-tenant machinery: runners claim across tenants)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base

__all__ = ["JobRow", "JobState", "PeriodicRunRow"]


class JobState:
    """The states of a delayed job."""

    PENDING = "pending"
    DONE = "done"
    DEAD = "dead"
    CANCELLED = "cancelled"


class JobRow(Base):
    """One delayed job: what, for which tenant, when, and how it went."""

    __tablename__ = "core_jobs"
    __table_args__ = (
        CheckConstraint("state IN ('pending', 'done', 'dead', 'cancelled')", name="state"),
        Index("ix_core_jobs_state_run_at", "state", "run_at"),
        Index("ix_core_jobs_name_key", "name", "key", unique=True),
        {"info": {"cross_tenant": "runners claim due jobs across tenants"}},
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    key: Mapped[str | None] = mapped_column(String(200))
    tenant_id: Mapped[uuid.UUID | None]
    run_at: Mapped[datetime]
    args: Mapped[dict[str, Any]] = mapped_column(JSON)
    state: Mapped[str] = mapped_column(String(12))
    attempts: Mapped[int]
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime]
    finished_at: Mapped[datetime | None]


class PeriodicRunRow(Base):
    """When a periodic job runs next; claiming a period is one conditional update."""

    __tablename__ = "core_periodic_runs"

    name: Mapped[str] = mapped_column(String(120), primary_key=True)
    next_run_at: Mapped[datetime]
    last_run_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)
