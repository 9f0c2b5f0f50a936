"""A cart's discount codes: apply one, remove one (by the cart's token, as its other changes).

A code is found case-insensitively among the shop's own discounts (another shop's code is
unknown here, as row-level security and the tenant filter both say). It is refused, with
VALIDATION on ``code`` and nothing written, when it is unknown, automatic, disabled, outside
its window, used up (``usage_count`` reached ``usage_limit``, or the signed-in customer's
redemptions reached ``usage_limit_per_customer``), in another currency than the cart's, above
the cart's subtotal as a minimum, already on the cart, or one more than
``discount_codes_per_cart``. Applying again is checked again at checkout, when usage is
counted.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.errors import ErrorCode, FieldProblem
from app.runtime import Context
from modules.commerce.cart_models import CartRow
from modules.commerce.carts import lock_cart
from modules.commerce.discount_models import CartDiscountRow, DiscountRedemptionRow, DiscountRow
from modules.commerce.discount_rules import normal_code
from modules.commerce.errors import refuse_if_any
from modules.commerce.settings import load_settings

__all__ = ["apply_code", "code_problem", "remove_code"]


def _refusal(message: str) -> FieldProblem:
    return FieldProblem(ErrorCode.VALIDATION, message, "code")


def _in_window(row: DiscountRow, now: datetime) -> bool:
    started = row.starts_at is None or row.starts_at <= now
    return started and (row.ends_at is None or now < row.ends_at)


async def _customer_uses(session: AsyncSession, row: DiscountRow, customer: uuid.UUID) -> int:
    found = await session.scalar(
        select(func.count()).where(
            DiscountRedemptionRow.tenant_id == row.tenant_id,
            DiscountRedemptionRow.discount_id == row.id,
            DiscountRedemptionRow.customer_id == customer,
        )
    )
    return int(found or 0)


async def _usage_problem(
    session: AsyncSession, row: DiscountRow, cart: CartRow
) -> FieldProblem | None:
    if row.usage_limit is not None and row.usage_count >= row.usage_limit:
        return _refusal("this code has been used up")
    limit, customer = row.usage_limit_per_customer, cart.customer_id
    if limit is None or customer is None:
        return None
    if await _customer_uses(session, row, customer) >= limit:
        return _refusal("you have used this code as often as it allows")
    return None


def _fit_problem(row: DiscountRow, cart: CartRow) -> FieldProblem | None:
    if row.currency is not None and row.currency != cart.currency:
        return _refusal(f"this code applies to carts in {row.currency} only")
    if row.min_subtotal_amount is not None and cart.subtotal_amount < row.min_subtotal_amount:
        return _refusal("the cart's subtotal is below this code's minimum")
    return None


async def code_problem(
    session: AsyncSession, row: DiscountRow | None, cart: CartRow, now: datetime
) -> FieldProblem | None:
    """Return why a code's discount may not apply to ``cart`` now, if it may not."""
    if row is None or row.is_automatic:
        return _refusal("no discount has this code")
    if row.status != "active" or not _in_window(row, now):
        return _refusal("this code is not valid now")
    return await _usage_problem(session, row, cart) or _fit_problem(row, cart)


async def _applied(session: AsyncSession, cart: CartRow) -> list[CartDiscountRow]:
    rows = await session.scalars(
        select(CartDiscountRow).where(
            CartDiscountRow.tenant_id == cart.tenant_id, CartDiscountRow.cart_id == cart.id
        )
    )
    return list(rows)


async def apply_code(ctx: Context, token: str, code: str) -> uuid.UUID:
    """Apply a discount code to a cart.

    Raises:
        ValidationFailed: the code may not apply (``code``), as the module docstring lists.
        NotFound: no usable cart has this token (``token``).
        Conflict: the cart became an order (``token``).
    """
    tenant_id = ctx.require_tenant().id
    wanted = normal_code(code)
    async with ctx.runtime.db.transaction(tenant_id) as session:
        cart = await lock_cart(ctx, session, token)
        row = await session.scalar(
            select(DiscountRow).where(
                DiscountRow.tenant_id == tenant_id, DiscountRow.code == wanted
            )
        )
        now = ctx.runtime.clock.now()
        problem = await code_problem(session, row, cart, now)
        if problem is not None or row is None:
            refuse_if_any([problem or _refusal("no discount has this code")])
            return cart.id
        applied = await _applied(session, cart)
        if any(existing.discount_id == row.id for existing in applied):
            refuse_if_any([_refusal("this code is already on the cart")])
        allowed = (await load_settings(session, tenant_id)).discount_codes_per_cart
        if len(applied) >= allowed:
            refuse_if_any([_refusal(f"a cart takes at most {allowed} code(s)")])
        session.add(
            CartDiscountRow(
                tenant_id=tenant_id,
                cart_id=cart.id,
                discount_id=row.id,
                code=wanted,
                created_at=now,
            )
        )
    return cart.id


async def remove_code(ctx: Context, token: str, code: str) -> uuid.UUID:
    """Take a discount code off a cart.

    Raises:
        ValidationFailed: the cart has no such code (``code``).
        NotFound: no usable cart has this token (``token``).
        Conflict: the cart became an order (``token``).
    """
    tenant_id = ctx.require_tenant().id
    async with ctx.runtime.db.transaction(tenant_id) as session:
        cart = await lock_cart(ctx, session, token)
        row = await session.scalar(
            select(CartDiscountRow).where(
                CartDiscountRow.tenant_id == tenant_id,
                CartDiscountRow.cart_id == cart.id,
                CartDiscountRow.code == normal_code(code),
            )
        )
        if row is None:
            refuse_if_any([_refusal("the cart has no such code")])
        else:
            await session.delete(row)
    return cart.id
