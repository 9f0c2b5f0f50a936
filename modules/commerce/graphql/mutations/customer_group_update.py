"""``customerGroupUpdate``: a group's new code or name."""

from __future__ import annotations

import uuid
from typing import Annotated

import strawberry

from app.graphql.context import Info
from app.graphql.directives import guarded
from app.graphql.global_ids import local_id
from modules.commerce import customer_groups
from modules.commerce.graphql.customer_group_inputs import CustomerGroupUpdateInput, group_fields
from modules.commerce.graphql.customer_group_payloads import (
    CustomerGroupPayload,
    customer_group_payload,
)
from modules.commerce.permissions import MANAGE_CUSTOMERS

__all__ = ["CustomerGroupUpdateMutation"]


@strawberry.type(description="customerGroupUpdate.")
class CustomerGroupUpdateMutation:
    """customerGroupUpdate."""

    @strawberry.mutation(
        description="Change a customer group's code or name.",
        directives=guarded(MANAGE_CUSTOMERS),
    )
    async def customer_group_update(
        self,
        info: Info,
        input: Annotated[CustomerGroupUpdateInput, strawberry.argument(description="The changes.")],
    ) -> CustomerGroupPayload:
        """Change a group."""
        ctx = info.context

        async def act() -> uuid.UUID:
            group_id = local_id(input.id, "CustomerGroup", "id")
            return await customer_groups.update_group(ctx, group_id, group_fields(input))

        return await customer_group_payload(ctx, act)
