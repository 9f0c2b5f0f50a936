"""``cartUpdate``: a cart's e-mail, shipping and billing addresses, and shipping rate.

What is given replaces what the cart has; what is absent stays. A shipping address must be in
a shipping zone when the shop has any (``VALIDATION`` on ``shippingAddress.country``
otherwise: we do not ship there); a shop without zones does not ship, and takes any address.
The shipping rate must be one the cart may choose once the change is made (its shipping
address's zone, the cart's currency, active, able to carry the cart's weight): otherwise
``VALIDATION`` on ``shippingRateId``. A new address that no longer reaches the chosen rate
drops it. The cart is then repriced like any change (prices resolved again, totals with
shipping and tax); a refused change writes nothing.

A signed-in customer may name an address of their own book instead (``shippingAddressId``,
``billingAddressId``): it is copied into the cart, so later edits of the book leave the cart
as it is. Naming both an id and an address, or an id on a guest's cart (no signed-in
customer), is ``VALIDATION`` at the id; another customer's address is ``NOT_FOUND`` there, as
an unknown one is. A new cart does not start with the customer's defaults: the storefront
names them (the book says which they are), so a cart never changes behind the shopper's back.
"""

from __future__ import annotations

import dataclasses
import uuid
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from app.errors import ErrorCode, FieldProblem
from app.runtime import Context
from modules.commerce.address import Address, address_problems
from modules.commerce.address_book_rows import find_own_address
from modules.commerce.cart_models import CartRow
from modules.commerce.cart_pricing import apply_quote, quote
from modules.commerce.cart_rules import email_problem
from modules.commerce.carts import list_lines, lock_cart
from modules.commerce.errors import not_found, refuse_if_any
from modules.commerce.shipping_quotes import has_zones, zone_for

__all__ = ["CartDetails", "update_cart"]


@dataclass(frozen=True, slots=True, kw_only=True)
class CartDetails:
    """A cart's changes; None leaves a field as it is."""

    email: str | None = None
    shipping_address: Address | None = None
    billing_address: Address | None = None
    shipping_rate_id: uuid.UUID | None = None
    shipping_address_id: uuid.UUID | None = None
    billing_address_id: uuid.UUID | None = None


def _problem(message: str, field: str) -> FieldProblem:
    return FieldProblem(ErrorCode.VALIDATION, message, field)


def _input_problems(details: CartDetails) -> list[FieldProblem]:
    found = [p for p in (email_problem(details.email),) if p]
    if details.shipping_address is not None:
        found += address_problems(details.shipping_address, "shippingAddress")
    if details.billing_address is not None:
        found += address_problems(details.billing_address, "billingAddress")
    for kind in ("shipping", "billing"):
        if getattr(details, f"{kind}_address") and getattr(details, f"{kind}_address_id"):
            message = f"give {kind}Address or {kind}AddressId, not both"
            found.append(_problem(message, f"{kind}AddressId"))
    return found


async def _copy(
    session: AsyncSession, cart: CartRow, address_id: uuid.UUID | None, field: str
) -> tuple[Address | None, FieldProblem | None]:
    """Return the owner's book address ``address_id`` names, or the problem with it."""
    if address_id is None:
        return None, None
    if cart.customer_id is None:
        return None, _problem("a saved address is for a signed-in customer's own cart", field)
    address = await find_own_address(session, cart.tenant_id, cart.customer_id, address_id)
    return address, None if address else not_found("you have no such address", field)


async def _saved(session: AsyncSession, cart: CartRow, details: CartDetails) -> CartDetails:
    """Return ``details`` with the book addresses it names copied in, for the cart's owner."""
    ship, ship_problem = await _copy(
        session, cart, details.shipping_address_id, "shippingAddressId"
    )
    bill, bill_problem = await _copy(session, cart, details.billing_address_id, "billingAddressId")
    refuse_if_any([p for p in (ship_problem, bill_problem) if p])
    return dataclasses.replace(
        details,
        shipping_address=ship or details.shipping_address,
        billing_address=bill or details.billing_address,
    )


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
            to, a rate the cart may not choose, a saved address that is not the owner's).
        NotFound: no cart the caller may use has this token (``token``).
        Conflict: the cart became an order (``token``).
    """
    tenant_id = ctx.require_tenant().id
    refuse_if_any(_input_problems(details))
    async with ctx.runtime.db.transaction(tenant_id) as session:
        cart = await lock_cart(ctx, session, token)
        details = await _saved(session, cart, details)
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
