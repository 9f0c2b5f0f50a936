"""Payloads of the discount mutations, and how a mutation's outcome becomes one."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable

import strawberry
from sqlalchemy import select

from app.errors import UserInputError
from app.graphql.types import UserError, user_errors
from app.runtime import Context
from modules.commerce.discount_models import DiscountRow
from modules.commerce.graphql.discount_types import Discount

__all__ = ["DiscountDeletePayload", "DiscountPayload", "discount_payload"]


@strawberry.type(description="Result of a discount mutation.")
class DiscountPayload:
    """The discount after the change, or why nothing changed."""

    discount: Discount | None = strawberry.field(description="The discount after the change.")
    errors: list[UserError] = strawberry.field(description="Why nothing changed, if so.")


@strawberry.type(description="Result of discountDelete.")
class DiscountDeletePayload:
    """The deleted discount's ID, or why nothing changed."""

    deleted_id: strawberry.ID | None = strawberry.field(description="The deleted discount's ID.")
    errors: list[UserError] = strawberry.field(description="Why nothing changed, if so.")


async def discount_payload(
    ctx: Context, act: Callable[[], Awaitable[uuid.UUID]]
) -> DiscountPayload:
    """Run ``act`` and answer with the discount it returns, or with its errors."""
    try:
        discount_id = await act()
    except UserInputError as error:
        return DiscountPayload(discount=None, errors=user_errors(error.problems))
    tenant_id = ctx.require_tenant().id
    async with ctx.runtime.db.transaction(tenant_id, readonly=True) as session:
        row = await session.scalar(
            select(DiscountRow).where(
                DiscountRow.tenant_id == tenant_id, DiscountRow.id == discount_id
            )
        )
    return DiscountPayload(discount=Discount.from_row(row) if row else None, errors=[])
