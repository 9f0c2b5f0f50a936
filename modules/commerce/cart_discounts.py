"""A cart's discount codes: apply one, remove one (by the cart's token, as its other changes).

A code is found case-insensitively among the shop's own discounts (another shop's code is
unknown here, as row-level security and the tenant filter both say). It is refused, with
VALIDATION on ``code`` and nothing written, when it is unknown, automatic, disabled, outside
its window, used up (``usage_count`` reached ``usage_limit``, or the buyer's redemptions —
by the signed-in customer or by the cart's e-mail — reached ``usage_limit_per_customer``), in
another currency than the cart's, above the cart's subtotal as a minimum, already on the cart,
or one more than ``discount_codes_per_cart``. Applying or removing a code reprices the cart
(its totals then take the discounts into account). A code is checked again at every change
and at checkout, when usage is counted.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.errors import ErrorCode, FieldProblem
from app.runtime import Context
from modules.commerce.cart_models import CartRow
from modules.commerce.cart_pricing import apply_quote, quote
from modules.commerce.carts import list_lines, lock_cart
from modules.commerce.discount_candidates import (
    NOT_A_CODE,
    buyer_email,
    buyer_uses,
    discount_problem,
)
from modules.commerce.discount_models import CartDiscountRow, DiscountRow
from modules.commerce.discount_rules import normal_code
from modules.commerce.errors import refuse_if_any
from modules.commerce.settings import load_settings

__all__ = ["apply_code", "code_problem", "remove_code"]


def _refusal(message: str) -> FieldProblem:
    return FieldProblem(ErrorCode.VALIDATION, message, "code")


async def code_problem(
    session: AsyncSession, row: DiscountRow | None, cart: CartRow, now: datetime
) -> FieldProblem | None:
    """Return why a code's discount may not apply to ``cart`` now, if it may not.

    The checks are :func:`modules.commerce.discount_candidates.discount_problem`'s, against the
    cart's subtotal; the buyer's uses are counted by customer and by the cart's e-mail.
    """
    if row is None or row.is_automatic:
        return _refusal(NOT_A_CODE)
    uses = 0
    if row.usage_limit_per_customer is not None:
        found = await buyer_uses(
            session, cart.tenant_id, [row.id], cart.customer_id, buyer_email(cart)
        )
        uses = found.get(row.id, 0)
    problem = discount_problem(row, cart, cart.subtotal_amount, now, uses)
    return None if problem is None else _refusal(problem)


async def _reprice(session: AsyncSession, cart: CartRow) -> None:
    rows = await list_lines(session, cart.tenant_id, [cart.id])
    wanted = {row.variant_id: row.quantity for row in rows}
    await apply_quote(session, cart, rows, wanted, await quote(session, cart, wanted))


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
            refuse_if_any([problem or _refusal(NOT_A_CODE)])
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
        await session.flush()
        await _reprice(session, cart)
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
            await session.flush()
            await _reprice(session, cart)
    return cart.id
