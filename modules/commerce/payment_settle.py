"""Recording what a provider answered: a payment's and its order's states move, with events.

Each function runs in the caller's transaction with the order and the payment locked (order
first, everywhere), and only when the payment still awaits that very call
(``pending_operation`` and ``pending_key``): an answer that arrives twice (a retry, the
reconcile job) is logged but changes nothing the second time. A timed-out answer changes
nothing but the payment's ``last_error``.

- ``authorize`` succeeded: ``authorized``; the order ``authorized``; if the provider captures at
  once, the capture is now the pending call. A manual method's order waits
  ``manual_payment_ttl_hours`` (bank transfer) or for ever (cash on delivery) instead of the
  checkout's reservation time. Failed: ``failed``, the order stays unpaid.
- ``capture`` succeeded: ``captured``; the order's ``paid`` grows, ``paid`` once it covers the
  total, and its reservations no longer expire. Failed: stays ``authorized``.
- ``void`` succeeded: ``voided``, and the order ``voided`` (it may be paid anew or cancelled).
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from app.events.emit import emit
from app.runtime import Context
from modules.commerce.order_models import OrderRow, ReservationRow
from modules.commerce.order_rules import PaymentStatus, ReservationStatus
from modules.commerce.payment_calls import Answer, record_attempt
from modules.commerce.payment_events import (
    ORDER_PAID,
    PAYMENT_AUTHORIZED,
    PAYMENT_CAPTURED,
    PAYMENT_FAILED,
    PAYMENT_VOIDED,
    OrderPaid,
    PaymentAmount,
    PaymentFailed,
    PaymentRef,
)
from modules.commerce.payment_models import PaymentRow
from modules.commerce.payment_providers import Operation, Outcome, PaymentProvider
from modules.commerce.payment_rules import PaymentState
from modules.commerce.settings import CommerceSettings

__all__ = ["capture_key", "settle_payment_call", "void_key"]

MAX_ERROR = 500


def capture_key(payment: PaymentRow) -> str:
    """Return the provider key of the payment's capture."""
    return f"{payment.id}:capture"


def void_key(payment: PaymentRow) -> str:
    """Return the provider key of the payment's void."""
    return f"{payment.id}:void"


def _error_of(answer: Answer) -> str:
    if answer.result is None:
        return f"timed out: {answer.note}"[:MAX_ERROR]
    return f"{answer.result.error_code}: {answer.result.message}"[:MAX_ERROR]


async def _hold_stock(
    ctx: Context,
    session: AsyncSession,
    order: OrderRow,
    payment: PaymentRow,
    provider: PaymentProvider,
    settings: CommerceSettings,
) -> None:
    """Give a manual authorization its own wait: the bank-transfer window, or none at all."""
    if payment.provider != "manual":
        return
    expires = None
    if provider.expires(payment.method):
        expires = ctx.runtime.clock.now() + timedelta(hours=settings.manual_payment_ttl_hours)
    await _set_expiry(session, order, expires)


async def _set_expiry(session: AsyncSession, order: OrderRow, expires: object) -> None:
    await session.execute(
        update(ReservationRow)
        .where(
            ReservationRow.tenant_id == order.tenant_id,
            ReservationRow.order_id == order.id,
            ReservationRow.status == ReservationStatus.ACTIVE,
        )
        .values(expires_at=expires)
    )


def _amount(payment: PaymentRow, amount: int) -> PaymentAmount:
    return PaymentAmount(
        order_id=str(payment.order_id),
        payment_id=str(payment.id),
        currency=payment.currency,
        amount=amount,
    )


async def _authorized(
    ctx: Context,
    session: AsyncSession,
    order: OrderRow,
    payment: PaymentRow,
    provider: PaymentProvider,
    settings: CommerceSettings,
    at_once: bool,
) -> None:
    payment.status = PaymentState.AUTHORIZED
    order.payment_status = PaymentStatus.AUTHORIZED
    if at_once:
        payment.pending_operation, payment.pending_key = Operation.CAPTURE, capture_key(payment)
    else:
        await _hold_stock(ctx, session, order, payment, provider, settings)
    await emit(
        ctx, session, PAYMENT_AUTHORIZED, _amount(payment, payment.amount), aggregate_id=payment.id
    )


async def _captured(
    ctx: Context, session: AsyncSession, order: OrderRow, payment: PaymentRow
) -> None:
    payment.status, payment.captured_amount = PaymentState.CAPTURED, payment.amount
    order.paid_amount += payment.amount
    await emit(
        ctx, session, PAYMENT_CAPTURED, _amount(payment, payment.amount), aggregate_id=payment.id
    )
    if order.paid_amount >= order.total_amount:
        order.payment_status = PaymentStatus.PAID
        await _set_expiry(session, order, None)
        paid = OrderPaid(
            order_id=str(order.id),
            number=order.number,
            customer_id=None if order.customer_id is None else str(order.customer_id),
            payment_id=str(payment.id),
            currency=order.currency,
            paid_amount=order.paid_amount,
        )
        await emit(ctx, session, ORDER_PAID, paid, aggregate_id=order.id)


async def settle_payment_call(
    ctx: Context,
    session: AsyncSession,
    order: OrderRow,
    payment: PaymentRow,
    operation: str,
    key: str,
    answer: Answer,
    *,
    provider: PaymentProvider,
    settings: CommerceSettings,
    at_once: bool = False,
) -> None:
    """Log the call and, if the payment awaited it, apply its answer (module docstring)."""
    record_attempt(ctx, session, payment.id, operation, key, answer)
    if payment.pending_operation != operation or payment.pending_key != key:
        return
    now = ctx.runtime.clock.now()
    payment.updated_at = order.updated_at = now
    if answer.result is None:
        payment.last_error = _error_of(answer)
        return
    payment.pending_operation = payment.pending_key = None
    payment.provider_reference = answer.result.reference or payment.provider_reference
    if answer.outcome == Outcome.FAILED:
        payment.last_error = _error_of(answer)
        if operation == Operation.AUTHORIZE:
            payment.status = PaymentState.FAILED
            failed = PaymentFailed(
                order_id=str(order.id),
                payment_id=str(payment.id),
                error_code=answer.result.error_code or "failed",
            )
            await emit(ctx, session, PAYMENT_FAILED, failed, aggregate_id=payment.id)
        return
    payment.last_error = None
    if operation == Operation.AUTHORIZE:
        await _authorized(ctx, session, order, payment, provider, settings, at_once)
    elif operation == Operation.CAPTURE:
        await _captured(ctx, session, order, payment)
    elif operation == Operation.VOID:
        payment.status = PaymentState.VOIDED
        if order.payment_status == PaymentStatus.AUTHORIZED:
            order.payment_status = PaymentStatus.VOIDED
        voided = PaymentRef(order_id=str(order.id), payment_id=str(payment.id))
        await emit(ctx, session, PAYMENT_VOIDED, voided, aggregate_id=payment.id)
