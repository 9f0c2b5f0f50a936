"""``myAddressUpdate``: the signed-in customer changes an address of their book."""

from __future__ import annotations

import uuid
from typing import Annotated

import strawberry

from app.graphql.context import Info
from app.graphql.directives import authenticated
from app.graphql.global_ids import local_id
from modules.commerce import address_book
from modules.commerce.graphql.address_book_inputs import MyAddressUpdateInput, entry_of
from modules.commerce.graphql.address_book_payloads import (
    CustomerAddressPayload,
    customer_address_payload,
)

__all__ = ["MyAddressUpdateMutation"]


@strawberry.type(description="myAddressUpdate.")
class MyAddressUpdateMutation:
    """myAddressUpdate."""

    @strawberry.mutation(
        description=(
            "Change an address of the signed-in customer's book; another customer's address "
            "is `NOT_FOUND`, as an unknown one is."
        ),
        directives=authenticated(),
    )
    async def my_address_update(
        self,
        info: Info,
        input: Annotated[MyAddressUpdateInput, strawberry.argument(description="The changes.")],
    ) -> CustomerAddressPayload:
        """Change an address."""
        ctx = info.context

        async def act() -> uuid.UUID:
            address_id = local_id(input.id, "CustomerAddress", "id")
            return await address_book.update_address(ctx, address_id, entry_of(input))

        return await customer_address_payload(ctx, act)
