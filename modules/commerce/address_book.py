"""Each customer's address book: a signed-in customer adds, changes and deletes their addresses.

An address is validated exactly as a cart's is (:mod:`modules.commerce.address`), its problems
at ``address.<field>``. A book holds at most :data:`MAX_ADDRESSES` (``VALIDATION`` at ``null``
past it). At most one address is the default shipping one and one the default billing one:
flagging an address takes the flag from the one that had it (whose
``commerce.address.updated`` names the flag); un-flagging leaves the customer without that
default. Another customer's address is ``NOT_FOUND`` at ``id``, as an unknown id is, so ids
do not tell whether they exist. Every change locks the customer's row, so two changes of one
book run one after the other (the cap and the defaults hold).
"""

from __future__ import annotations

import dataclasses
import uuid
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.errors import ErrorCode, FieldProblem, NotFound, Unauthenticated
from app.events.emit import emit
from app.identity.customer_models import CustomerRow
from app.ids import new_id
from app.runtime import Context
from modules.commerce.address import Address, address_problems
from modules.commerce.address_book_rows import FLAGS, address_from_row, write_address
from modules.commerce.cart_rules import caller_customer
from modules.commerce.customer_events import (
    ADDRESS_CREATED,
    ADDRESS_DELETED,
    ADDRESS_UPDATED,
    AddressChanged,
    AddressRef,
)
from modules.commerce.customer_models import AddressBookRow
from modules.commerce.errors import refuse_if_any

__all__ = [
    "MAX_ADDRESSES",
    "MAX_LABEL",
    "AddressEntry",
    "create_address",
    "delete_address",
    "signed_in_customer",
    "update_address",
]

MAX_ADDRESSES = 50
MAX_LABEL = 100


@dataclass(frozen=True, slots=True, kw_only=True)
class AddressEntry:
    """An address book entry's fields; on update, None leaves one as it is.

    ``address`` replaces every address field at once (a new entry's comes apart); ``label``
    is trimmed, and an empty label removes it.
    """

    address: Address | None = None
    label: str | None = None
    is_default_shipping: bool | None = None
    is_default_billing: bool | None = None


def signed_in_customer(ctx: Context) -> uuid.UUID:
    """Return the calling customer of the request's tenant.

    Raises:
        Unauthenticated: the caller is not a signed-in customer of this tenant.
    """
    customer = caller_customer(ctx, ctx.require_tenant().id)
    if customer is None:
        raise Unauthenticated("sign in as a customer of this shop: the address book is your own")
    return customer


def _problems(entry: AddressEntry) -> list[FieldProblem]:
    found = [] if entry.address is None else address_problems(entry.address, "address")
    if entry.label is not None and len(entry.label.strip()) > MAX_LABEL:
        message = f"at most {MAX_LABEL} characters"
        found.append(FieldProblem(ErrorCode.VALIDATION, message, "label"))
    return found


async def _lock_customer(session: AsyncSession, tenant_id: uuid.UUID, customer: uuid.UUID) -> None:
    found = await session.scalar(
        select(CustomerRow.id)
        .where(CustomerRow.tenant_id == tenant_id, CustomerRow.id == customer)
        .with_for_update()
    )
    if found is None:
        raise Unauthenticated("this customer account no longer exists")


async def _clear_others(
    ctx: Context, session: AsyncSession, row: AddressBookRow, flag: str, field: str
) -> None:
    others = await session.scalars(
        select(AddressBookRow).where(
            AddressBookRow.tenant_id == row.tenant_id,
            AddressBookRow.customer_id == row.customer_id,
            AddressBookRow.id != row.id,
            getattr(AddressBookRow, flag).is_(True),
        )
    )
    for other in others:
        setattr(other, flag, False)
        other.updated_at = ctx.runtime.clock.now()
        payload = AddressChanged(
            address_id=str(other.id), customer_id=str(other.customer_id), changed=[field]
        )
        await emit(ctx, session, ADDRESS_UPDATED, payload, aggregate_id=other.id)
    # Written before ``row`` takes the flag, so the one-default index never sees two.
    await session.flush()


async def _take_flags(
    ctx: Context, session: AsyncSession, row: AddressBookRow, entry: AddressEntry
) -> None:
    """Give ``row`` the flags ``entry`` sets; the others lose one it takes, each by event."""
    for flag, field in FLAGS.items():
        wanted = getattr(entry, flag)
        if wanted:
            await _clear_others(ctx, session, row, flag, field)
        if wanted is not None:
            setattr(row, flag, wanted)


