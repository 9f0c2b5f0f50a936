"""Commerce's cart tables: a cart addressed by the hash of its token, and its lines.

A cart holds one currency and caches its totals (recomputed on every change, never taken from
the client); a line caches its resolved unit price and its amounts. Lines go with their cart
and with their variant (``ON DELETE CASCADE``).
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

__all__ = ["CartLineRow", "CartRow"]


class CartRow(TenantScoped, Base):
    """A cart: its token's hash, owner (once a customer touched it), currency and totals.

    ``status`` is ``open``, ``completed`` (became an order) or ``abandoned`` (idle for the
    tenant's ``cart_abandoned_after_hours``; any change opens it again).
    """

    __tablename__ = "commerce_carts"
    __table_args__ = (
        UniqueConstraint("tenant_id", "token_hash"),
        Index(
            "ix_commerce_carts_tenant_id_customer_id_status", "tenant_id", "customer_id", "status"
        ),
        Index(
            "ix_commerce_carts_tenant_id_status_last_activity_at",
            "tenant_id",
            "status",
            "last_activity_at",
        ),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64))
    # A core customer's id; not a foreign key, so erasing a customer never waits on carts.
    customer_id: Mapped[uuid.UUID | None]
    currency: Mapped[str] = mapped_column(String(3))
    status: Mapped[str] = mapped_column(String(20))
    email: Mapped[str | None] = mapped_column(String(254))
    shipping_address: Mapped[dict[str, str] | None] = mapped_column(JSON)
    billing_address: Mapped[dict[str, str] | None] = mapped_column(JSON)
    shipping_rate_id: Mapped[uuid.UUID | None]
    subtotal_amount: Mapped[int] = mapped_column(BigInteger)
    discount_amount: Mapped[int] = mapped_column(BigInteger)
    shipping_amount: Mapped[int] = mapped_column(BigInteger)
    tax_amount: Mapped[int] = mapped_column(BigInteger)
    total_amount: Mapped[int] = mapped_column(BigInteger)
    tax_estimated: Mapped[bool] = mapped_column(Boolean)
    # Whether the cached amounts were computed with tax-inclusive prices.
    prices_include_tax: Mapped[bool] = mapped_column(Boolean)
    last_activity_at: Mapped[datetime]
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class CartLineRow(TenantScoped, Base):
    """One variant in a cart: its quantity and the amounts last computed for it."""

    __tablename__ = "commerce_cart_lines"
    __table_args__ = (
        ForeignKeyConstraint(
            ["tenant_id", "cart_id"],
            ["commerce_carts.tenant_id", "commerce_carts.id"],
            ondelete="CASCADE",
        ),
        ForeignKeyConstraint(
            ["tenant_id", "variant_id"],
            ["commerce_variants.tenant_id", "commerce_variants.id"],
            ondelete="CASCADE",
        ),
        UniqueConstraint("tenant_id", "cart_id", "variant_id"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    cart_id: Mapped[uuid.UUID]
    variant_id: Mapped[uuid.UUID]
    quantity: Mapped[int] = mapped_column(Integer)
    unit_amount: Mapped[int] = mapped_column(BigInteger)
    discount_amount: Mapped[int] = mapped_column(BigInteger)
    tax_amount: Mapped[int] = mapped_column(BigInteger)
    total_amount: Mapped[int] = mapped_column(BigInteger)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
