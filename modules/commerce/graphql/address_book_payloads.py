"""Payloads of the address book mutations, and how a mutation's outcome becomes one."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable

import strawberry
from sqlalchemy import select

from app.errors import UserInputError
from app.graphql.types import UserError, user_errors
from app.runtime import Context
from modules.commerce.customer_models import AddressBookRow
from modules.commerce.graphql.address_book_types import CustomerAddress

__all__ = ["CustomerAddressDeletePayload", "CustomerAddressPayload", "customer_address_payload"]


@strawberry.type(description="Result of an address book mutation.")
class CustomerAddressPayload:
    """The address after the change, or why nothing changed."""

    customer_address: CustomerAddress | None = strawberry.field(
        description="The address after the change."
    )
    errors: list[UserError] = strawberry.field(description="Why nothing changed, if so.")


@strawberry.type(description="Result of an address book deletion.")
class CustomerAddressDeletePayload:
    """The deleted address's ID, or why nothing changed."""

    deleted_id: strawberry.ID | None = strawberry.field(description="The deleted address's ID.")
    errors: list[UserError] = strawberry.field(description="Why nothing changed, if so.")


async def customer_address_payload(
    ctx: Context, act: Callable[[], Awaitable[uuid.UUID]]
) -> CustomerAddressPayload:
    """Run ``act`` and answer with the address it returns, or with its errors."""
    try:
        address_id = await act()
    except UserInputError as error:
        return CustomerAddressPayload(customer_address=None, errors=user_errors(error.problems))
    tenant_id = ctx.require_tenant().id
    async with ctx.runtime.db.transaction(tenant_id, readonly=True) as session:
        row = await session.scalar(
            select(AddressBookRow).where(
                AddressBookRow.tenant_id == tenant_id, AddressBookRow.id == address_id
            )
        )
    found = CustomerAddress.from_row(row) if row else None
    return CustomerAddressPayload(customer_address=found, errors=[])
