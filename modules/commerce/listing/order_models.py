"""The admin's order list read table: one row per order, pre-shaped for filtering and sorting.

A row copies what the list shows and filters on (number, the three states, the customer and
their name, the e-mail, currency, total, how many units were bought, when it was placed), plus
``search_text`` (number, e-mail and name, lower-cased) and the id of the order's latest event.
The projection ``commerce.orders`` rebuilds a row from the source tables on every order event.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import BigInteger, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base

__all__ = ["OrderListingRow"]


class OrderListingRow(Base):
    """An order as the admin's order list shows it."""

    __tablename__ = "idx_commerce_orders"
    __table_args__ = (
        UniqueConstraint("tenant_id", "number"),
        # Ascending keys: a B-tree serves `placed_at DESC` by scanning backwards.
        Index("ix_idx_commerce_orders_placed", "tenant_id", "placed_at"),
        Index("ix_idx_commerce_orders_status", "tenant_id", "status", "placed_at"),
        Index("ix_idx_commerce_orders_payment", "tenant_id", "payment_status", "placed_at"),
        Index("ix_idx_commerce_orders_fulfilment", "tenant_id", "fulfilment_status", "placed_at"),
        Index("ix_idx_commerce_orders_customer", "tenant_id", "customer_id", "placed_at"),
        Index("ix_idx_commerce_orders_total", "tenant_id", "currency", "total_amount"),
    )

    tenant_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    order_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(20))
    payment_status: Mapped[str] = mapped_column(String(20))
    fulfilment_status: Mapped[str] = mapped_column(String(20))
    customer_id: Mapped[uuid.UUID | None]
    customer_name: Mapped[str | None] = mapped_column(String(120))
    email: Mapped[str | None] = mapped_column(String(254))
    currency: Mapped[str] = mapped_column(String(3))
    total_amount: Mapped[int] = mapped_column(BigInteger)
    item_count: Mapped[int] = mapped_column(Integer)
    placed_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    search_text: Mapped[str] = mapped_column(Text)
    last_event_id: Mapped[uuid.UUID | None]
