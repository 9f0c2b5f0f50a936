"""Payloads of the customer group mutations, and how a mutation's outcome becomes one."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable

import strawberry
from sqlalchemy import select

from app.errors import UserInputError
from app.graphql.types import UserError, user_errors
from app.runtime import Context
from modules.commerce.customer_models import CustomerGroupRow
from modules.commerce.graphql.customer_types import CustomerGroup

__all__ = ["CustomerGroupDeletePayload", "CustomerGroupPayload", "customer_group_payload"]


@strawberry.type(description="Result of a customer group mutation.")
class CustomerGroupPayload:
    """The group after the change, or why nothing changed."""

    customer_group: CustomerGroup | None = strawberry.field(
        description="The group after the change."
    )
    errors: list[UserError] = strawberry.field(description="Why nothing changed, if so.")


@strawberry.type(description="Result of customerGroupDelete.")
class CustomerGroupDeletePayload:
    """The deleted group's ID, or why nothing changed."""

    deleted_id: strawberry.ID | None = strawberry.field(description="The deleted group's ID.")
    errors: list[UserError] = strawberry.field(description="Why nothing changed, if so.")


async def customer_group_payload(
    ctx: Context, act: Callable[[], Awaitable[uuid.UUID]]
) -> CustomerGroupPayload:
    """Run ``act`` and answer with the group it returns, or with its errors."""
    try:
        group_id = await act()
    except UserInputError as error:
        return CustomerGroupPayload(customer_group=None, errors=user_errors(error.problems))
    tenant_id = ctx.require_tenant().id
    async with ctx.runtime.db.transaction(tenant_id, readonly=True) as session:
        row = await session.scalar(
            select(CustomerGroupRow).where(
                CustomerGroupRow.tenant_id == tenant_id, CustomerGroupRow.id == group_id
            )
        )
    return CustomerGroupPayload(
        customer_group=CustomerGroup.from_row(row) if row else None, errors=[]
    )
