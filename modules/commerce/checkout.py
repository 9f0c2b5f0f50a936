"""Checkout: a cart becomes an order once, with its stock reserved, in one transaction.

``complete_checkout`` locks the cart, prices every line again for the cart's customer (the
client never sends an amount), reserves the stock of every line through
:func:`modules.commerce.inventory.reserve` (all or nothing; levels locked in one order, so
checkouts never deadlock and never sell what is not there), takes the next order number, writes
the order with its lines copied (names and prices frozen) and marks the cart completed, emitting
``commerce.order.placed`` with the stock events, and schedules ``commerce.expire_order`` at
the reservation's expiry. The order's totals are computed again at checkout's prices
(:func:`modules.commerce.cart_totals.compute_totals`): each line's tax and rate, the shipping
charge, the tax and the total; the addresses and the chosen shipping rate (a snapshot of its
name, kind and tax) are copied. When the shop has shipping zones, a cart without a shipping
address, or without a rate that still ships it, is refused before anything is written.
Discounts are computed again too, and their usage counted in the same transaction
(:mod:`modules.commerce.discount_redemptions`): a code that no longer applies, or a discount
that ran out meanwhile, refuses the checkout before anything is written; the order keeps what
each discount took, and each line its discount.

An order with nothing to pay (its total 0, typically fully discounted) is placed already
``paid`` with no payment, as a shop expects: its stock is held without expiry (nothing will
come to pay for it), and ``commerce.order.paid`` follows ``commerce.order.placed`` with no
``payment_id``. Any other order is placed ``unpaid`` and its payment is started apart.

The idempotency key makes a retry safe: the same key on the same cart returns the order it
placed (the cart lock queues concurrent retries behind the first), and the same key on another
cart is a CONFLICT, also when two carts race with it (the unique index keeps one order).
A guest's order access token is derived from the cart token and the key, so a retry that lost
the first answer is told the same token; only its hash is stored.
"""

from __future__ import annotations

import base64
import hashlib
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from app.db.unique import unique_violation
from app.db.upsert import insert_for
from app.errors import Conflict, ErrorCode, FieldProblem, NotFound, Unauthenticated
from app.events.emit import emit
from app.identity.tokens import hash_secret
from app.ids import new_id
from app.jobs.schedule import schedule
from app.runtime import Context
from modules.commerce.cart_models import CartLineRow, CartRow
from modules.commerce.cart_pricing import Quote, quote
from modules.commerce.cart_rules import MAX_TOKEN_LENGTH, caller_customer, may_use
from modules.commerce.cart_totals import PricedLine, Totals, compute_totals
from modules.commerce.carts import CartStatus, list_lines
from modules.commerce.checkout_snapshot import new_order, shipping_problems, snapshot_lines
from modules.commerce.discount_events import DISCOUNT_REDEEMED, DiscountRedeemed
from modules.commerce.discount_redemptions import claim_usage, record_usage
from modules.commerce.errors import refuse_if_any
from modules.commerce.events import ORDER_PLACED, OrderPlaced
from modules.commerce.inventory import Reference, StockLine, reserve
from modules.commerce.models import ProductRow, StockLevelRow, VariantRow, WarehouseRow
from modules.commerce.order_jobs import EXPIRE_ORDER
from modules.commerce.order_models import (
    OrderCounterRow,
    OrderRow,
    ReservationRow,
)
from modules.commerce.order_rules import PaymentStatus, ReservationStatus
from modules.commerce.payment_events import ORDER_PAID, OrderPaid
from modules.commerce.settings import CommerceSettings, load_settings

__all__ = ["MAX_KEY_LENGTH", "PlacedOrder", "complete_checkout", "order_token_for"]

MAX_KEY_LENGTH = 100


@dataclass(frozen=True, slots=True)
class PlacedOrder:
    """The order a checkout placed (or placed before, for the same key), and a guest's token."""

    order_id: uuid.UUID
    order_token: str | None
    is_paid: bool = False


def _problem(message: str, field: str) -> FieldProblem:
    return FieldProblem(ErrorCode.VALIDATION, message, field)


