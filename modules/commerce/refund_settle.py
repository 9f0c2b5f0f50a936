"""Recording what a provider answered about a refund: the refund, payment and order move.

Runs with the order, the payment and the refund locked (in that order), in the caller's
transaction, and only while the refund is still ``pending``: an answer arriving twice (a retry,
the reconcile job) is logged but changes nothing the second time. See
:mod:`modules.commerce.refunds` for the rules.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.errors import NotFound
from app.events.emit import emit
from app.runtime import Context
from modules.commerce.inventory import Reference, StockLine, release
from modules.commerce.order_models import OrderLineRow, OrderRow, ReservationRow
from modules.commerce.order_rules import PaymentStatus, ReservationStatus
from modules.commerce.payment_calls import Answer, record_attempt
from modules.commerce.payment_events import (
    ORDER_PARTIALLY_REFUNDED,
    ORDER_REFUNDED,
    REFUND_FAILED,
    REFUND_SUCCEEDED,
    OrderRefunded,
    RefundFailed,
    RefundSettled,
)
from modules.commerce.payment_models import PaymentRow, RefundRow
from modules.commerce.payment_providers import Operation, Outcome, ProviderCall
from modules.commerce.payment_rules import RefundStatus
from modules.commerce.payments import locked_order

__all__ = ["locked_refund", "refund_call", "settle_refund"]

MAX_ERROR = 500


async def _restock(
    ctx: Context, session: AsyncSession, order: OrderRow, lines: dict[uuid.UUID, int]
) -> None:
    """Release the stock still reserved for the refunded quantities of these lines."""
    rows = {
        row.id: row
        for row in await session.scalars(
            select(OrderLineRow).where(
                OrderLineRow.tenant_id == order.tenant_id, OrderLineRow.id.in_(list(lines))
            )
        )
    }
    wanted: dict[uuid.UUID, int] = defaultdict(int)
    for line_id, quantity in lines.items():
        wanted[rows[line_id].variant_id] += quantity
    reservations = await session.scalars(
        select(ReservationRow)
        .where(
            ReservationRow.tenant_id == order.tenant_id,
            ReservationRow.order_id == order.id,
            ReservationRow.status == ReservationStatus.ACTIVE,
            ReservationRow.variant_id.in_(list(wanted)),
        )
        .order_by(ReservationRow.id)
    )
    freed, now = [], ctx.runtime.clock.now()
    for reservation in reservations:
        take = min(wanted[reservation.variant_id], reservation.quantity)
        if take <= 0:
            continue
        wanted[reservation.variant_id] -= take
        freed.append(StockLine(reservation.variant_id, reservation.warehouse_id, take))
        reservation.quantity -= take
        reservation.updated_at = now
        if reservation.quantity == 0:
            reservation.status = ReservationStatus.RELEASED
    if freed:
        await release(ctx, session, freed, Reference("order", order.id))


async def _succeeded(
    ctx: Context, session: AsyncSession, order: OrderRow, payment: PaymentRow, refund: RefundRow
) -> None:
    refund.status = RefundStatus.SUCCEEDED
    payment.refunded_amount += refund.amount
    order.refunded_amount += refund.amount
    counted = {
        uuid.UUID(str(line["order_line_id"])): int(line["quantity"]) for line in refund.lines
    }
    if counted:
        rows = await session.scalars(
            select(OrderLineRow).where(
                OrderLineRow.tenant_id == order.tenant_id, OrderLineRow.id.in_(list(counted))
            )
        )
        for row in rows:
            row.refunded_quantity += counted[row.id]
            row.updated_at = refund.updated_at
        if refund.restock:
            await _restock(ctx, session, order, counted)
    settled = RefundSettled(
        order_id=str(order.id),
        refund_id=str(refund.id),
        currency=refund.currency,
        amount=refund.amount,
    )
    await emit(ctx, session, REFUND_SUCCEEDED, settled, aggregate_id=refund.id)
    whole = order.refunded_amount >= order.paid_amount
    order.payment_status = PaymentStatus.REFUNDED if whole else PaymentStatus.PARTIALLY_REFUNDED
    moved = OrderRefunded(
        order_id=str(order.id),
        number=order.number,
        customer_id=None if order.customer_id is None else str(order.customer_id),
        refund_id=str(refund.id),
        currency=order.currency,
        refunded_amount=order.refunded_amount,
    )
    kind = ORDER_REFUNDED if whole else ORDER_PARTIALLY_REFUNDED
    await emit(ctx, session, kind, moved, aggregate_id=order.id)


async def settle_refund(
    ctx: Context,
    session: AsyncSession,
    order: OrderRow,
    payment: PaymentRow,
    refund: RefundRow,
    answer: Answer,
) -> None:
    """Log the call and, if the refund is still pending, apply the answer (module docstring).

    Runs with the order, the payment and the refund locked, in the caller's transaction.
    """
    key = str(refund.id)
    record_attempt(ctx, session, payment.id, Operation.REFUND, key, answer, refund.id)
    if refund.status != RefundStatus.PENDING:
        return
    refund.updated_at = payment.updated_at = order.updated_at = ctx.runtime.clock.now()
    if answer.result is None:
        refund.last_error = f"timed out: {answer.note}"[:MAX_ERROR]
        return
    refund.provider_reference = answer.result.reference
    if answer.outcome == Outcome.FAILED:
        refund.status = RefundStatus.FAILED
        refund.last_error = f"{answer.result.error_code}: {answer.result.message}"[:MAX_ERROR]
        failed = RefundFailed(
            order_id=str(order.id),
            refund_id=str(refund.id),
            error_code=answer.result.error_code or "failed",
        )
        await emit(ctx, session, REFUND_FAILED, failed, aggregate_id=refund.id)
        return
    refund.last_error = None
    await _succeeded(ctx, session, order, payment, refund)


def refund_call(refund: RefundRow, payment: PaymentRow, data: Mapping[str, Any]) -> ProviderCall:
    """Return the provider call of the refund (its id is the key)."""
    return ProviderCall(
        operation=Operation.REFUND,
        key=str(refund.id),
        amount=refund.amount,
        currency=refund.currency,
        method=payment.method,
        reference=payment.provider_reference,
        data=data,
    )


async def locked_refund(
    session: AsyncSession, tenant_id: uuid.UUID, refund_id: uuid.UUID
) -> tuple[OrderRow, PaymentRow, RefundRow]:
    """Return the refund's order, payment and the refund, locked in that order."""
    found = await session.scalar(
        select(RefundRow.order_id).where(
            RefundRow.tenant_id == tenant_id, RefundRow.id == refund_id
        )
    )
    if found is None:
        raise NotFound("no such refund", field="id")
    order = await locked_order(session, tenant_id, found)
    refund = await session.scalar(
        select(RefundRow)
        .where(RefundRow.tenant_id == tenant_id, RefundRow.id == refund_id)
        .with_for_update()
    )
    if refund is None:
        raise NotFound("no such refund", field="id")
    payment = await session.scalar(
        select(PaymentRow)
        .where(PaymentRow.tenant_id == tenant_id, PaymentRow.id == refund.payment_id)
        .with_for_update()
    )
    if payment is None:
        raise NotFound("no such refund", field="id")
    return order, payment, refund
