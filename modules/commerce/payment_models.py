"""Commerce's payment tables: payments, every call made to a provider, and refunds.

A payment is money asked of one provider for one order, keyed by the client's idempotency key.
``pending_operation`` names the provider call in flight (``authorize``, ``capture``, ``void``)
with ``pending_key``, the key the provider was given: set in the transaction before the call,
cleared in the one that records its outcome, so a call that timed out (or a process that died
mid-call) is found by ``commerce.reconcile_payments`` and asked about with the same key. A
refund is its own row with the same rule (``status = pending`` while its call is unsettled).
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    ForeignKeyConstraint,
    Index,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base, TenantScoped

__all__ = ["PaymentAttemptRow", "PaymentRow", "RefundRow"]


class PaymentRow(TenantScoped, Base):
    """A payment of an order through one provider: its state, amounts and call in flight."""

    __tablename__ = "commerce_payments"
    __table_args__ = (
        ForeignKeyConstraint(
            ["tenant_id", "order_id"],
            ["commerce_orders.tenant_id", "commerce_orders.id"],
            ondelete="CASCADE",
        ),
        UniqueConstraint("tenant_id", "idempotency_key"),
        Index("ix_commerce_payments_tenant_id_order_id", "tenant_id", "order_id"),
        Index(
            "ix_commerce_payments_tenant_id_pending_operation_updated_at",
            "tenant_id",
            "pending_operation",
            "updated_at",
        ),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    order_id: Mapped[uuid.UUID]
    provider: Mapped[str] = mapped_column(String(40))
    method: Mapped[str] = mapped_column(String(60))
    status: Mapped[str] = mapped_column(String(20))
    amount: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(String(3))
    captured_amount: Mapped[int] = mapped_column(BigInteger)
    refunded_amount: Mapped[int] = mapped_column(BigInteger)
    provider_reference: Mapped[str | None] = mapped_column(String(200))
    idempotency_key: Mapped[str] = mapped_column(String(100))
    pending_operation: Mapped[str | None] = mapped_column(String(20))
    pending_key: Mapped[str | None] = mapped_column(String(200))
    last_error: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class PaymentAttemptRow(TenantScoped, Base):
    """One call to a provider and how it ended (``succeeded``, ``failed``, ``timed_out``).

    ``response`` holds what the provider answered, redacted to its outcome, reference and
    error; never card data or secrets.
    """

    __tablename__ = "commerce_payment_attempts"
    __table_args__ = (
        ForeignKeyConstraint(
            ["tenant_id", "payment_id"],
            ["commerce_payments.tenant_id", "commerce_payments.id"],
            ondelete="CASCADE",
        ),
        Index(
            "ix_commerce_payment_attempts_tenant_id_payment_id_created_at",
            "tenant_id",
            "payment_id",
            "created_at",
        ),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    payment_id: Mapped[uuid.UUID]
    refund_id: Mapped[uuid.UUID | None]
    operation: Mapped[str] = mapped_column(String(20))
    idempotency_key: Mapped[str] = mapped_column(String(200))
    outcome: Mapped[str] = mapped_column(String(20))
    response: Mapped[dict[str, Any]] = mapped_column(JSON)
    duration_ms: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class RefundRow(TenantScoped, Base):
    """Money given back from a captured payment, optionally naming the lines it covers."""

    __tablename__ = "commerce_refunds"
    __table_args__ = (
        ForeignKeyConstraint(
            ["tenant_id", "order_id"],
            ["commerce_orders.tenant_id", "commerce_orders.id"],
            ondelete="CASCADE",
        ),
        ForeignKeyConstraint(
            ["tenant_id", "payment_id"],
            ["commerce_payments.tenant_id", "commerce_payments.id"],
            ondelete="CASCADE",
        ),
        UniqueConstraint("tenant_id", "idempotency_key"),
        Index("ix_commerce_refunds_tenant_id_order_id", "tenant_id", "order_id"),
        Index(
            "ix_commerce_refunds_tenant_id_status_updated_at", "tenant_id", "status", "updated_at"
        ),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    order_id: Mapped[uuid.UUID]
    payment_id: Mapped[uuid.UUID]
    amount: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(String(3))
    lines: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    reason: Mapped[str] = mapped_column(String(500))
    restock: Mapped[bool] = mapped_column(Boolean)
    status: Mapped[str] = mapped_column(String(20))
    provider_reference: Mapped[str | None] = mapped_column(String(200))
    idempotency_key: Mapped[str] = mapped_column(String(100))
    last_error: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
