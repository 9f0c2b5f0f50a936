"""Commerce's shipping tables: zones, the countries and regions in them, and their rates.

A country, or one region of it (an empty ``region`` is the whole country), is in at most one
zone: the region table's primary key says so. A zone's regions and rates go with it (``ON DELETE
CASCADE``). A rate is priced in one currency: ``flat`` (``amount``) or ``weight`` (``brackets``,
``[{"up_to_grams": 1000, "amount": 500}, ...]`` by rising weight), optionally free from
``free_over_amount`` of discounted subtotal, taxed by its tax class (none: untaxed).
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import JSON, BigInteger, Boolean, ForeignKeyConstraint, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base, TenantScoped

__all__ = ["ShippingRateRow", "ShippingZoneRegionRow", "ShippingZoneRow"]


class ShippingZoneRow(TenantScoped, Base):
    """A shipping zone: a named set of countries and regions."""

    __tablename__ = "commerce_shipping_zones"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class ShippingZoneRegionRow(TenantScoped, Base):
    """A country (``region`` empty) or one region of it, in one zone."""

    __tablename__ = "commerce_shipping_zone_regions"
    __table_args__ = (
        ForeignKeyConstraint(
            ["tenant_id", "zone_id"],
            ["commerce_shipping_zones.tenant_id", "commerce_shipping_zones.id"],
            ondelete="CASCADE",
        ),
        Index("ix_commerce_shipping_zone_regions_tenant_id_zone_id", "tenant_id", "zone_id"),
    )

    country: Mapped[str] = mapped_column(String(2), primary_key=True)
    region: Mapped[str] = mapped_column(String(100), primary_key=True)
    zone_id: Mapped[uuid.UUID]
    created_at: Mapped[datetime]


class ShippingRateRow(TenantScoped, Base):
    """A way to ship to a zone, at a flat or weight-based price in one currency."""

    __tablename__ = "commerce_shipping_rates"
    __table_args__ = (
        ForeignKeyConstraint(
            ["tenant_id", "zone_id"],
            ["commerce_shipping_zones.tenant_id", "commerce_shipping_zones.id"],
            ondelete="CASCADE",
        ),
        ForeignKeyConstraint(
            ["tenant_id", "tax_class_id"],
            ["commerce_tax_classes.tenant_id", "commerce_tax_classes.id"],
        ),
        Index(
            "ix_commerce_shipping_rates_tenant_id_zone_id_currency",
            "tenant_id",
            "zone_id",
            "currency",
        ),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    zone_id: Mapped[uuid.UUID]
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(10))
    currency: Mapped[str] = mapped_column(String(3))
    amount: Mapped[int | None] = mapped_column(BigInteger)
    brackets: Mapped[list[dict[str, int]]] = mapped_column(JSON)
    free_over_amount: Mapped[int | None] = mapped_column(BigInteger)
    tax_class_id: Mapped[uuid.UUID | None]
    is_active: Mapped[bool] = mapped_column(Boolean)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
