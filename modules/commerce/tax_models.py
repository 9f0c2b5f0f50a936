"""Commerce's tax tables: tax classes (``standard``, ``reduced``) and their rates per country.

A rate belongs to one class and applies in one country, or one region of it (an empty
``region`` is the whole country); it is stored in parts per million (``200000`` = 20%). A
class's rates go with it (``ON DELETE CASCADE``); variants and shipping rates name a class by a
foreign key, so a class in use cannot be deleted.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import Boolean, ForeignKeyConstraint, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base, TenantScoped

__all__ = ["TaxClassRow", "TaxRateRow"]


class TaxClassRow(TenantScoped, Base):
    """A tax class; exactly one of the tenant's classes is the default (``is_default``)."""

    __tablename__ = "commerce_tax_classes"
    __table_args__ = (UniqueConstraint("tenant_id", "code"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(60))
    name: Mapped[str] = mapped_column(String(200))
    is_default: Mapped[bool] = mapped_column(Boolean)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class TaxRateRow(TenantScoped, Base):
    """A class's rate in a country (``region`` empty) or in one region of it."""

    __tablename__ = "commerce_tax_rates"
    __table_args__ = (
        ForeignKeyConstraint(
            ["tenant_id", "tax_class_id"],
            ["commerce_tax_classes.tenant_id", "commerce_tax_classes.id"],
            ondelete="CASCADE",
        ),
        UniqueConstraint("tenant_id", "tax_class_id", "country", "region"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    tax_class_id: Mapped[uuid.UUID]
    country: Mapped[str] = mapped_column(String(2))
    region: Mapped[str] = mapped_column(String(100))
    rate_ppm: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
