"""Carts: created with a token shown once, then changed line by line, priced by the server.

A cart is addressed by its token, of which only the SHA-256 hash is stored. A guest uses the
token alone; the first change by a signed-in customer of the tenant makes the cart theirs, and
from then on only that customer may read or change it (anyone else is told NOT_FOUND, as for a
token that never existed). Reads write nothing, so reading does not claim a cart.

Every change locks the cart row, re-resolves every line's price for the cart's customer and
rewrites the cached totals: the client never sends an amount. A line whose variant is no longer
for sale (deleted, its product no longer active, or no price in the cart's currency) leaves the
cart at the next change. Stock is not checked or reserved here: checkout reserves it (#8).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.errors import Conflict, ErrorCode, FieldProblem, NotFound
from app.events.emit import emit
from app.identity.tokens import hash_secret, new_secret
from app.ids import new_id
from app.money import is_currency
from app.runtime import Context
from modules.commerce.cart_models import CartLineRow, CartRow
from modules.commerce.cart_pricing import Quote, apply_quote, quote
from modules.commerce.cart_rules import (
    MAX_TOKEN_LENGTH,
    LineChange,
    LineInput,
    caller_customer,
    change_problems,
    email_problem,
    input_problems,
    may_use,
)
from modules.commerce.errors import not_found, refuse_if_any
from modules.commerce.events import CART_CREATED, CartCreated
from modules.commerce.settings import CommerceSettings, load_settings

__all__ = [
    "CartStatus",
    "CreatedCart",
    "add_lines",
    "create_cart",
    "find_cart",
    "list_lines",
    "lock_cart",
    "remove_lines",
    "update_lines",
]


class CartStatus:
    """A cart's ``status`` values."""

    OPEN = "open"
    COMPLETED = "completed"
    ABANDONED = "abandoned"


@dataclass(frozen=True, slots=True)
class CreatedCart:
    """A new cart's id and its token: the token is never shown again."""

    cart_id: uuid.UUID
    token: str


def _problem(message: str, field: str) -> FieldProblem:
    return FieldProblem(ErrorCode.VALIDATION, message, field)


def _currency_problem(currency: str, settings: CommerceSettings) -> FieldProblem | None:
    if not is_currency(currency):
        return _problem(f"{currency!r} is not an ISO 4217 currency code (e.g. USD)", "currency")
    if currency not in settings.currencies:
        sold = ", ".join(settings.currencies)
        return _problem(f"the shop does not sell in {currency}; it sells in {sold}", "currency")
    return None


async def _by_token(
    session: AsyncSession, tenant_id: uuid.UUID, token: str, *, lock: bool
) -> CartRow | None:
    if not token or len(token) > MAX_TOKEN_LENGTH:
        return None
    statement = select(CartRow).where(
        CartRow.tenant_id == tenant_id, CartRow.token_hash == hash_secret(token)
    )
    return await session.scalar(statement.with_for_update() if lock else statement)


async def find_cart(ctx: Context, token: str) -> CartRow | None:
    """Return the cart the token opens for the caller, or None (unknown, or another's)."""
    tenant_id = ctx.require_tenant().id
    async with ctx.runtime.db.transaction(tenant_id, readonly=True) as session:
        cart = await _by_token(session, tenant_id, token, lock=False)
    if cart is None or not may_use(cart.customer_id, caller_customer(ctx, tenant_id)):
        return None
    return cart


async def list_lines(
    session: AsyncSession, tenant_id: uuid.UUID, cart_ids: Sequence[uuid.UUID]
) -> list[CartLineRow]:
    """Return the lines of the carts, each cart's in the order they were added (one query)."""
    rows = await session.scalars(
        select(CartLineRow)
        .where(CartLineRow.tenant_id == tenant_id, CartLineRow.cart_id.in_(cart_ids))
        .order_by(CartLineRow.cart_id, CartLineRow.id)
    )
    return list(rows)


