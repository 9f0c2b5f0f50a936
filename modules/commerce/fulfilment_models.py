"""Commerce's fulfilment tables: what left which warehouse for an order, and when it shipped.

A fulfilment takes units of an order's lines out of one warehouse (their reservation consumed,
the stock gone from on hand); it is ``created`` (packed), then ``shipped`` with a carrier and a
tracking number. Its lines say how many of each order line it holds.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import ForeignKeyConstraint, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base, TenantScoped

__all__ = ["FulfilmentLineRow", "FulfilmentRow"]


class FulfilmentRow(TenantScoped, Base):
    """A shipment of an order from one warehouse."""

    __tablename__ = "commerce_fulfilments"
    __table_args__ = (
        ForeignKeyConstraint(
            ["tenant_id", "order_id"],
            ["commerce_orders.tenant_id", "commerce_orders.id"],
            ondelete="CASCADE",
        ),
        Index("ix_commerce_fulfilments_tenant_id_order_id", "tenant_id", "order_id"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    order_id: Mapped[uuid.UUID]
    # Not a foreign key: warehouses are never deleted, and the fulfilment is a record.
    warehouse_id: Mapped[uuid.UUID]
    status: Mapped[str] = mapped_column(String(20))
    carrier: Mapped[str | None] = mapped_column(String(100))
    tracking_number: Mapped[str | None] = mapped_column(String(100))
    shipped_at: Mapped[datetime | None]
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class FulfilmentLineRow(TenantScoped, Base):
    """How many of an order line a fulfilment holds."""

    __tablename__ = "commerce_fulfilment_lines"
    __table_args__ = (
        ForeignKeyConstraint(
            ["tenant_id", "fulfilment_id"],
            ["commerce_fulfilments.tenant_id", "commerce_fulfilments.id"],
            ondelete="CASCADE",
        ),
    )

    fulfilment_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    order_line_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    quantity: Mapped[int] = mapped_column(Integer)
