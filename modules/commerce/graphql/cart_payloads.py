"""Payloads of the cart mutations, and how a mutation's outcome becomes one."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable

import strawberry
from sqlalchemy import select

from app.errors import UserInputError
from app.graphql.types import UserError, user_errors
from app.runtime import Context
from modules.commerce.cart_models import CartRow
from modules.commerce.carts import CreatedCart
from modules.commerce.graphql.cart_types import Cart

__all__ = ["CartCreatePayload", "CartPayload", "cart_created_payload", "cart_payload"]


@strawberry.type(description="Result of a cart mutation.")
class CartPayload:
    """The cart after the change, or why nothing changed."""

    cart: Cart | None = strawberry.field(description="The cart after the change.")
    errors: list[UserError] = strawberry.field(description="Why nothing changed, if so.")


@strawberry.type(description="Result of cartCreate: the cart and its token, shown only here.")
class CartCreatePayload:
    """The new cart and its token, or why nothing was created."""

    cart: Cart | None = strawberry.field(description="The new cart.")
    token: str | None = strawberry.field(
        description="The cart's token: keep it, it is never shown again and opens the cart."
    )
    errors: list[UserError] = strawberry.field(description="Why nothing was created, if so.")


async def _cart(ctx: Context, cart_id: uuid.UUID) -> Cart | None:
    tenant_id = ctx.require_tenant().id
    async with ctx.runtime.db.transaction(tenant_id, readonly=True) as session:
        row = await session.scalar(
            select(CartRow).where(CartRow.tenant_id == tenant_id, CartRow.id == cart_id)
        )
    return Cart.from_row(row) if row else None


async def cart_payload(ctx: Context, act: Callable[[], Awaitable[uuid.UUID]]) -> CartPayload:
    """Run ``act`` and answer with the cart it changed, or with its errors."""
    try:
        cart_id = await act()
    except UserInputError as error:
        return CartPayload(cart=None, errors=user_errors(error.problems))
    return CartPayload(cart=await _cart(ctx, cart_id), errors=[])


async def cart_created_payload(
    ctx: Context, act: Callable[[], Awaitable[CreatedCart]]
) -> CartCreatePayload:
    """Run ``act`` and answer with the new cart and its token, or with its errors."""
    try:
        created = await act()
    except UserInputError as error:
        return CartCreatePayload(cart=None, token=None, errors=user_errors(error.problems))
    cart = await _cart(ctx, created.cart_id)
    return CartCreatePayload(cart=cart, token=created.token, errors=[])
