"""How an address book row holds an :class:`~modules.commerce.address.Address`, and its flags."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from modules.commerce.address import Address
from modules.commerce.customer_models import AddressBookRow

__all__ = ["FLAGS", "address_from_row", "find_own_address", "write_address"]

# The default flags, by column, with the input field each is changed by.
FLAGS = {"is_default_shipping": "isDefaultShipping", "is_default_billing": "isDefaultBilling"}


def address_from_row(row: AddressBookRow) -> Address:
    """Return the address a book row holds."""
    return Address(
        country=row.country,
        first_name=row.first_name,
        last_name=row.last_name,
        company=row.company,
        line1=row.line1,
        line2=row.line2,
        city=row.city,
        postal_code=row.postal_code,
        region=row.region,
        phone=row.phone,
    )


def write_address(row: AddressBookRow, address: Address, label: str | None) -> None:
    """Write an address and its label (None: no label) into a book row."""
    row.label = label
    row.country = address.country
    row.first_name, row.last_name = address.first_name, address.last_name
    row.company, row.phone = address.company, address.phone
    row.line1, row.line2 = address.line1, address.line2
    row.city, row.postal_code, row.region = address.city, address.postal_code, address.region


async def find_own_address(
    session: AsyncSession, tenant_id: uuid.UUID, customer_id: uuid.UUID, address_id: uuid.UUID
) -> Address | None:
    """Return an address of ``customer_id``'s book, or None (unknown, or another's)."""
    row = await session.scalar(
        select(AddressBookRow).where(
            AddressBookRow.tenant_id == tenant_id,
            AddressBookRow.customer_id == customer_id,
            AddressBookRow.id == address_id,
        )
    )
    return None if row is None else address_from_row(row)