def _new_cart(ctx: Context, token: str, currency: str, email: str | None) -> CartRow:
    tenant_id, now = ctx.require_tenant().id, ctx.runtime.clock.now()
    return CartRow(
        tenant_id=tenant_id,
        id=new_id(),
        token_hash=hash_secret(token),
        customer_id=caller_customer(ctx, tenant_id),
        currency=currency,
        status=CartStatus.OPEN,
        email=email,
        shipping_address=None,
        billing_address=None,
        shipping_rate_id=None,
        subtotal_amount=0,
        discount_amount=0,
        shipping_amount=0,
        tax_amount=0,
        total_amount=0,
        tax_estimated=False,
        prices_include_tax=False,
        last_activity_at=now,
        created_at=now,
        updated_at=now,
    )


async def create_cart(
    ctx: Context, currency: str | None, lines: Sequence[LineInput], email: str | None
) -> CreatedCart:
    """Create a cart in ``currency`` (default: the shop's) with ``lines``; emit its event.

    A signed-in customer's new cart is theirs at once.

    Raises:
        ValidationFailed: every problem at once (currency, e-mail, quantities, variants).
    """
    tenant_id = ctx.require_tenant().id
    token = new_secret()
    async with ctx.runtime.db.transaction(tenant_id) as session:
        settings = await load_settings(session, tenant_id)
        code = settings.default_currency if currency is None else currency
        found = [p for p in (_currency_problem(code, settings), email_problem(email)) if p]
        refuse_if_any(found + input_problems(lines, settings.max_line_quantity))
        cart = _new_cart(ctx, token, code, email)
        session.add(cart)
        await session.flush()
        await _add(session, cart, [], lines, settings)
        await session.flush()
        customer = None if cart.customer_id is None else str(cart.customer_id)
        payload = CartCreated(cart_id=str(cart.id), customer_id=customer, currency=code)
        await emit(ctx, session, CART_CREATED, payload, aggregate_id=cart.id)
    return CreatedCart(cart_id=cart.id, token=token)


async def lock_cart(ctx: Context, session: AsyncSession, token: str) -> CartRow:
    """Lock and return the cart the token opens for the caller, touched (opened, claimed).

    Raises:
        NotFound: no cart the caller may use has this token (``token``).
        Conflict: the cart became an order (``token``).
    """
    tenant_id = ctx.require_tenant().id
    customer = caller_customer(ctx, tenant_id)
    cart = await _by_token(session, tenant_id, token, lock=True)
    if cart is None or not may_use(cart.customer_id, customer):
        raise NotFound("no cart has this token (or it is another customer's)", field="token")
    if cart.status == CartStatus.COMPLETED:
        raise Conflict("this cart became an order; start a new cart", field="token")
    if cart.customer_id is None and customer is not None:
        cart.customer_id = customer
    now = ctx.runtime.clock.now()
    cart.status, cart.last_activity_at, cart.updated_at = CartStatus.OPEN, now, now
    return cart


async def _add(
    session: AsyncSession,
    cart: CartRow,
    rows: list[CartLineRow],
    lines: Sequence[LineInput],
    settings: CommerceSettings,
) -> None:
    wanted = {row.variant_id: row.quantity for row in rows}
    for line in lines:
        wanted[line.variant_id] = wanted.get(line.variant_id, 0) + line.quantity
    offer = await quote(session, cart, wanted)
    refuse_if_any(_added_problems(lines, wanted, offer, cart.currency, settings))
    await apply_quote(session, cart, rows, wanted, offer)


def _added_problems(
    lines: Sequence[LineInput],
    wanted: dict[uuid.UUID, int],
    offer: Quote,
    currency: str,
    settings: CommerceSettings,
) -> list[FieldProblem]:
    found: list[FieldProblem] = []
    limit = settings.max_line_quantity
    # A merged quantity over the limit is told once, at the last line naming the variant.
    last = {line.variant_id: number for number, line in enumerate(lines)}
    for number, line in enumerate(lines):
        at, variant = f"lines.{number}", line.variant_id
        if variant not in offer.sellable:
            found.append(not_found("no such variant for sale", f"{at}.variantId"))
        elif variant not in offer.prices:
            found.append(_problem(f"this variant is not sold in {currency}", f"{at}.variantId"))
        elif wanted[variant] > limit and last[variant] == number:
            message = f"at most {limit} of one variant; the cart would hold {wanted[variant]}"
            found.append(_problem(message, f"{at}.quantity"))
    return found