def _key_problems(key: str) -> list[FieldProblem]:
    if 1 <= len(key) <= MAX_KEY_LENGTH and key.isprintable() and key.strip() == key:
        return []
    message = f"1 to {MAX_KEY_LENGTH} printable characters, without surrounding spaces"
    return [_problem(message, "idempotencyKey")]


def order_token_for(cart_token: str, key: str) -> str:
    """Return the guest order token of the checkout of ``cart_token`` under ``key``."""
    digest = hashlib.sha256(f"rustok.commerce.order\0{key}\0{cart_token}".encode()).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


async def _locked_cart(ctx: Context, session: AsyncSession, token: str) -> CartRow:
    tenant_id = ctx.require_tenant().id
    cart = None
    if token and len(token) <= MAX_TOKEN_LENGTH:
        cart = await session.scalar(
            select(CartRow)
            .where(CartRow.tenant_id == tenant_id, CartRow.token_hash == hash_secret(token))
            .with_for_update()
        )
    if cart is None or not may_use(cart.customer_id, caller_customer(ctx, tenant_id)):
        raise NotFound("no cart has this token (or it is another customer's)", field="token")
    return cart


async def _by_key(session: AsyncSession, tenant_id: uuid.UUID, key: str) -> OrderRow | None:
    return await session.scalar(
        select(OrderRow).where(OrderRow.tenant_id == tenant_id, OrderRow.idempotency_key == key)
    )


def _sale_problems(rows: list[CartLineRow], offer: Quote, currency: str) -> list[FieldProblem]:
    if not rows:
        return [_problem("the cart is empty: add lines before checking out", "token")]
    return [
        _problem(f"no longer for sale in {currency}: remove the line", f"lines.{number}")
        for number, row in enumerate(rows)
        if not offer.sells(row.variant_id)
    ]


async def _warehouse_for(
    session: AsyncSession, tenant_id: uuid.UUID, rows: list[CartLineRow]
) -> dict[uuid.UUID, uuid.UUID]:
    """Pick per line the first active warehouse (by position) that has enough available.

    When none has, the first active one, so the reservation refuses with INSUFFICIENT_STOCK
    (or counts it, for a variant on backorder or not tracked). A line is not split.
    """
    warehouses = list(
        await session.scalars(
            select(WarehouseRow.id)
            .where(WarehouseRow.tenant_id == tenant_id, WarehouseRow.is_active.is_(True))
            .order_by(WarehouseRow.position, WarehouseRow.id)
        )
    )
    if not warehouses:
        message = "no active warehouse to ship from"
        refuse_if_any([FieldProblem(ErrorCode.INSUFFICIENT_STOCK, message, "lines.0.quantity")])
    levels = await session.scalars(
        select(StockLevelRow).where(
            StockLevelRow.tenant_id == tenant_id,
            StockLevelRow.variant_id.in_([row.variant_id for row in rows]),
        )
    )
    available = {(lv.variant_id, lv.warehouse_id): lv.available for lv in levels}
    chosen: dict[uuid.UUID, uuid.UUID] = {}
    for row in rows:
        enough = (w for w in warehouses if available.get((row.variant_id, w), 0) >= row.quantity)
        chosen[row.variant_id] = next(enough, warehouses[0])
    return chosen


async def _next_number(ctx: Context, session: AsyncSession, settings: CommerceSettings) -> str:
    """Take the tenant's next order number (the counter is created at the first order)."""
    tenant_id, now = ctx.require_tenant().id, ctx.runtime.clock.now()
    values = {
        "tenant_id": tenant_id,
        "next_number": settings.order_number_start,
        "created_at": now,
        "updated_at": now,
    }
    await session.execute(
        insert_for(session, OrderCounterRow.__table__).values(values).on_conflict_do_nothing()
    )
    taken = await session.scalar(
        update(OrderCounterRow)
        .where(OrderCounterRow.tenant_id == tenant_id)
        .values(next_number=OrderCounterRow.next_number + 1, updated_at=now)
        .returning(OrderCounterRow.next_number - 1)
    )
    return f"{settings.order_number_prefix}{taken}"


