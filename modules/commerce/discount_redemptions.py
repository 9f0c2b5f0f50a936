"""Counting a discount's use when an order is placed, and giving it back when it is cancelled.

In checkout's transaction, before any stock is reserved (:func:`claim_usage`):

- every code on the cart must still apply: a code with a problem (window ended, used up,
  below its minimum, ...) refuses the checkout with CONFLICT on ``discountCodes.N``, naming
  the code, so the buyer is never charged more than the cart showed without being told;
- each discount that takes something off the order (automatic ones too), in id order, is
  counted by one conditional update, ``usage_count + 1`` only while ``usage_count`` is below
  ``usage_limit``. The update locks the discount's row until the order commits, so concurrent
  checkouts count one after the other and never past the limit. No row updated: the discount
  ran out meanwhile, and the checkout is refused (CONFLICT on ``discountCodes.N`` for a code,
  on ``discounts`` for an automatic discount);
- with the row locked, the buyer's redemptions (by customer id or by e-mail) are counted
  afresh; at ``usage_limit_per_customer`` the checkout is refused the same way.

A refusal raises before anything is written, and the transaction rolls back the counts already
taken: no order, reservation, usage or event remains. Once the order is written,
:func:`record_usage` adds what each discount took (``commerce_order_discounts``, frozen) and a
redemption per discount (customer id, lower-case e-mail).

:func:`release_usage` gives the usage back when the order is cancelled (by staff, or when its
reservation expires): each redemption's discount counts one use less and the redemption goes,
in the cancelling transaction. The order keeps its record of what the discounts took.
Discount rows are locked before stock levels there too, as in checkout, so the two never
deadlock.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from app.errors import FieldProblem
from app.ids import new_id
from modules.commerce.cart_models import CartRow
from modules.commerce.cart_totals import Totals
from modules.commerce.discount_candidates import buyer_email, buyer_uses
from modules.commerce.discount_models import DiscountRedemptionRow, DiscountRow, OrderDiscountRow
from modules.commerce.errors import conflict, refuse_if_any
from modules.commerce.order_models import OrderRow

__all__ = ["claim_usage", "record_usage", "release_usage"]


def _field(totals: Totals, discount_id: uuid.UUID) -> str:
    for number, state in enumerate(totals.codes):
        if state.discount_id == discount_id:
            return f"discountCodes.{number}"
    return "discounts"


def _invalid_codes(totals: Totals) -> list[FieldProblem]:
    return [
        conflict(
            f"the code {state.code} no longer applies ({state.problem}): remove it "
            "(cartDiscountCodeRemove) to check out without it",
            f"discountCodes.{number}",
        )
        for number, state in enumerate(totals.codes)
        if not state.is_valid
    ]


def _ran_out(totals: Totals, discount_id: uuid.UUID, name: str, why: str) -> FieldProblem:
    field = _field(totals, discount_id)
    if field == "discounts":
        message = f"the promotion {name!r} {why}: check the cart's new total and check out again"
    else:
        code = totals.codes[int(field.rpartition(".")[2])].code
        message = f"the code {code} {why}: remove it (cartDiscountCodeRemove) to check out"
    return conflict(message, field)


async def _count_one(
    session: AsyncSession, tenant_id: uuid.UUID, discount_id: uuid.UUID
) -> tuple[bool, int | None]:
    """Count one use if the limit allows; return whether it did, and the per-buyer limit.

    The row stays locked until the transaction ends.
    """
    counted = await session.execute(
        update(DiscountRow)
        .where(
            DiscountRow.tenant_id == tenant_id,
            DiscountRow.id == discount_id,
            (DiscountRow.usage_limit.is_(None))
            | (DiscountRow.usage_count < DiscountRow.usage_limit),
        )
        .values(usage_count=DiscountRow.usage_count + 1)
        .returning(DiscountRow.usage_limit_per_customer)
        .execution_options(synchronize_session=False)
    )
    found = counted.first()
    return (False, None) if found is None else (True, found[0])


async def claim_usage(session: AsyncSession, cart: CartRow, totals: Totals) -> None:
    """Count the order's discounts, or refuse the checkout (see the module).

    Raises:
        ValidationFailed: CONFLICT on ``discountCodes.N`` or ``discounts``.
    """
    refuse_if_any(_invalid_codes(totals))
    tenant_id, email = cart.tenant_id, buyer_email(cart)
    for applied in sorted(totals.discounts, key=lambda applied: applied.discount_id):
        discount_id = applied.discount_id
        counted, limit = await _count_one(session, tenant_id, discount_id)
        if not counted:
            refuse_if_any([_ran_out(totals, discount_id, applied.name, "has been used up")])
        if limit is None:
            continue
        uses = await buyer_uses(session, tenant_id, [discount_id], cart.customer_id, email)
        if uses.get(discount_id, 0) >= limit:
            why = "has been used as often as it allows by this buyer"
            refuse_if_any([_ran_out(totals, discount_id, applied.name, why)])


def record_usage(
    order: OrderRow, cart: CartRow, totals: Totals, now: datetime
) -> list[OrderDiscountRow | DiscountRedemptionRow]:
    """Return the order's discount rows and redemptions to add (the order is flushed)."""
    rows: list[OrderDiscountRow | DiscountRedemptionRow] = []
    for applied in totals.discounts:
        rows.append(
            OrderDiscountRow(
                tenant_id=order.tenant_id,
                order_id=order.id,
                discount_id=applied.discount_id,
                code=applied.code,
                name=applied.name,
                amount=applied.amount,
            )
        )
        rows.append(
            DiscountRedemptionRow(
                tenant_id=order.tenant_id,
                id=new_id(),
                discount_id=applied.discount_id,
                order_id=order.id,
                customer_id=order.customer_id,
                email=buyer_email(cart),
                created_at=now,
            )
        )
    return rows


async def release_usage(session: AsyncSession, order: OrderRow) -> None:
    """Give back the uses the order counted, deleting its redemptions (see the module)."""
    redeemed = sorted(
        await session.scalars(
            select(DiscountRedemptionRow.discount_id).where(
                DiscountRedemptionRow.tenant_id == order.tenant_id,
                DiscountRedemptionRow.order_id == order.id,
            )
        )
    )
    if not redeemed:
        return
    for discount_id in redeemed:
        await session.execute(
            update(DiscountRow)
            .where(
                DiscountRow.tenant_id == order.tenant_id,
                DiscountRow.id == discount_id,
                DiscountRow.usage_count > 0,
            )
            .values(usage_count=DiscountRow.usage_count - 1)
            .execution_options(synchronize_session=False)
        )
    await session.execute(
        delete(DiscountRedemptionRow).where(
            DiscountRedemptionRow.tenant_id == order.tenant_id,
            DiscountRedemptionRow.order_id == order.id,
        )
    )