async def add_lines(ctx: Context, token: str, lines: Sequence[LineInput]) -> uuid.UUID:
    """Add ``lines`` to a cart, merged by variant with the lines it has; reprice it.

    Raises:
        ValidationFailed: every problem at once (no lines, quantities, variants, limits).
        NotFound: no cart the caller may use has this token (``token``).
        Conflict: the cart became an order (``token``).
    """
    tenant_id = ctx.require_tenant().id
    async with ctx.runtime.db.transaction(tenant_id) as session:
        settings = await load_settings(session, tenant_id)
        empty = [] if lines else [_problem("give at least one line", "lines")]
        refuse_if_any(empty + input_problems(lines, settings.max_line_quantity))
        cart = await lock_cart(ctx, session, token)
        rows = await list_lines(session, tenant_id, [cart.id])
        await _add(session, cart, rows, lines, settings)
    return cart.id


def _changed(
    rows: list[CartLineRow], changes: Sequence[LineChange]
) -> tuple[dict[uuid.UUID, int], list[FieldProblem]]:
    by_id = {row.id: row for row in rows}
    wanted = {row.variant_id: row.quantity for row in rows}
    found: list[FieldProblem] = []
    for number, change in enumerate(changes):
        row = by_id.get(change.line_id)
        if row is None:
            found.append(not_found("the cart has no such line", f"lines.{number}.lineId"))
        elif change.quantity == 0:
            wanted.pop(row.variant_id, None)
        else:
            wanted[row.variant_id] = change.quantity
    return wanted, found


async def update_lines(ctx: Context, token: str, changes: Sequence[LineChange]) -> uuid.UUID:
    """Set the quantities of a cart's lines (0 removes a line); reprice the cart.

    Raises:
        ValidationFailed: every problem at once (no lines, quantities, lines named twice).
        NotFound: no usable cart has this token (``token``), or it has no such line.
        Conflict: the cart became an order (``token``).
    """
    tenant_id = ctx.require_tenant().id
    async with ctx.runtime.db.transaction(tenant_id) as session:
        settings = await load_settings(session, tenant_id)
        empty = [] if changes else [_problem("give at least one line", "lines")]
        refuse_if_any(empty + change_problems(changes, settings.max_line_quantity))
        cart = await lock_cart(ctx, session, token)
        rows = await list_lines(session, tenant_id, [cart.id])
        wanted, found = _changed(rows, changes)
        refuse_if_any(found)
        await apply_quote(session, cart, rows, wanted, await quote(session, cart, wanted))
    return cart.id


async def remove_lines(ctx: Context, token: str, line_ids: Sequence[uuid.UUID]) -> uuid.UUID:
    """Remove lines from a cart; reprice what is left.

    Raises:
        ValidationFailed: no line ids were given (``lineIds``).
        NotFound: no usable cart has this token (``token``), or it has no such line.
        Conflict: the cart became an order (``token``).
    """
    tenant_id = ctx.require_tenant().id
    refuse_if_any([] if line_ids else [_problem("give at least one line", "lineIds")])
    async with ctx.runtime.db.transaction(tenant_id) as session:
        cart = await lock_cart(ctx, session, token)
        rows = await list_lines(session, tenant_id, [cart.id])
        known = {row.id for row in rows}
        refuse_if_any(
            [
                not_found("the cart has no such line", f"lineIds.{number}")
                for number, line_id in enumerate(line_ids)
                if line_id not in known
            ]
        )
        gone = set(line_ids)
        wanted = {row.variant_id: row.quantity for row in rows if row.id not in gone}
        await apply_quote(session, cart, rows, wanted, await quote(session, cart, wanted))
    return cart.id
