"""``customerGroupDelete``: a group goes with its memberships."""

from __future__ import annotations

from typing import Annotated

import strawberry

from app.graphql.context import Info
from app.graphql.directives import guarded
from app.graphql.global_ids import local_id
from modules.commerce import customer_groups
from modules.commerce.graphql.customer_group_payloads import CustomerGroupDeletePayload
from modules.commerce.graphql.payloads import deleted
from modules.commerce.permissions import MANAGE_CUSTOMERS

__all__ = ["CustomerGroupDeleteMutation"]


@strawberry.type(description="customerGroupDelete.")
class CustomerGroupDeleteMutation:
    """customerGroupDelete."""

    @strawberry.mutation(
        description="Delete a customer group; its customers stay, outside it.",
        directives=guarded(MANAGE_CUSTOMERS),
    )
    async def customer_group_delete(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="The `CustomerGroup` ID.")],
    ) -> CustomerGroupDeletePayload:
        """Delete a group."""
        ctx = info.context

        async def act() -> None:
            await customer_groups.delete_group(ctx, local_id(id, "CustomerGroup", "id"))

        deleted_id, errors = await deleted(act, id)
        return CustomerGroupDeletePayload(deleted_id=deleted_id, errors=errors)
