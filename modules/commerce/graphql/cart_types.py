"""GraphQL types of carts: ``Cart``, ``CartLine`` and ``OrderTotals``.

A cart's lines load through one request DataLoader, and their variants through the catalog's
``variants_by_id``, so reading a cart costs the same few statements whatever its size. Its
chosen shipping rate loads by id; ``availableShippingRates`` reads the zone and its rates.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Sequence

import strawberry
from sqlalchemy import select
from strawberry.dataloader import DataLoader

from app.graphql.context import Info
from app.graphql.loaders import request_loader
from app.graphql.types import MinorUnits, Money, Node
from app.ids import encode_global_id
from app.registry import NodeSource
from app.runtime import Context
from modules.commerce.cart_models import CartLineRow, CartRow
from modules.commerce.cart_rules import caller_customer
from modules.commerce.cart_totals import PricedLine, shipping_options
from modules.commerce.carts import list_lines
from modules.commerce.graphql import loaders
from modules.commerce.graphql.address_types import Address, address_of
from modules.commerce.graphql.cart_discount_codes import cart_discount_codes
from modules.commerce.graphql.cart_discount_types import (
    CartDiscount,
    CartDiscountCode,
    cart_discounting,
    codes_of,
    discounts_of,
)
from modules.commerce.graphql.shipping_loaders import rates_by_id
from modules.commerce.graphql.shipping_types import ShippingRate
from modules.commerce.graphql.types import ProductVariant

__all__ = ["CART_NODES", "Cart", "CartLine", "OrderTotals"]


def _money(amount: int, currency: str) -> Money:
    return Money(amount=MinorUnits(amount), currency=currency)


def cart_lines(ctx: Context) -> DataLoader[uuid.UUID, list[CartLineRow]]:
    """Return the request's loader of a cart's lines, in the order they were added."""

    async def load(keys: list[uuid.UUID]) -> list[list[CartLineRow]]:
        tenant_id = ctx.require_tenant().id
        async with ctx.runtime.db.transaction(tenant_id, readonly=True) as session:
            found: dict[uuid.UUID, list[CartLineRow]] = defaultdict(list)
            for row in await list_lines(session, tenant_id, keys):
                found[row.cart_id].append(row)
        return [found.get(key, []) for key in keys]

    return request_loader(ctx, "commerce.cart_lines", load)


@strawberry.type(description="The amounts of a cart or an order, computed by the server.")
class OrderTotals:
    """Totals in the cart's currency."""

    subtotal: Money = strawberry.field(description="The lines' unit prices times quantities.")
    discount: Money = strawberry.field(
        description="What discounts take off the lines (never off shipping)."
    )
    shipping: Money = strawberry.field(description="The chosen shipping rate's charge.")
    tax: Money = strawberry.field(
        description=(
            "The tax on the discounted amounts: inside them when prices include tax, else "
            "added to them."
        )
    )
    total: Money = strawberry.field(
        description="What is due: subtotal less discount, plus shipping and excluded tax."
    )


@strawberry.type(description="One variant in a cart, with the amounts last computed for it.")
class CartLine:
    """A cart line."""

    id: strawberry.ID = strawberry.field(description="The line's ID (`cartLinesUpdate`).")
    quantity: int = strawberry.field(description="How many.")
    unit_price: Money = strawberry.field(description="The price of one, resolved by the server.")
    discount: Money = strawberry.field(description="What discounts take off the line.")
    tax: Money = strawberry.field(description="The line's tax.")
    total: Money = strawberry.field(description="Unit price times quantity, less discount.")
    row: strawberry.Private[CartLineRow]

    @strawberry.field(description="The variant bought.")
    async def variant(self, info: Info) -> ProductVariant:
        """Load the variant (a deleted variant takes its lines with it)."""
        row = await loaders.variants_by_id(info.context).load(self.row.variant_id)
        if row is None:
            raise LookupError("a cart line's variant is gone")  # the foreign key cascades
        return ProductVariant.from_row(row)

    @classmethod
    def from_row(cls, row: CartLineRow, currency: str) -> CartLine:
        """Build from a line row."""
        return cls(
            id=strawberry.ID(encode_global_id("CartLine", row.id)),
            quantity=row.quantity,
            unit_price=_money(row.unit_amount, currency),
            discount=_money(row.discount_amount, currency),
            tax=_money(row.tax_amount, currency),
            total=_money(row.total_amount, currency),
            row=row,
        )


