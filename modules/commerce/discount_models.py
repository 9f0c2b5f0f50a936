"""Commerce's discount tables: discounts, their targets, carts' codes, redemptions and orders'.

A discount is a code (stored upper-case, unique per tenant) or automatic; ``percentage`` (its
``value`` in basis points) or ``fixed`` (minor units of ``currency``); on the ``order``, on
``products`` or on ``categories`` (named by its targets). ``usage_count`` is counted when an
order is placed, by a conditional update, and each placed order that used a discount is one
redemption (the per-customer limit counts these, by customer or by e-mail). A cart holds the
codes applied to it; an order keeps what each discount took off it
(``commerce_order_discounts``), which no later edit or deletion of the discount rewrites.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import (
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

__all__ = [
    "CartDiscountRow",
    "DiscountRedemptionRow",
    "DiscountRow",
    "DiscountTargetRow",
    "OrderDiscountRow",
]


def _discount_key() -> ForeignKeyConstraint:
    return ForeignKeyConstraint(
        ["tenant_id", "discount_id"],
        ["commerce_discounts.tenant_id", "commerce_discounts.id"],
        ondelete="CASCADE",
    )


def _parent_key(column: str, parent: str) -> ForeignKeyConstraint:
    return ForeignKeyConstraint(
        ["tenant_id", column], [f"{parent}.tenant_id", f"{parent}.id"], ondelete="CASCADE"
    )


class DiscountRow(TenantScoped, Base):
    """A discount: code or automatic, its kind and value, target, limits and window."""

    __tablename__ = "commerce_discounts"
    __table_args__ = (
        UniqueConstraint("tenant_id", "code"),
        Index(
            "ix_commerce_discounts_tenant_id_is_automatic_status",
            "tenant_id",
            "is_automatic",
            "status",
        ),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    code: Mapped[str | None] = mapped_column(String(60))
    name: Mapped[str] = mapped_column(String(200))
    is_automatic: Mapped[bool] = mapped_column(Boolean)
    kind: Mapped[str] = mapped_column(String(10))
    value: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[str | None] = mapped_column(String(3))
    target: Mapped[str] = mapped_column(String(10))
    min_subtotal_amount: Mapped[int | None] = mapped_column(BigInteger)
    usage_limit: Mapped[int | None] = mapped_column(Integer)
    usage_limit_per_customer: Mapped[int | None] = mapped_column(Integer)
    usage_count: Mapped[int] = mapped_column(Integer)
    starts_at: Mapped[datetime | None]
    ends_at: Mapped[datetime | None]
    combinable: Mapped[bool] = mapped_column(Boolean)
    status: Mapped[str] = mapped_column(String(10))
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class DiscountTargetRow(TenantScoped, Base):
    """A product or category a ``products`` or ``categories`` discount applies to."""

    __tablename__ = "commerce_discount_targets"
    __table_args__ = (_discount_key(),)

    discount_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    target_type: Mapped[str] = mapped_column(String(10), primary_key=True)
    target_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)


class CartDiscountRow(TenantScoped, Base):
    """A code applied to a cart."""

    __tablename__ = "commerce_cart_discounts"
    __table_args__ = (_parent_key("cart_id", "commerce_carts"), _discount_key())

    cart_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    discount_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(60))
    created_at: Mapped[datetime]


class DiscountRedemptionRow(TenantScoped, Base):
    """One placed order's use of a discount, by its customer when signed in."""

    __tablename__ = "commerce_discount_redemptions"
    __table_args__ = (
        _discount_key(),
        _parent_key("order_id", "commerce_orders"),
        UniqueConstraint("tenant_id", "discount_id", "order_id"),
        Index(
            "ix_commerce_discount_redemptions_customer",
            "tenant_id",
            "discount_id",
            "customer_id",
        ),
        Index("ix_commerce_discount_redemptions_email", "tenant_id", "discount_id", "email"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    discount_id: Mapped[uuid.UUID]
    order_id: Mapped[uuid.UUID]
    customer_id: Mapped[uuid.UUID | None]
    # The buyer's e-mail, lower-case: the per-customer limit also counts a guest's uses.
    email: Mapped[str | None] = mapped_column(String(320))
    created_at: Mapped[datetime]


class OrderDiscountRow(TenantScoped, Base):
    """What one discount took off an order, frozen when it was placed."""

    __tablename__ = "commerce_order_discounts"
    __table_args__ = (_parent_key("order_id", "commerce_orders"),)

    order_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    # Not a foreign key: the order's record outlives the discount.
    discount_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    code: Mapped[str | None] = mapped_column(String(60))
    name: Mapped[str] = mapped_column(String(200))
    amount: Mapped[int] = mapped_column(BigInteger)
