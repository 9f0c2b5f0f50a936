"""Pricing a cart: which variants may be sold, at what unit price, and the totals written back.

Prices come from :func:`modules.commerce.price_resolution.resolve_prices` for the cart's
customer and each line's quantity (price lists and their tiers), so the same resolution prices
a cart and checkout. Totals are integer minor units: a line's total is
its unit price times its quantity less its discount; discounts, shipping, tax and the cart's
total come from :func:`modules.commerce.cart_totals.compute_totals`, at the time of the change.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.errors import ErrorCode, FieldProblem
from app.ids import new_id
from app.money import MAX_AMOUNT
from modules.commerce.cart_models import CartLineRow, CartRow
from modules.commerce.cart_rules import MAX_LINES
from modules.commerce.cart_totals import PricedLine, compute_totals, write_totals
from modules.commerce.errors import refuse_if_any
from modules.commerce.models import ProductRow, VariantRow
from modules.commerce.price_resolution import resolve_prices
from modules.commerce.product_rules import ProductStatus
from modules.commerce.settings import load_settings

__all__ = ["Quote", "apply_quote", "quote"]


@dataclass(frozen=True, slots=True)
class Quote:
    """Which of the wanted variants are for sale at all, and the unit price of those priced."""

    sellable: frozenset[uuid.UUID]
    prices: dict[uuid.UUID, int]

    def sells(self, variant_id: uuid.UUID) -> bool:
        """Return whether the variant can be in the cart: for sale and priced in its currency."""
        return variant_id in self.sellable and variant_id in self.prices


async def _sellable(
    session: AsyncSession, tenant_id: uuid.UUID, variant_ids: list[uuid.UUID]
) -> frozenset[uuid.UUID]:
    if not variant_ids:
        return frozenset()
    rows = await session.scalars(
        select(VariantRow.id)
        .join(
            ProductRow,
            (ProductRow.tenant_id == VariantRow.tenant_id)
            & (ProductRow.id == VariantRow.product_id),
        )
        .where(
            VariantRow.tenant_id == tenant_id,
            VariantRow.id.in_(variant_ids),
            ProductRow.status == ProductStatus.ACTIVE.value,
        )
    )
    return frozenset(rows)


async def quote(
    session: AsyncSession,
    cart: CartRow,
    wanted: dict[uuid.UUID, int],
    at: datetime | None = None,
) -> Quote:
    """Return what of ``wanted`` (quantity per variant) is for sale, and at what unit price.

    Prices are those live ``at`` (default: the change's time, stamped on the cart).
    """
    sellable = await _sellable(session, cart.tenant_id, list(wanted))
    items = list(wanted.items())
    resolved = await resolve_prices(
        session, cart.tenant_id, items, cart.currency, cart.customer_id, at or cart.updated_at
    )
    prices = {v: price.amount for (v, _), price in zip(items, resolved, strict=True) if price}
    return Quote(sellable=sellable, prices=prices)


def _total_problems(wanted: dict[uuid.UUID, int], offer: Quote) -> list[FieldProblem]:
    found = []
    if len(wanted) > MAX_LINES:
        message = f"a cart holds at most {MAX_LINES} lines; this one would hold {len(wanted)}"
        found.append(FieldProblem(ErrorCode.VALIDATION, message, "lines"))
    if sum(offer.prices[v] * quantity for v, quantity in wanted.items()) > MAX_AMOUNT:
        message = f"the cart's total would exceed {MAX_AMOUNT} minor units"
        found.append(FieldProblem(ErrorCode.VALIDATION, message, "lines"))
    return found


def _line(cart: CartRow, variant_id: uuid.UUID) -> CartLineRow:
    return CartLineRow(
        tenant_id=cart.tenant_id,
        id=new_id(),
        cart_id=cart.id,
        variant_id=variant_id,
        created_at=cart.updated_at,
    )


def _price(row: CartLineRow, quantity: int, unit_amount: int, cart: CartRow) -> None:
    row.quantity, row.unit_amount = quantity, unit_amount
    row.discount_amount = row.tax_amount = 0
    row.total_amount = unit_amount * quantity
    row.updated_at = cart.updated_at


async def apply_quote(
    session: AsyncSession,
    cart: CartRow,
    rows: list[CartLineRow],
    wanted: dict[uuid.UUID, int],
    offer: Quote,
) -> None:
    """Make the cart's lines exactly ``wanted`` at the quoted prices; rewrite its totals.

    Variants no longer for sale are dropped; a shipping rate no longer available is dropped.
    Refuses (VALIDATION on ``lines``) a cart of more than :data:`MAX_LINES` lines, or one whose
    subtotal would not fit in an amount.
    """
    kept = {variant: quantity for variant, quantity in wanted.items() if offer.sells(variant)}
    refuse_if_any(_total_problems(kept, offer))
    existing = {row.variant_id: row for row in rows}
    gone = [row.id for row in rows if row.variant_id not in kept]
    if gone:
        await session.execute(
            delete(CartLineRow).where(
                CartLineRow.tenant_id == cart.tenant_id, CartLineRow.id.in_(gone)
            )
        )
    priced = []
    for variant, quantity in kept.items():
        row = existing.get(variant)
        if row is None:
            row = _line(cart, variant)
            session.add(row)
        _price(row, quantity, offer.prices[variant], cart)
        existing[variant] = row
        priced.append(PricedLine(variant, quantity, offer.prices[variant]))
    settings = await load_settings(session, cart.tenant_id)
    # The change's time: lock_cart (or the cart's creation) stamped it on the cart.
    totals = await compute_totals(session, cart, priced, settings, cart.updated_at)
    for line in priced:
        row, amounts = existing[line.variant_id], totals.lines[line.variant_id]
        row.tax_amount, row.discount_amount = amounts.tax_amount, amounts.discount_amount
        row.total_amount = line.amount - amounts.discount_amount
    write_totals(cart, totals)
