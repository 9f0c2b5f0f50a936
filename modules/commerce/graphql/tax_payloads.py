"""Payloads of the tax mutations, and how a mutation's outcome becomes one."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable

import strawberry
from sqlalchemy import select

from app.errors import UserInputError
from app.graphql.types import UserError, user_errors
from app.runtime import Context
from modules.commerce.graphql.tax_types import TaxClass, TaxRate
from modules.commerce.tax_models import TaxClassRow, TaxRateRow

__all__ = [
    "TaxClassDeletePayload",
    "TaxClassPayload",
    "TaxRateDeletePayload",
    "TaxRatePayload",
    "tax_class_payload",
    "tax_rate_payload",
]

Act = Callable[[], Awaitable[uuid.UUID]]


@strawberry.type(description="Result of a tax class mutation.")
class TaxClassPayload:
    """The class after the change, or why nothing changed."""

    tax_class: TaxClass | None = strawberry.field(description="The class after the change.")
    errors: list[UserError] = strawberry.field(description="Why nothing changed, if so.")


@strawberry.type(description="Result of taxClassDelete.")
class TaxClassDeletePayload:
    """The deleted class's ID, or why nothing changed."""

    deleted_id: strawberry.ID | None = strawberry.field(description="The deleted class's ID.")
    errors: list[UserError] = strawberry.field(description="Why nothing changed, if so.")


@strawberry.type(description="Result of a tax rate mutation.")
class TaxRatePayload:
    """The rate after the change, or why nothing changed."""

    tax_rate: TaxRate | None = strawberry.field(description="The rate after the change.")
    errors: list[UserError] = strawberry.field(description="Why nothing changed, if so.")


@strawberry.type(description="Result of taxRateDelete.")
class TaxRateDeletePayload:
    """The deleted rate's ID, or why nothing changed."""

    deleted_id: strawberry.ID | None = strawberry.field(description="The deleted rate's ID.")
    errors: list[UserError] = strawberry.field(description="Why nothing changed, if so.")


async def tax_class_payload(ctx: Context, act: Act) -> TaxClassPayload:
    """Run ``act`` and answer with the class it returns, or with its errors."""
    try:
        class_id = await act()
    except UserInputError as error:
        return TaxClassPayload(tax_class=None, errors=user_errors(error.problems))
    tenant_id = ctx.require_tenant().id
    async with ctx.runtime.db.transaction(tenant_id, readonly=True) as session:
        row = await session.scalar(
            select(TaxClassRow).where(
                TaxClassRow.tenant_id == tenant_id, TaxClassRow.id == class_id
            )
        )
    return TaxClassPayload(tax_class=TaxClass.from_row(row) if row else None, errors=[])


async def tax_rate_payload(ctx: Context, act: Act) -> TaxRatePayload:
    """Run ``act`` and answer with the rate it returns, or with its errors."""
    try:
        rate_id = await act()
    except UserInputError as error:
        return TaxRatePayload(tax_rate=None, errors=user_errors(error.problems))
    tenant_id = ctx.require_tenant().id
    async with ctx.runtime.db.transaction(tenant_id, readonly=True) as session:
        row = await session.scalar(
            select(TaxRateRow).where(TaxRateRow.tenant_id == tenant_id, TaxRateRow.id == rate_id)
        )
    return TaxRatePayload(tax_rate=TaxRate.from_row(row) if row else None, errors=[])
