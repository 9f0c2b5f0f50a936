"""``cartUpdate``: a cart's e-mail, shipping and billing addresses, and shipping rate.

What is given replaces what the cart has; what is absent stays. A shipping address must be in
a shipping zone when the shop has any (``VALIDATION`` on ``shippingAddress.country``
otherwise: we do not ship there); a shop without zones does not ship, and takes any address.
The shipping rate must be one the cart may choose once the change is made (its shipping
address's zone, the cart's currency, active, able to carry the cart's weight): otherwise
``VALIDATION`` on ``shippingRateId``. A new address that no longer reaches the chosen rate
drops it. The cart is then repriced like any change (prices resolved again, totals with
shipping and tax); a refused change writes nothing.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from app.errors import ErrorCode, FieldProblem
from app.runtime import Context
from modules.commerce.address import Address, address_problems
from modules.commerce.cart_models import CartRow
from modules.commerce.cart_pricing import apply_quote, quote
from modules.commerce.cart_rules import email_problem
from modules.commerce.carts import list_lines, lock_cart
from modules.commerce.errors import refuse_if_any
from modules.commerce.shipping_quotes import has_zones, zone_for

__all__ = ["CartDetails", "update_cart"]


@dataclass(frozen=True, slots=True, kw_only=True)
class CartDetails:
    """A cart's changes; None leaves a field as it is."""

    email: str | None = None
    shipping_address: Address | None = None
    billing_address: Address | None = None
    shipping_rate_id: uuid.UUID | None = None


def _problem(message: str, field: str) -> FieldProblem:
    return FieldProblem(ErrorCode.VALIDATION, message, field)


def _input_problems(details: CartDetails) -> list[FieldProblem]:
    found = [p for p in (email_problem(details.email),) if p]
    if details.shipping_address is not None:
        found += address_problems(details.shipping_address, "shippingAddress")
    if details.billing_address is not None:
        found += address_problems(details.billing_address, "billingAddress")
    return found


async def _zone_problem(
    session: AsyncSession, tenant_id: uuid.UUID, address: Address | None
) -> FieldProblem | None:
    if address is None or not await has_zones(session, tenant_id):
        return None
    if await zone_for(session, tenant_id, address.country, address.region) is not None:
        return None
    where = f"{address.country} {address.region or ''}".strip()
    return _problem(f"the shop does not ship to {where}", "shippingAddress.country")


def _apply(cart: CartRow, details: CartDetails) -> None:
    if details.email is not None:
        cart.email = details.email
    if details.shipping_address is not None:
        cart.shipping_address = details.shipping_address.to_json()
    if details.billing_address is not None:
        cart.billing_address = details.billing_address.to_json()
    if details.shipping_rate_id is not None:
        cart.shipping_rate_id = details.shipping_rate_id


async def update_cart(ctx: Context, token: str, details: CartDetails) -> uuid.UUID:
    """Change a cart's e-mail, addresses or shipping rate; reprice it.

    Raises:
        ValidationFailed: every problem at once (e-mail, address fields, a country not shipped
            to, a rate the cart may not choose).
        NotFound: no cart the caller may use has this token (``token``).
        Conflict: the cart became an order (``token``).
    """
    tenant_id = ctx.require_tenant().id
    refuse_if_any(_input_problems(details))
    async with ctx.runtime.db.transaction(tenant_id) as session:
        cart = await lock_cart(ctx, session, token)
        zone = await _zone_problem(session, tenant_id, details.shipping_address)
        refuse_if_any([zone] if zone else [])
        _apply(cart, details)
        rows = await list_lines(session, tenant_id, [cart.id])
        wanted = {row.variant_id: row.quantity for row in rows}
        await apply_quote(session, cart, rows, wanted, await quote(session, cart, wanted))
        wanted_rate = details.shipping_rate_id
        if wanted_rate is not None and cart.shipping_rate_id != wanted_rate:
            message = (
                "this rate does not ship this cart: choose one of its availableShippingRates"
                if cart.shipping_address is not None
                else "give a shipping address before choosing a shipping rate"
            )
            refuse_if_any([_problem(message, "shippingRateId")])
    return cart.id
