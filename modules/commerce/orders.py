"""Orders after checkout: who may read which, and cancelling one (releasing its stock).

A customer reads only their own orders (another's is NOT_FOUND, as an unknown number); a guest
reads theirs by the access token ``checkoutComplete`` told them; staff read every order of the
tenant under ``commerce.view_orders``. Cancelling locks the order, voids its authorized
payments, gives back the uses it counted of its discounts
(:func:`modules.commerce.discount_redemptions.release_usage`), releases every active
reservation through :func:`modules.commerce.inventory.release`, and emits
``commerce.order.cancelled`` in one transaction; the reservation-expiry job cancels the same
way with the reason ``expired``.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.errors import Conflict, ErrorCode, FieldProblem, NotFound
from app.events.emit import emit
from app.identity.tokens import hash_secret
from app.runtime import Context
from modules.commerce.cart_rules import MAX_TOKEN_LENGTH, caller_customer
from modules.commerce.discount_redemptions import release_usage
from modules.commerce.errors import refuse_if_any
from modules.commerce.events import ORDER_CANCELLED, OrderCancelled
from modules.commerce.inventory import Reference, StockLine, release
from modules.commerce.models import VariantRow
from modules.commerce.order_models import OrderLineRow, OrderRow, ReservationRow
from modules.commerce.order_rules import OrderStatus, ReservationStatus, cancel_refusal
from modules.commerce.payment_voids import void_authorizations

__all__ = [
    "MAX_REASON",
    "cancel_locked",
    "cancel_order",
    "find_customer_order",
    "find_guest_order",
    "find_orders",
    "list_order_lines",
]

MAX_REASON = 500


async def find_orders(ctx: Context, ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, OrderRow]:
    """Return the tenant's orders among ``ids`` (staff reads; the caller checked the right)."""
    tenant_id = ctx.require_tenant().id
    async with ctx.runtime.db.transaction(tenant_id, readonly=True) as session:
        rows = await session.scalars(
            select(OrderRow).where(OrderRow.tenant_id == tenant_id, OrderRow.id.in_(ids))
        )
        return {row.id: row for row in rows}


async def find_customer_order(ctx: Context, number: str) -> OrderRow | None:
    """Return the calling customer's order numbered ``number``; None for anyone else's."""
    tenant_id = ctx.require_tenant().id
    customer = caller_customer(ctx, tenant_id)
    if customer is None:
        return None
    async with ctx.runtime.db.transaction(tenant_id, readonly=True) as session:
        return await session.scalar(
            select(OrderRow).where(
                OrderRow.tenant_id == tenant_id,
                OrderRow.number == number,
                OrderRow.customer_id == customer,
            )
        )


async def find_guest_order(ctx: Context, token: str) -> OrderRow | None:
    """Return the guest order the access token opens; None for an unknown token.

    A customer's order does not open by token: the customer reads it signed in.
    """
    if not token or len(token) > MAX_TOKEN_LENGTH:
        return None
    tenant_id = ctx.require_tenant().id
    async with ctx.runtime.db.transaction(tenant_id, readonly=True) as session:
        return await session.scalar(
            select(OrderRow).where(
                OrderRow.tenant_id == tenant_id,
                OrderRow.access_token_hash == hash_secret(token),
                OrderRow.customer_id.is_(None),
            )
        )


async def list_order_lines(
    session: AsyncSession, tenant_id: uuid.UUID, order_ids: Sequence[uuid.UUID]
) -> list[OrderLineRow]:
    """Return the lines of the orders, each order's in cart order (one query)."""
    rows = await session.scalars(
        select(OrderLineRow)
        .where(OrderLineRow.tenant_id == tenant_id, OrderLineRow.order_id.in_(order_ids))
        .order_by(OrderLineRow.order_id, OrderLineRow.id)
    )
    return list(rows)


async def _release_reservations(ctx: Context, session: AsyncSession, order: OrderRow) -> None:
    """Give back the order's active reservations; a deleted variant's took its stock along."""
    reservations = list(
        await session.scalars(
            select(ReservationRow).where(
                ReservationRow.tenant_id == order.tenant_id,
                ReservationRow.order_id == order.id,
                ReservationRow.status == ReservationStatus.ACTIVE,
            )
        )
    )
    ids = {row.variant_id for row in reservations}
    existing = set(
        await session.scalars(
            select(VariantRow.id).where(
                VariantRow.tenant_id == order.tenant_id, VariantRow.id.in_(ids)
            )
        )
    )
    lines = [
        StockLine(row.variant_id, row.warehouse_id, row.quantity)
        for row in reservations
        if row.variant_id in existing
    ]
    if lines:
        await release(ctx, session, lines, Reference("order", order.id))
    now = ctx.runtime.clock.now()
    for row in reservations:
        row.status, row.updated_at = ReservationStatus.RELEASED, now


async def cancel_locked(ctx: Context, session: AsyncSession, order: OrderRow, reason: str) -> None:
    """Cancel a locked, cancellable order: void its authorizations, give back its discounts'
    uses, release its stock, emit.

    Raises:
        Conflict: a payment is still being settled, or an authorization could not be voided
            (:func:`modules.commerce.payment_voids.void_authorizations`).
    """
    await void_authorizations(ctx, session, order)
    # Discount rows before stock levels, in the order checkout locks them.
    await release_usage(session, order)
    await _release_reservations(ctx, session, order)
    now = ctx.runtime.clock.now()
    order.status, order.cancelled_at, order.cancel_reason = OrderStatus.CANCELLED, now, reason
    order.updated_at = now
    payload = OrderCancelled(
        order_id=str(order.id),
        number=order.number,
        customer_id=None if order.customer_id is None else str(order.customer_id),
        reason=reason,
    )
    await emit(ctx, session, ORDER_CANCELLED, payload, aggregate_id=order.id)


def _reason_problems(reason: str) -> list[FieldProblem]:
    if 1 <= len(reason.strip()) <= MAX_REASON:
        return []
    message = f"say why in 1 to {MAX_REASON} characters"
    return [FieldProblem(ErrorCode.VALIDATION, message, "reason")]


async def cancel_order(ctx: Context, order_id: uuid.UUID, reason: str) -> uuid.UUID:
    """Cancel a placed order (staff): release its reserved stock; emit the event.

    Raises:
        ValidationFailed: a reason empty or over :data:`MAX_REASON` characters (``reason``).
        NotFound: the tenant has no such order (``id``).
        Conflict: the order is not placed, or is paid or fulfilled (the message names it).
    """
    refuse_if_any(_reason_problems(reason))
    tenant_id = ctx.require_tenant().id
    async with ctx.runtime.db.transaction(tenant_id) as session:
        order = await session.scalar(
            select(OrderRow)
            .where(OrderRow.tenant_id == tenant_id, OrderRow.id == order_id)
            .with_for_update()
        )
        if order is None:
            raise NotFound("no such order", field="id")
        refusal = cancel_refusal(order)
        if refusal is not None:
            raise Conflict(refusal)
        await cancel_locked(ctx, session, order, reason.strip())
    return order_id
