"""The webhook tables: endpoints, deliveries (the queue) and attempts (the delivery log).

Endpoints and attempts are tenant-scoped (row-level security on PostgreSQL). Deliveries are
cross-tenant machinery like ``core_event_deliveries``: the delivery runner claims due ones
across tenants, so they carry ids, states and counters but never a body, a URL or a header.

Signing secrets are stored encrypted (:mod:`app.webhooks.secrets`): the server needs them to
sign, so a hash would not do. During a rotation's overlap the previous secret is kept beside
the current one, and both sign.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import JSON, BigInteger, Boolean, CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy import text as sql
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base
from app.db.base import TenantScoped

__all__ = ["DeliveryState", "WebhookAttemptRow", "WebhookDeliveryRow", "WebhookEndpointRow"]


class WebhookEndpointRow(TenantScoped, Base):
    """An endpoint of a tenant: where to send which events, and how to sign them."""

    __tablename__ = "webhooks_endpoints"

    tenant_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("core_tenants.id", ondelete="CASCADE"), primary_key=True
    )
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(String(2000))
    description: Mapped[str] = mapped_column(String(300))
    event_types: Mapped[list[str]] = mapped_column(JSON)
    is_active: Mapped[bool] = mapped_column(Boolean)
    # Header name → value; values often carry credentials, so they are never shown back.
    headers: Mapped[dict[str, str]] = mapped_column(JSON)
    secret: Mapped[str] = mapped_column(String(200))
    previous_secret: Mapped[str | None] = mapped_column(String(200))
    previous_secret_expires_at: Mapped[datetime | None]
    disabled_reason: Mapped[str | None] = mapped_column(String(16))
    # Since when every attempt has failed (None after a success); too long disables it.
    failing_since: Mapped[datetime | None]
    # A GraphQL query whose result goes with each delivery (app/webhooks/payloads.py), run
    # with ``payload_permissions`` only (each held by whoever set them).
    payload_query: Mapped[str | None] = mapped_column(Text)
    payload_permissions: Mapped[list[str]] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class DeliveryState:
    """The states of one event's delivery to one endpoint."""

    PENDING = "pending"
    DELIVERED = "delivered"
    DEAD = "dead"
    SKIPPED = "skipped"


_UNDELIVERED = sql("state = 'pending'")


class WebhookDeliveryRow(Base):
    """One event to one endpoint: its stable ``msg_id``, state and next attempt."""

    __tablename__ = "webhooks_deliveries"
    __table_args__ = (
        CheckConstraint("state IN ('pending', 'delivered', 'dead', 'skipped')", name="state"),
        Index(
            "ix_webhooks_deliveries_endpoint_id_event_id", "endpoint_id", "event_id", unique=True
        ),
        Index(
            "ix_webhooks_deliveries_pending_next_attempt_at",
            "next_attempt_at",
            postgresql_where=_UNDELIVERED,
            sqlite_where=_UNDELIVERED,
        ),
        Index(
            "ix_webhooks_deliveries_pending_order",
            "endpoint_id",
            "aggregate_key",
            "sequence",
            postgresql_where=_UNDELIVERED,
            sqlite_where=_UNDELIVERED,
        ),
        Index("ix_webhooks_deliveries_tenant_id_endpoint_id", "tenant_id", "endpoint_id"),
        {"info": {"cross_tenant": "the webhook runner claims due deliveries across tenants"}},
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    tenant_id: Mapped[uuid.UUID]
    endpoint_id: Mapped[uuid.UUID]
    event_id: Mapped[uuid.UUID]
    msg_id: Mapped[str] = mapped_column(String(80))
    aggregate_key: Mapped[str] = mapped_column(String(200))
    sequence: Mapped[int] = mapped_column(BigInteger)
    state: Mapped[str] = mapped_column(String(12))
    attempts: Mapped[int]
    next_attempt_at: Mapped[datetime]
    last_status: Mapped[int | None]
    created_at: Mapped[datetime]
    delivered_at: Mapped[datetime | None]


class WebhookAttemptRow(TenantScoped, Base):
    """One attempt of a delivery, as sent and as answered (custom header values redacted)."""

    __tablename__ = "webhooks_delivery_attempts"
    __table_args__ = (
        Index("ix_webhooks_delivery_attempts_tenant_id_delivery_id", "tenant_id", "delivery_id"),
        Index("ix_webhooks_delivery_attempts_tenant_id_endpoint_id", "tenant_id", "endpoint_id"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    delivery_id: Mapped[uuid.UUID]
    endpoint_id: Mapped[uuid.UUID]
    event_id: Mapped[uuid.UUID]
    attempt: Mapped[int]
    attempted_at: Mapped[datetime]
    status: Mapped[int | None]
    latency_ms: Mapped[int]
    request_headers: Mapped[dict[str, str]] = mapped_column(JSON)
    response_body: Mapped[str] = mapped_column(Text)
    error: Mapped[str | None] = mapped_column(String(500))
