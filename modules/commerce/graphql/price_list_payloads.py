"""Payloads of the price list mutations, and how a mutation's outcome becomes one."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable

import strawberry
from sqlalchemy import select

from app.errors import UserInputError
from app.graphql.types import UserError, user_errors
from app.runtime import Context
from modules.commerce.graphql.price_list_types import PriceList
from modules.commerce.price_list_models import PriceListRow

__all__ = ["PriceListDeletePayload", "PriceListPayload", "price_list_payload"]


@strawberry.type(description="Result of a price list mutation.")
class PriceListPayload:
    """The list after the change, or why nothing changed."""

    price_list: PriceList | None = strawberry.field(description="The list after the change.")
    errors: list[UserError] = strawberry.field(description="Why nothing changed, if so.")


@strawberry.type(description="Result of priceListDelete.")
class PriceListDeletePayload:
    """The deleted list's ID, or why nothing changed."""

    deleted_id: strawberry.ID | None = strawberry.field(description="The deleted list's ID.")
    errors: list[UserError] = strawberry.field(description="Why nothing changed, if so.")


async def price_list_payload(
    ctx: Context, act: Callable[[], Awaitable[uuid.UUID]]
) -> PriceListPayload:
    """Run ``act`` and answer with the list it returns, or with its errors."""
    try:
        list_id = await act()
    except UserInputError as error:
        return PriceListPayload(price_list=None, errors=user_errors(error.problems))
    tenant_id = ctx.require_tenant().id
    async with ctx.runtime.db.transaction(tenant_id, readonly=True) as session:
        row = await session.scalar(
            select(PriceListRow).where(
                PriceListRow.tenant_id == tenant_id, PriceListRow.id == list_id
            )
        )
    return PriceListPayload(price_list=PriceList.from_row(row) if row else None, errors=[])