async def create_address(ctx: Context, address: Address, entry: AddressEntry) -> uuid.UUID:
    """Add an address to the signed-in customer's book; emit its event.

    Raises:
        Unauthenticated: the caller is not a signed-in customer of this tenant.
        ValidationFailed: every problem at once (the address's fields, the label, a full book).
    """
    tenant_id, customer = ctx.require_tenant().id, signed_in_customer(ctx)
    refuse_if_any(_problems(dataclasses.replace(entry, address=address)))
    async with ctx.runtime.db.transaction(tenant_id) as session:
        await _lock_customer(session, tenant_id, customer)
        count = await session.scalar(
            select(func.count()).where(
                AddressBookRow.tenant_id == tenant_id, AddressBookRow.customer_id == customer
            )
        )
        if (count or 0) >= MAX_ADDRESSES:
            message = f"an address book holds at most {MAX_ADDRESSES} addresses: delete one first"
            refuse_if_any([FieldProblem(ErrorCode.VALIDATION, message, None)])
        now = ctx.runtime.clock.now()
        row = AddressBookRow(tenant_id=tenant_id, id=new_id(), customer_id=customer)
        row.created_at = row.updated_at = now
        write_address(row, address, (entry.label or "").strip() or None)
        row.is_default_shipping = row.is_default_billing = False
        session.add(row)
        await session.flush()
        await _take_flags(ctx, session, row, entry)
        await session.flush()
        payload = AddressRef(address_id=str(row.id), customer_id=str(customer))
        await emit(ctx, session, ADDRESS_CREATED, payload, aggregate_id=row.id)
    return row.id


async def _owned(
    session: AsyncSession, tenant_id: uuid.UUID, customer: uuid.UUID, address_id: uuid.UUID
) -> AddressBookRow:
    row = await session.scalar(
        select(AddressBookRow).where(
            AddressBookRow.tenant_id == tenant_id,
            AddressBookRow.customer_id == customer,
            AddressBookRow.id == address_id,
        )
    )
    if row is None:
        raise NotFound("you have no such address", field="id")
    return row


def _changes(row: AddressBookRow, entry: AddressEntry) -> list[str]:
    changed = []
    if entry.address is not None and entry.address != address_from_row(row):
        changed.append("address")
    label = None if entry.label is None else (entry.label.strip() or None)
    if entry.label is not None and label != row.label:
        changed.append("label")
    for flag, field in FLAGS.items():
        wanted = getattr(entry, flag)
        if wanted is not None and wanted != getattr(row, flag):
            changed.append(field)
    return changed


async def update_address(ctx: Context, address_id: uuid.UUID, entry: AddressEntry) -> uuid.UUID:
    """Change an address of the signed-in customer's book; emit its event if anything changed.

    Raises:
        Unauthenticated: the caller is not a signed-in customer of this tenant.
        ValidationFailed: every problem at once (the address's fields, the label).
        NotFound: the customer has no such address (``id``).
    """
    tenant_id, customer = ctx.require_tenant().id, signed_in_customer(ctx)
    refuse_if_any(_problems(entry))
    async with ctx.runtime.db.transaction(tenant_id) as session:
        await _lock_customer(session, tenant_id, customer)
        row = await _owned(session, tenant_id, customer, address_id)
        changed = _changes(row, entry)
        if not changed:
            return row.id
        label = row.label if entry.label is None else (entry.label.strip() or None)
        write_address(row, entry.address or address_from_row(row), label)
        row.updated_at = ctx.runtime.clock.now()
        await _take_flags(ctx, session, row, entry)
        payload = AddressChanged(address_id=str(row.id), customer_id=str(customer), changed=changed)
        await emit(ctx, session, ADDRESS_UPDATED, payload, aggregate_id=row.id)
    return row.id


async def delete_address(ctx: Context, address_id: uuid.UUID) -> None:
    """Delete an address of the signed-in customer's book (a default leaves no default).

    Raises:
        Unauthenticated: the caller is not a signed-in customer of this tenant.
        NotFound: the customer has no such address (``id``).
    """
    tenant_id, customer = ctx.require_tenant().id, signed_in_customer(ctx)
    async with ctx.runtime.db.transaction(tenant_id) as session:
        await _lock_customer(session, tenant_id, customer)
        row = await _owned(session, tenant_id, customer, address_id)
        await session.delete(row)
        await session.flush()
        payload = AddressRef(address_id=str(row.id), customer_id=str(customer))
        await emit(ctx, session, ADDRESS_DELETED, payload, aggregate_id=row.id)
