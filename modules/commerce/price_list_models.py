"""Commerce's price list tables: price lists, the customer groups each is for, and their tiers.

A price list sells variants in one ``currency`` at its own amounts while it is ``active`` and
inside its window (``starts_at`` inclusive, ``ends_at`` exclusive; null is open). It applies
to the customer groups it names (``commerce_price_list_groups``), or to everyone when it names
none. Each entry is one quantity tier of one variant: from ``min_quantity`` units up, each unit
costs ``amount`` minor units; a variant may have several tiers in a list. A list's groups and
entries go with it; an entry goes with its variant, and a group's naming with the group.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import BigInteger, ForeignKeyConstraint, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base, TenantScoped

__all__ = ["PriceListEntryRow", "PriceListGroupRow", "PriceListRow"]


def _parent_key(column: str, parent: str) -> ForeignKeyConstraint:
    return ForeignKeyConstraint(
        ["tenant_id", column], [f"{parent}.tenant_id", f"{parent}.id"], ondelete="CASCADE"
    )


class PriceListRow(TenantScoped, Base):
    """A price list: its name, currency, status, window and priority (ties go to the highest)."""

    __tablename__ = "commerce_price_lists"
    __table_args__ = (
        Index(
            "ix_commerce_price_lists_tenant_id_currency_status", "tenant_id", "currency", "status"
        ),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    currency: Mapped[str] = mapped_column(String(3))
    status: Mapped[str] = mapped_column(String(10))
    starts_at: Mapped[datetime | None]
    ends_at: Mapped[datetime | None]
    priority: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class PriceListGroupRow(TenantScoped, Base):
    """A customer group a price list is for."""

    __tablename__ = "commerce_price_list_groups"
    __table_args__ = (
        _parent_key("price_list_id", "commerce_price_lists"),
        _parent_key("customer_group_id", "commerce_customer_groups"),
    )

    price_list_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    customer_group_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)


class PriceListEntryRow(TenantScoped, Base):
    """One tier of a variant in a price list: from ``min_quantity`` up, ``amount`` a unit."""

    __tablename__ = "commerce_price_list_entries"
    __table_args__ = (
        _parent_key("price_list_id", "commerce_price_lists"),
        _parent_key("variant_id", "commerce_variants"),
        Index("ix_commerce_price_list_entries_tenant_id_variant_id", "tenant_id", "variant_id"),
    )

    price_list_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    variant_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    min_quantity: Mapped[int] = mapped_column(Integer, primary_key=True)
    amount: Mapped[int] = mapped_column(BigInteger)
