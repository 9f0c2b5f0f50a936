"""The outbox tables.

``core_events`` and ``core_aggregate_sequences`` are tenant-scoped (row-level security on
PostgreSQL). ``core_event_deliveries`` and ``core_subscriber_positions`` are cross-tenant
machinery: the dispatcher claims work across tenants from them, so they carry ids, states and
counters but never a payload (``info["cross_tenant"]`` says why for the RLS test).
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, CheckConstraint, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base

__all__ = [
    "AggregateSequenceRow",
    "DeliveryRow",
    "DeliveryState",
    "EventRow",
    "SubscriberPositionRow",
]


class DeliveryState:
    """The states of one event's delivery to one subscriber."""

    PENDING = "pending"
    DELIVERED = "delivered"
    DEAD = "dead"


class EventRow(Base):
    """One event in the outbox (and, until retention prunes it, the event store)."""

    __tablename__ = "core_events"
    __table_args__ = (
        Index(
            "ix_core_events_tenant_id_aggregate_type_aggregate_id_sequence",
            "tenant_id",
            "aggregate_type",
            "aggregate_id",
            "sequence",
            unique=True,
        ),
        Index("ix_core_events_tenant_id_occurred_at", "tenant_id", "occurred_at"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    tenant_id: Mapped[uuid.UUID]
    type: Mapped[str] = mapped_column(String(120))
    version: Mapped[int]
    aggregate_type: Mapped[str] = mapped_column(String(80))
    aggregate_id: Mapped[str] = mapped_column(String(80))
    sequence: Mapped[int] = mapped_column(BigInteger)
    occurred_at: Mapped[datetime]
    actor: Mapped[str] = mapped_column(String(120))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)


class AggregateSequenceRow(Base):
    """The last sequence number handed out per aggregate; its row lock orders emitters."""

    __tablename__ = "core_aggregate_sequences"

    tenant_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    aggregate_type: Mapped[str] = mapped_column(String(80), primary_key=True)
    aggregate_id: Mapped[str] = mapped_column(String(80), primary_key=True)
    last_sequence: Mapped[int] = mapped_column(BigInteger)


class DeliveryRow(Base):
    """One event's delivery to one subscriber: state, attempts, next attempt, last error."""

    __tablename__ = "core_event_deliveries"
    __table_args__ = (
        CheckConstraint("state IN ('pending', 'delivered', 'dead')", name="state"),
        Index("ix_core_event_deliveries_state_event_id", "state", "event_id"),
        # The claim's own: pending rows in event order, however much history is kept.
        Index(
            "ix_core_event_deliveries_pending_event_id",
            "event_id",
            postgresql_where=text("state = 'pending'"),
            sqlite_where=text("state = 'pending'"),
        ),
        # Only undelivered rows: the order and held-back checks never read delivered history.
        Index(
            "ix_core_event_deliveries_undelivered_order",
            "subscriber",
            "aggregate_key",
            "sequence",
            postgresql_where=text("state <> 'delivered'"),
            sqlite_where=text("state <> 'delivered'"),
        ),
        Index(
            "ix_core_event_deliveries_undelivered_state_next_attempt_at",
            "state",
            "next_attempt_at",
            postgresql_where=text("state <> 'delivered'"),
            sqlite_where=text("state <> 'delivered'"),
        ),
        Index(
            "ix_core_event_deliveries_tenant_id_subscriber_state",
            "tenant_id",
            "subscriber",
            "state",
        ),
        {"info": {"cross_tenant": "the dispatcher claims deliveries across tenants"}},
    )

    event_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("core_events.id", ondelete="CASCADE"), primary_key=True
    )
    subscriber: Mapped[str] = mapped_column(String(120), primary_key=True)
    tenant_id: Mapped[uuid.UUID]
    aggregate_key: Mapped[str] = mapped_column(String(200))
    sequence: Mapped[int] = mapped_column(BigInteger)
    state: Mapped[str] = mapped_column(String(12))
    attempts: Mapped[int]
    next_attempt_at: Mapped[datetime]
    last_error: Mapped[str | None] = mapped_column(Text)
    delivered_at: Mapped[datetime | None]
    created_at: Mapped[datetime]


class SubscriberPositionRow(Base):
    """What a subscriber last applied in a tenant: the index status's "last event"."""

    __tablename__ = "core_subscriber_positions"
    __table_args__ = ({"info": {"cross_tenant": "index status is read across tenants"}},)

    subscriber: Mapped[str] = mapped_column(String(120), primary_key=True)
    tenant_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    last_event_id: Mapped[uuid.UUID]
    last_occurred_at: Mapped[datetime]
    last_applied_at: Mapped[datetime]
    applied_count: Mapped[int] = mapped_column(BigInteger)
