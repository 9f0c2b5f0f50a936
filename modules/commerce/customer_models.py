"""Commerce's customer tables: each customer's address book, and customer groups.

Both name a core customer (``core_customers``) by a foreign key that cascades: erasing a
customer erases their addresses and memberships, which are theirs alone. (Carts and orders do
not, so that they outlive the account.) An address is stored field by field, as
:class:`modules.commerce.address.Address` has them; a customer has at most one default shipping
and one default billing address, which the partial unique indexes enforce. A group's code and
name are each unique in the tenant; its memberships go with it.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import Boolean, ForeignKeyConstraint, Index, String, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base, TenantScoped

__all__ = ["AddressBookRow", "CustomerGroupMemberRow", "CustomerGroupRow"]


def _customer_key() -> ForeignKeyConstraint:
    return ForeignKeyConstraint(
        ["tenant_id", "customer_id"],
        ["core_customers.tenant_id", "core_customers.id"],
        ondelete="CASCADE",
    )


def _one_default(flag: str) -> Index:
    where = text(flag)
    return Index(
        f"uq_commerce_addresses_{flag}",
        "tenant_id",
        "customer_id",
        unique=True,
        postgresql_where=where,
        sqlite_where=where,
    )


class AddressBookRow(TenantScoped, Base):
    """One address in a customer's address book (``country`` upper case, ISO 3166-1)."""

    __tablename__ = "commerce_addresses"
    __table_args__ = (
        _customer_key(),
        Index("ix_commerce_addresses_tenant_id_customer_id", "tenant_id", "customer_id"),
        _one_default("is_default_shipping"),
        _one_default("is_default_billing"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    customer_id: Mapped[uuid.UUID]
    label: Mapped[str | None] = mapped_column(String(100))
    first_name: Mapped[str | None] = mapped_column(String(200))
    last_name: Mapped[str | None] = mapped_column(String(200))
    company: Mapped[str | None] = mapped_column(String(200))
    line1: Mapped[str | None] = mapped_column(String(200))
    line2: Mapped[str | None] = mapped_column(String(200))
    city: Mapped[str | None] = mapped_column(String(200))
    postal_code: Mapped[str | None] = mapped_column(String(200))
    region: Mapped[str | None] = mapped_column(String(200))
    country: Mapped[str] = mapped_column(String(2))
    phone: Mapped[str | None] = mapped_column(String(40))
    is_default_shipping: Mapped[bool] = mapped_column(Boolean)
    is_default_billing: Mapped[bool] = mapped_column(Boolean)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class CustomerGroupRow(TenantScoped, Base):
    """A customer group (``wholesale``, ``vip``): price lists and discounts will name one."""

    __tablename__ = "commerce_customer_groups"
    __table_args__ = (UniqueConstraint("tenant_id", "code"), UniqueConstraint("tenant_id", "name"))

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(60))
    name: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class CustomerGroupMemberRow(TenantScoped, Base):
    """A customer's membership of a group; it goes with the group and with the customer."""

    __tablename__ = "commerce_customer_group_members"
    __table_args__ = (
        ForeignKeyConstraint(
            ["tenant_id", "customer_group_id"],
            ["commerce_customer_groups.tenant_id", "commerce_customer_groups.id"],
            ondelete="CASCADE",
        ),
        _customer_key(),
        Index(
            "ix_commerce_customer_group_members_tenant_id_customer_id", "tenant_id", "customer_id"
        ),
    )

    customer_group_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    customer_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    created_at: Mapped[datetime]
