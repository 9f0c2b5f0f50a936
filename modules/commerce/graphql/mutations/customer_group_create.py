"""``customerGroupCreate``: a group of customers, by code and name."""

from __future__ import annotations

import uuid
from typing import Annotated

import strawberry

from app.graphql.context import Info
from app.graphql.directives import guarded
from modules.commerce import customer_groups
from modules.commerce.graphql.customer_group_inputs import CustomerGroupCreateInput, group_fields
from modules.commerce.graphql.customer_group_payloads import (
    CustomerGroupPayload,
    customer_group_payload,
)
from modules.commerce.permissions import MANAGE_CUSTOMERS

__all__ = ["CustomerGroupCreateMutation"]


@strawberry.type(description="customerGroupCreate.")
class CustomerGroupCreateMutation:
    """customerGroupCreate."""

    @strawberry.mutation(
        description="Create a customer group (code and name each unique in the shop).",
        directives=guarded(MANAGE_CUSTOMERS),
    )
    async def customer_group_create(
        self,
        info: Info,
        input: Annotated[CustomerGroupCreateInput, strawberry.argument(description="The group.")],
    ) -> CustomerGroupPayload:
        """Create a group."""
        ctx = info.context

        async def act() -> uuid.UUID:
            return await customer_groups.create_group(ctx, group_fields(input))

        return await customer_group_payload(ctx, act)
