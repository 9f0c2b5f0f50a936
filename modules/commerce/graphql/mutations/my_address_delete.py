"""``myAddressDelete``: the signed-in customer deletes an address of their book."""

from __future__ import annotations

from typing import Annotated

import strawberry

from app.graphql.context import Info
from app.graphql.directives import authenticated
from app.graphql.global_ids import local_id
from modules.commerce import address_book
from modules.commerce.graphql.address_book_payloads import CustomerAddressDeletePayload
from modules.commerce.graphql.payloads import deleted

__all__ = ["MyAddressDeleteMutation"]


@strawberry.type(description="myAddressDelete.")
class MyAddressDeleteMutation:
    """myAddressDelete."""

    @strawberry.mutation(
        description=(
            "Delete an address of the signed-in customer's book (carts keep their copies); "
            "another customer's address is `NOT_FOUND`, as an unknown one is."
        ),
        directives=authenticated(),
    )
    async def my_address_delete(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="The `CustomerAddress` ID.")],
    ) -> CustomerAddressDeletePayload:
        """Delete an address."""
        ctx = info.context

        async def act() -> None:
            await address_book.delete_address(ctx, local_id(id, "CustomerAddress", "id"))

        deleted_id, errors = await deleted(act, id)
        return CustomerAddressDeletePayload(deleted_id=deleted_id, errors=errors)
