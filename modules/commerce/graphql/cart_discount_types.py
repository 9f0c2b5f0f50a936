"""GraphQL types of a cart's discounts: what each takes off, and what each code does.

Both are worked out when read, from the cart's lines as last priced and the discounts as they
stand now (one request DataLoader, a few statements per cart whatever its size): a code whose
window ended, that was used up, or whose minimum the cart no longer reaches stays on the cart,
takes nothing off and says why. The cart's totals are those of its last change; checkout works
out both again.
"""

from __future__ import annotations

import uuid
from collections import defaultdict

import strawberry
from sqlalchemy import select
from strawberry.dataloader import DataLoader

from app.graphql.loaders import request_loader
from app.graphql.types import MinorUnits, Money
from app.runtime import Context
from modules.commerce.cart_discounting import Discounting, ItemLine, discount_lines
from modules.commerce.cart_models import CartRow
from modules.commerce.carts import list_lines
from modules.commerce.models import VariantRow
from modules.commerce.settings import load_settings

__all__ = ["CartDiscount", "CartDiscountCode", "cart_discounting", "codes_of", "discounts_of"]


def _money(amount: int, currency: str) -> Money:
    return Money(amount=MinorUnits(amount), currency=currency)


@strawberry.type(description="A discount taking something off a cart.")
class CartDiscount:
    """An applied discount."""

    code: str | None = strawberry.field(description="Its code; null for an automatic discount.")
    name: str = strawberry.field(description="The discount's name.")
    amount: Money = strawberry.field(description="What it takes off the cart's lines.")


@strawberry.type(description="A discount code on a cart: what it takes off, or why nothing.")
class CartDiscountCode:
    """A code's state on a cart."""

    code: str = strawberry.field(description="The code, upper-case.")
    amount: Money = strawberry.field(description="What it takes off the cart (0 when nothing).")
    problem: str | None = strawberry.field(
        description=(
            "Why it takes nothing off (window ended, used up, below its minimum, another "
            "discount chosen, nothing qualifies); null when it applies. Checkout refuses a code "
            "that may not apply at all: remove it with `cartDiscountCodeRemove`."
        )
    )


def discounts_of(found: Discounting, currency: str) -> list[CartDiscount]:
    """Return the applied discounts as GraphQL objects."""
    return [
        CartDiscount(code=item.code, name=item.name, amount=_money(item.amount, currency))
        for item in found.applied
    ]


def codes_of(found: Discounting, currency: str) -> list[CartDiscountCode]:
    """Return the cart's codes as GraphQL objects, in the order they were applied."""
    return [
        CartDiscountCode(
            code=state.code, amount=_money(state.amount, currency), problem=state.problem
        )
        for state in found.codes
    ]


def cart_discounting(ctx: Context) -> DataLoader[CartRow, Discounting]:
    """Return the request's loader of what discounts do to carts now."""

    async def load(carts: list[CartRow]) -> list[Discounting]:
        tenant_id, now = ctx.require_tenant().id, ctx.runtime.clock.now()
        async with ctx.runtime.db.transaction(tenant_id, readonly=True) as session:
            settings = await load_settings(session, tenant_id)
            lines = await list_lines(session, tenant_id, [cart.id for cart in carts])
            products = dict(
                (
                    await session.execute(
                        select(VariantRow.id, VariantRow.product_id).where(
                            VariantRow.tenant_id == tenant_id,
                            VariantRow.id.in_({line.variant_id for line in lines}),
                        )
                    )
                ).all()
            )
            by_cart: dict[uuid.UUID, list[ItemLine]] = defaultdict(list)
            for line in lines:
                item = ItemLine(
                    products[line.variant_id], line.quantity, line.unit_amount * line.quantity
                )
                by_cart[line.cart_id].append(item)
            allowed = settings.discount_codes_per_cart
            return [
                await discount_lines(session, cart, by_cart[cart.id], now, allowed)
                for cart in carts
            ]

    return request_loader(ctx, "commerce.cart_discounting", load)