def _reservation(order: OrderRow, line: StockLine, expires_at: datetime | None) -> ReservationRow:
    return ReservationRow(
        tenant_id=order.tenant_id,
        id=new_id(),
        order_id=order.id,
        variant_id=line.variant_id,
        warehouse_id=line.warehouse_id,
        quantity=line.quantity,
        status=ReservationStatus.ACTIVE,
        expires_at=expires_at,
        created_at=order.placed_at,
        updated_at=order.placed_at,
    )


async def _replayed(
    session: AsyncSession, cart: CartRow, key: str, token: str
) -> PlacedOrder | None:
    """Return the order the key placed from this cart before; CONFLICT for another cart's."""
    existing = await _by_key(session, cart.tenant_id, key)
    if existing is None:
        return None
    if existing.cart_id != cart.id:
        raise _key_taken()
    guest_token = order_token_for(token, key) if existing.customer_id is None else None
    return PlacedOrder(order_id=existing.id, order_token=guest_token)


async def _hold_products(
    session: AsyncSession, tenant_id: uuid.UUID, rows: list[CartLineRow]
) -> None:
    """Share-lock the products sold until the order commits (PostgreSQL; SQLite has one writer).

    ``productDelete`` and ``productUpdate`` lock a product for update, so they wait for this
    checkout, or it waits for them and then sees the product as they left it.
    """
    variant_ids = [row.variant_id for row in rows]
    products = select(VariantRow.product_id).where(
        VariantRow.tenant_id == tenant_id, VariantRow.id.in_(variant_ids)
    )
    await session.execute(
        select(ProductRow.id)
        .where(ProductRow.tenant_id == tenant_id, ProductRow.id.in_(products))
        .order_by(ProductRow.id)
        .with_for_update(read=True)
    )


async def _place(
    ctx: Context, session: AsyncSession, cart: CartRow, token: str, key: str
) -> PlacedOrder:
    tenant_id = cart.tenant_id
    settings = await load_settings(session, tenant_id)
    rows = await list_lines(session, tenant_id, [cart.id])
    await _hold_products(session, tenant_id, rows)
    now = ctx.runtime.clock.now()
    offer = await quote(session, cart, {row.variant_id: row.quantity for row in rows}, now)
    refuse_if_any(_sale_problems(rows, offer, cart.currency))
    priced = [
        PricedLine(row.variant_id, row.quantity, offer.prices[row.variant_id]) for row in rows
    ]
    totals = await compute_totals(session, cart, priced, settings, now)
    refuse_if_any(await shipping_problems(session, cart, totals))
    await claim_usage(session, cart, totals)
    chosen = await _warehouse_for(session, tenant_id, rows)
    stock = [StockLine(row.variant_id, chosen[row.variant_id], row.quantity) for row in rows]
    order_id = new_id()
    await reserve(ctx, session, stock, Reference("order", order_id))
    order_token = order_token_for(token, key)
    number = await _next_number(ctx, session, settings)
    order = new_order(ctx, cart, key, order_token, number, totals)
    order.id = order_id
    lines = await snapshot_lines(session, order, rows, offer, totals)
    session.add(order)
    await session.flush()
    session.add_all(lines)
    session.add_all(record_usage(order, cart, totals, order.placed_at))
    await _hold_stock(session, order, stock, settings)
    cart.status, cart.updated_at = CartStatus.COMPLETED, order.placed_at
    await session.flush()
    await _announce(ctx, session, order, totals, len(lines))
    guest_token = order_token if order.customer_id is None else None
    is_paid = order.payment_status == PaymentStatus.PAID
    return PlacedOrder(order_id=order.id, order_token=guest_token, is_paid=is_paid)


