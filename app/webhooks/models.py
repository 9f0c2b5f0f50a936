"""The table of webhook endpoints (tenant-scoped: row-level security on PostgreSQL).

Signing secrets are stored encrypted (:mod:`app.webhooks.secrets`): the server needs them to
sign, so a hash would not do. During a rotation's overlap the previous secret is kept beside
the current one, and both sign.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import JSON, Boolean, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base
from app.db.base import TenantScoped

__all__ = ["WebhookEndpointRow"]


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
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
