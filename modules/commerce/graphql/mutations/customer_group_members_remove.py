"""``customerGroupMembersRemove``: customers leave a group."""

from __future__ import annotations

import uuid
from typing import Annotated

import strawberry

from app.graphql.context import Info
from app.graphql.directives import guarded
from app.graphql.global_ids import local_id
from modules.commerce import customer_groups
from modules.commerce.graphql.customer_group_inputs import (
    CustomerGroupMembersInput,
    customer_ids_of,
)
from modules.commerce.graphql.customer_group_payloads import (
    CustomerGroupPayload,
    customer_group_payload,
)
from modules.commerce.permissions import MANAGE_CUSTOMERS

__all__ = ["CustomerGroupMembersRemoveMutation"]


@strawberry.type(description="customerGroupMembersRemove.")
class CustomerGroupMembersRemoveMutation:
    """customerGroupMembersRemove."""

    @strawberry.mutation(
        description="Take customers out of a customer group (non-members are ignored).",
        directives=guarded(MANAGE_CUSTOMERS),
    )
    async def customer_group_members_remove(
        self,
        info: Info,
        input: Annotated[
            CustomerGroupMembersInput, strawberry.argument(description="The group and customers.")
        ],
    ) -> CustomerGroupPayload:
        """Remove members."""
        ctx = info.context

        async def act() -> uuid.UUID:
            group_id = local_id(input.id, "CustomerGroup", "id")
            return await customer_groups.remove_members(ctx, group_id, customer_ids_of(input))

        return await customer_group_payload(ctx, act)