async def _hold_stock(
    session: AsyncSession, order: OrderRow, stock: list[StockLine], settings: CommerceSettings
) -> None:
    """Reserve until the order expires unpaid (schedule that); a paid order's for good."""
    if order.payment_status == PaymentStatus.PAID:
        session.add_all([_reservation(order, line, None) for line in stock])
        return
    expires_at = order.placed_at + timedelta(minutes=settings.reservation_ttl_minutes)
    session.add_all([_reservation(order, line, expires_at) for line in stock])
    await schedule(
        session,
        EXPIRE_ORDER,
        run_at=expires_at,
        now=order.placed_at,
        tenant_id=order.tenant_id,
        args={"order_id": str(order.id)},
        key=str(order.id),
    )


async def _announce(
    ctx: Context, session: AsyncSession, order: OrderRow, totals: Totals, line_count: int
) -> None:
    """Emit the order's events: placed, each discount redeemed, and paid when nothing is owed."""
    customer_id = None if order.customer_id is None else str(order.customer_id)
    payload = OrderPlaced(
        order_id=str(order.id),
        number=order.number,
        customer_id=customer_id,
        currency=order.currency,
        total_amount=order.total_amount,
        discount_amount=order.discount_amount,
        discount_ids=[str(applied.discount_id) for applied in totals.discounts],
        line_count=line_count,
    )
    await emit(ctx, session, ORDER_PLACED, payload, aggregate_id=order.id)
    for applied in totals.discounts:
        redeemed = DiscountRedeemed(
            discount_id=str(applied.discount_id), order_id=str(order.id), customer_id=customer_id
        )
        await emit(ctx, session, DISCOUNT_REDEEMED, redeemed, aggregate_id=applied.discount_id)
    if order.payment_status == PaymentStatus.PAID:
        paid = OrderPaid(
            order_id=str(order.id),
            number=order.number,
            customer_id=customer_id,
            payment_id=None,
            currency=order.currency,
            paid_amount=order.paid_amount,
        )
        await emit(ctx, session, ORDER_PAID, paid, aggregate_id=order.id)


async def complete_checkout(ctx: Context, token: str, key: str) -> PlacedOrder:
    """Turn the cart the token opens into a placed order, with its stock reserved.

    The same ``key`` on the same cart returns the order placed before, without a second one.

    Raises:
        ValidationFailed: a bad key (``idempotencyKey``), an empty cart (``token``), a line no
            longer for sale (``lines.N``), no shipping address (``shippingAddress``) or no
            rate that ships the cart (``shippingRateId``) while the shop has shipping zones,
            INSUFFICIENT_STOCK at ``lines.N.quantity``, or CONFLICT on ``discountCodes.N``
            (a code that no longer applies or ran out) or ``discounts`` (an automatic
            discount that ran out meanwhile).
        NotFound: no cart the caller may use has this token (``token``).
        Conflict: the cart became an order under another key (``token``), or the key placed
            another cart's order (``idempotencyKey``).
        Unauthenticated: a guest, while the shop's ``guest_checkout`` is off.
    """
    refuse_if_any(_key_problems(key))
    try:
        return await _checkout(ctx, token, key)
    except IntegrityError as error:
        # Two carts raced with one key: both passed the look-up, the unique index kept one.
        violation = unique_violation(error)
        if violation is None or violation.field != "idempotencyKey":
            raise
        raise _key_taken() from None


def _key_taken() -> Conflict:
    return Conflict("this idempotency key placed another cart's order", field="idempotencyKey")


async def _checkout(ctx: Context, token: str, key: str) -> PlacedOrder:
    tenant_id = ctx.require_tenant().id
    customer = caller_customer(ctx, tenant_id)
    async with ctx.runtime.db.transaction(tenant_id) as session:
        if customer is None and not (await load_settings(session, tenant_id)).guest_checkout:
            raise Unauthenticated("sign in to check out: this shop has no guest checkout")
        cart = await _locked_cart(ctx, session, token)
        replayed = await _replayed(session, cart, key, token)
        if replayed is not None:
            return replayed
        if cart.status == CartStatus.COMPLETED:
            raise Conflict("this cart already became an order; start a new cart", field="token")
        if cart.customer_id is None and customer is not None:
            cart.customer_id = customer
        return await _place(ctx, session, cart, token, key)
