"""Payloads of the shipping mutations, and how a mutation's outcome becomes one."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable

import strawberry
from sqlalchemy import select

from app.errors import UserInputError
from app.graphql.types import UserError, user_errors
from app.runtime import Context
from modules.commerce.graphql.shipping_types import ShippingRate, ShippingZone
from modules.commerce.shipping_models import ShippingRateRow, ShippingZoneRow

__all__ = [
    "ShippingRateDeletePayload",
    "ShippingRatePayload",
    "ShippingZoneDeletePayload",
    "ShippingZonePayload",
    "shipping_rate_payload",
    "shipping_zone_payload",
]

Act = Callable[[], Awaitable[uuid.UUID]]


@strawberry.type(description="Result of a shipping zone mutation.")
class ShippingZonePayload:
    """The zone after the change, or why nothing changed."""

    shipping_zone: ShippingZone | None = strawberry.field(description="The zone after the change.")
    errors: list[UserError] = strawberry.field(description="Why nothing changed, if so.")


@strawberry.type(description="Result of shippingZoneDelete.")
class ShippingZoneDeletePayload:
    """The deleted zone's ID, or why nothing changed."""

    deleted_id: strawberry.ID | None = strawberry.field(description="The deleted zone's ID.")
    errors: list[UserError] = strawberry.field(description="Why nothing changed, if so.")


@strawberry.type(description="Result of a shipping rate mutation.")
class ShippingRatePayload:
    """The rate after the change, or why nothing changed."""

    shipping_rate: ShippingRate | None = strawberry.field(description="The rate after the change.")
    errors: list[UserError] = strawberry.field(description="Why nothing changed, if so.")


@strawberry.type(description="Result of shippingRateDelete.")
class ShippingRateDeletePayload:
    """The deleted rate's ID, or why nothing changed."""

    deleted_id: strawberry.ID | None = strawberry.field(description="The deleted rate's ID.")
    errors: list[UserError] = strawberry.field(description="Why nothing changed, if so.")


async def shipping_zone_payload(ctx: Context, act: Act) -> ShippingZonePayload:
    """Run ``act`` and answer with the zone it returns, or with its errors."""
    try:
        zone_id = await act()
    except UserInputError as error:
        return ShippingZonePayload(shipping_zone=None, errors=user_errors(error.problems))
    tenant_id = ctx.require_tenant().id
    async with ctx.runtime.db.transaction(tenant_id, readonly=True) as session:
        row = await session.scalar(
            select(ShippingZoneRow).where(
                ShippingZoneRow.tenant_id == tenant_id, ShippingZoneRow.id == zone_id
            )
        )
    return ShippingZonePayload(shipping_zone=ShippingZone.from_row(row) if row else None, errors=[])


async def shipping_rate_payload(ctx: Context, act: Act) -> ShippingRatePayload:
    """Run ``act`` and answer with the rate it returns, or with its errors."""
    try:
        rate_id = await act()
    except UserInputError as error:
        return ShippingRatePayload(shipping_rate=None, errors=user_errors(error.problems))
    tenant_id = ctx.require_tenant().id
    async with ctx.runtime.db.transaction(tenant_id, readonly=True) as session:
        row = await session.scalar(
            select(ShippingRateRow).where(
                ShippingRateRow.tenant_id == tenant_id, ShippingRateRow.id == rate_id
            )
        )
    return ShippingRatePayload(shipping_rate=ShippingRate.from_row(row) if row else None, errors=[])
