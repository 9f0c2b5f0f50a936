"""``myAddressCreate``: the signed-in customer adds an address to their book."""

from __future__ import annotations

import uuid
from typing import Annotated

import strawberry

from app.graphql.context import Info
from app.graphql.directives import authenticated
from modules.commerce import address_book
from modules.commerce.graphql.address_book_inputs import MyAddressCreateInput, entry_of
from modules.commerce.graphql.address_book_payloads import (
    CustomerAddressPayload,
    customer_address_payload,
)
from modules.commerce.graphql.address_types import address_value

__all__ = ["MyAddressCreateMutation"]


@strawberry.type(description="myAddressCreate.")
class MyAddressCreateMutation:
    """myAddressCreate."""

    @strawberry.mutation(
        description=(
            "Add an address to the signed-in customer's address book (at most 50); "
            "`UNAUTHENTICATED` for anyone but a customer of the shop."
        ),
        directives=authenticated(),
    )
    async def my_address_create(
        self,
        info: Info,
        input: Annotated[MyAddressCreateInput, strawberry.argument(description="The address.")],
    ) -> CustomerAddressPayload:
        """Add an address."""
        ctx = info.context

        async def act() -> uuid.UUID:
            address = address_value(input.address)
            return await address_book.create_address(ctx, address, entry_of(input))

        return await customer_address_payload(ctx, act)
