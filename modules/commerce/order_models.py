"""Commerce's order tables: the order counter, orders, their frozen lines, and reservations.

An order copies what it sells at checkout (SKU, names, unit price, amounts), so later catalog
changes never rewrite it. A reservation is stock promised to an order in one warehouse until
it is consumed (fulfilment), released (cancellation) or expires (``expires_at``).
"""

from __future__ import annotations

import uuid
from datetime import datetime

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

__all__ = ["OrderCounterRow", "OrderLineRow", "OrderRow", "ReservationRow"]


class OrderCounterRow(TenantScoped, Base):
    """The tenant's next order number, taken with an atomic update in the placing transaction."""

    __tablename__ = "commerce_order_counters"

    next_number: Mapped[int] = mapped_column(BigInteger)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class OrderRow(TenantScoped, Base):
    """An order: its number, buyer, three states, frozen totals and idempotency key."""

    __tablename__ = "commerce_orders"
    __table_args__ = (
        UniqueConstraint("tenant_id", "number"),
        UniqueConstraint("tenant_id", "idempotency_key"),
        UniqueConstraint("tenant_id", "access_token_hash"),
        Index(
            "ix_commerce_orders_tenant_id_customer_id_placed_at",
            "tenant_id",
            "customer_id",
            "placed_at",
        ),
        Index(
            "ix_commerce_orders_tenant_id_payment_status_placed_at",
            "tenant_id",
            "payment_status",
            "placed_at",
        ),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(40))
    cart_id: Mapped[uuid.UUID]
    # A core customer's id; not a foreign key, as for carts.
    customer_id: Mapped[uuid.UUID | None]
    email: Mapped[str | None] = mapped_column(String(254))
    access_token_hash: Mapped[str] = mapped_column(String(64))
    currency: Mapped[str] = mapped_column(String(3))
    status: Mapped[str] = mapped_column(String(20))
    payment_status: Mapped[str] = mapped_column(String(20))
    fulfilment_status: Mapped[str] = mapped_column(String(20))
    prices_include_tax: Mapped[bool] = mapped_column(Boolean)
    subtotal_amount: Mapped[int] = mapped_column(BigInteger)
    discount_amount: Mapped[int] = mapped_column(BigInteger)
    shipping_amount: Mapped[int] = mapped_column(BigInteger)
    tax_amount: Mapped[int] = mapped_column(BigInteger)
    total_amount: Mapped[int] = mapped_column(BigInteger)
    paid_amount: Mapped[int] = mapped_column(BigInteger)
    refunded_amount: Mapped[int] = mapped_column(BigInteger)
    shipping_address: Mapped[dict[str, str] | None] = mapped_column(JSON)
    billing_address: Mapped[dict[str, str] | None] = mapped_column(JSON)
    shipping_rate: Mapped[dict[str, str] | None] = mapped_column(JSON)
    payment_method: Mapped[str | None] = mapped_column(String(60))
    idempotency_key: Mapped[str] = mapped_column(String(100))
    placed_at: Mapped[datetime]
    completed_at: Mapped[datetime | None]
    cancelled_at: Mapped[datetime | None]
    cancel_reason: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class OrderLineRow(TenantScoped, Base):
    """One variant bought, with what it was called and cost when the order was placed."""

    __tablename__ = "commerce_order_lines"
    __table_args__ = (
        ForeignKeyConstraint(
            ["tenant_id", "order_id"],
            ["commerce_orders.tenant_id", "commerce_orders.id"],
            ondelete="CASCADE",
        ),
        Index("ix_commerce_order_lines_tenant_id_order_id", "tenant_id", "order_id"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    order_id: Mapped[uuid.UUID]
    # Not foreign keys: the order outlives the catalog rows it names.
    variant_id: Mapped[uuid.UUID]
    product_id: Mapped[uuid.UUID]
    sku: Mapped[str] = mapped_column(String(100))
    product_name: Mapped[str] = mapped_column(String(300))
    variant_title: Mapped[str] = mapped_column(String(300))
    quantity: Mapped[int] = mapped_column(Integer)
    unit_amount: Mapped[int] = mapped_column(BigInteger)
    discount_amount: Mapped[int] = mapped_column(BigInteger)
    tax_amount: Mapped[int] = mapped_column(BigInteger)
    tax_rate_ppm: Mapped[int] = mapped_column(Integer)
    total_amount: Mapped[int] = mapped_column(BigInteger)
    fulfilled_quantity: Mapped[int] = mapped_column(Integer)
    refunded_quantity: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class ReservationRow(TenantScoped, Base):
    """Stock of a variant in a warehouse promised to an order.

    ``status`` is ``active``, ``consumed`` or ``released``; an active one past ``expires_at``
    is released by the job ``commerce.release_expired_reservations``.
    """

    __tablename__ = "commerce_reservations"
    __table_args__ = (
        Index(
            "ix_commerce_reservations_tenant_id_status_expires_at",
            "tenant_id",
            "status",
            "expires_at",
        ),
        Index("ix_commerce_reservations_tenant_id_order_id", "tenant_id", "order_id"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    order_id: Mapped[uuid.UUID]
    variant_id: Mapped[uuid.UUID]
    warehouse_id: Mapped[uuid.UUID]
    quantity: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(20))
    expires_at: Mapped[datetime | None]
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