@strawberry.type(description="A shopping cart, opened by its token; totals come from the server.")
class Cart(Node):
    """A cart."""

    currency: str = strawberry.field(description="The ISO 4217 currency of every amount.")
    email: str | None = strawberry.field(description="The buyer's e-mail address, if given.")
    shipping_address: Address | None = strawberry.field(description="Where to ship, if given.")
    billing_address: Address | None = strawberry.field(description="Whom to bill, if given.")
    totals: OrderTotals = strawberry.field(description="The cart's amounts.")
    tax_included: bool = strawberry.field(
        description="Whether the amounts include tax (the shop's prices are tax-inclusive)."
    )
    tax_estimated: bool = strawberry.field(
        description=(
            "Whether the tax is an estimate: the address taxes follow (shipping or billing, as "
            "the shop says) is not given yet."
        )
    )
    row: strawberry.Private[CartRow]

    @strawberry.field(
        description="The discount codes applied, in order; `discountCodeStates` tells more."
    )
    async def discount_codes(self, info: Info) -> list[str]:
        """Load the codes."""
        return await cart_discount_codes(info.context).load(self.row.id)

    @strawberry.field(
        description=(
            "The discount codes applied, in order, each with what it takes off now or why it "
            "takes nothing (a code that no longer applies stays on the cart)."
        )
    )
    async def discount_code_states(self, info: Info) -> list[CartDiscountCode]:
        """Work out the codes' states."""
        found = await cart_discounting(info.context).load(self.row)
        return codes_of(found, self.row.currency)

    @strawberry.field(
        description=(
            "The discounts taking something off the cart now (codes and automatic ones), in "
            "the order they apply; their amounts add up to the lines' discounts."
        )
    )
    async def discounts(self, info: Info) -> list[CartDiscount]:
        """Work out the applied discounts."""
        found = await cart_discounting(info.context).load(self.row)
        return discounts_of(found, self.row.currency)

    @strawberry.field(description="The chosen shipping rate, if any, priced for this cart.")
    async def shipping_rate(self, info: Info) -> ShippingRate | None:
        """Load the chosen rate."""
        if self.row.shipping_rate_id is None:
            return None
        row = await rates_by_id(info.context).load(self.row.shipping_rate_id)
        return None if row is None else ShippingRate.from_row(row, self.row.shipping_amount)

    @strawberry.field(
        description=(
            "The rates the cart may choose now (its shipping address's zone, its currency and "
            "weight), each priced for it, cheapest first; empty without a shipping address."
        )
    )
    async def available_shipping_rates(self, info: Info) -> list[ShippingRate]:
        """Read the zone's rates and price them for the cart's lines."""
        if self.row.shipping_address is None:
            return []
        ctx = info.context
        rows = await cart_lines(ctx).load(self.row.id)
        priced = [PricedLine(row.variant_id, row.quantity, row.unit_amount) for row in rows]
        async with ctx.runtime.db.transaction(self.row.tenant_id, readonly=True) as session:
            options = await shipping_options(session, self.row, priced, self.row.discount_amount)
        return [ShippingRate.from_row(rate, price) for rate, price in options]

    @strawberry.field(description="The lines, in the order they were added (at most 250).")
    async def lines(self, info: Info) -> list[CartLine]:
        """Load the lines."""
        rows = await cart_lines(info.context).load(self.row.id)
        return [CartLine.from_row(row, self.row.currency) for row in rows]

    @classmethod
    def from_row(cls, row: CartRow) -> Cart:
        """Build from a cart row."""
        currency = row.currency
        return cls(
            id=strawberry.ID(encode_global_id("Cart", row.id)),
            currency=currency,
            email=row.email,
            shipping_address=address_of(row.shipping_address),
            billing_address=address_of(row.billing_address),
            totals=OrderTotals(
                subtotal=_money(row.subtotal_amount, currency),
                discount=_money(row.discount_amount, currency),
                shipping=_money(row.shipping_amount, currency),
                tax=_money(row.tax_amount, currency),
                total=_money(row.total_amount, currency),
            ),
            tax_included=row.prices_include_tax,
            tax_estimated=row.tax_estimated,
            row=row,
        )


async def _carts(ctx: Context, ids: list[uuid.UUID]) -> Sequence[Cart | None]:
    """Give a signed-in customer their own carts; a guest cart is reached by its token only."""
    tenant_id = ctx.require_tenant().id
    customer = caller_customer(ctx, tenant_id)
    if customer is None:
        return [None] * len(ids)
    async with ctx.runtime.db.transaction(tenant_id, readonly=True) as session:
        rows = await session.scalars(
            select(CartRow).where(
                CartRow.tenant_id == tenant_id,
                CartRow.id.in_(ids),
                CartRow.customer_id == customer,
            )
        )
        found = {row.id: Cart.from_row(row) for row in rows}
    return [found.get(key) for key in ids]


CART_NODES = (NodeSource(type_name="Cart", load=_carts),)
