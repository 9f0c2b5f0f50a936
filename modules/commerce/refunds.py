"""Refunds: giving back money captured on an order, all of it or part, optionally by lines.

``create_refund`` (``refundCreate``, staff) follows the payments' three steps
(modules.commerce.payments): in a transaction it locks the order, checks the request and writes
the refund ``pending`` (``commerce.refund.created``); it asks the payment's provider with the
refund's id as the key; in a second transaction it records the answer. A refund the provider
does not answer stays ``pending`` (the same idempotency key asks again, and
``commerce.reconcile_payments`` looks it up). Rules:

- the order is paid or partially refunded (not cancelled); the amount is in the order's
  currency, at least 1, and at most what captured payments still hold (captured - refunded -
  pending refunds); it comes from the captured payment holding the most;
- ``lines`` name the order's lines, each at most once, with a quantity of at most what is not
  refunded yet (pending refunds counted); they are recorded on the lines when the refund
  succeeds. With ``restock``, the stock still reserved for those lines (not yet fulfilled) is
  released (shipped units come back with returns, when fulfilments land);
- succeeded: the payment's and the order's ``refunded`` grow, the order becomes
  ``partially_refunded`` or ``refunded`` (everything paid given back), with
  ``commerce.refund.succeeded`` and ``commerce.order.partially_refunded`` / ``refunded``;
  failed: ``commerce.refund.failed``, nothing else changes.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.errors import Conflict, ErrorCode, FieldProblem, NotFound
from app.events.emit import emit
from app.ids import new_id
from app.runtime import Context
from modules.commerce.errors import refuse_if_any
from modules.commerce.order_models import OrderLineRow, OrderRow
from modules.commerce.payment_calls import call_provider
from modules.commerce.payment_events import (
    REFUND_CREATED,
    RefundCreated,
)
from modules.commerce.payment_models import PaymentRow, RefundRow
from modules.commerce.payment_providers import (
    PaymentProvider,
    installed_providers,
)
from modules.commerce.payment_rules import PaymentState, RefundStatus, refund_refusal
from modules.commerce.payments import key_problems, locked_order
from modules.commerce.refund_settle import locked_refund, refund_call, settle_refund
from modules.commerce.settings import load_settings

__all__ = ["MAX_REASON", "RefundLine", "RefundRequest", "create_refund"]

MAX_REASON = 500
MAX_ERROR = 500


@dataclass(frozen=True, slots=True)
class RefundLine:
    """An order line and how many of it the refund covers."""

    line_id: uuid.UUID
    quantity: int


@dataclass(frozen=True, slots=True)
class RefundRequest:
    """What staff asked: the amount (minor units), its currency, lines, why, and the key."""

    amount: int
    currency: str
    reason: str
    key: str
    lines: Sequence[RefundLine] = ()
    restock: bool = False
    data: Mapping[str, Any] = field(default_factory=dict)


def _problem(message: str, where: str) -> FieldProblem:
    return FieldProblem(ErrorCode.VALIDATION, message, where)


def _input_problems(request: RefundRequest) -> list[FieldProblem]:
    found = key_problems(request.key)
    if not 1 <= len(request.reason.strip()) <= MAX_REASON:
        found.append(_problem(f"say why in 1 to {MAX_REASON} characters", "reason"))
    if request.amount < 1:
        found.append(_problem("refund at least 1 minor unit", "amount.amount"))
    seen: set[uuid.UUID] = set()
    for number, line in enumerate(request.lines):
        if line.line_id in seen:
            found.append(_problem("each line at most once", f"lines.{number}.orderLineId"))
        seen.add(line.line_id)
        if line.quantity < 1:
            found.append(_problem("at least 1", f"lines.{number}.quantity"))
    return found


async def _pending_quantities(session: AsyncSession, order: OrderRow) -> tuple[int, dict[str, int]]:
    """Return what pending refunds of the order hold: their amount, and quantity per line."""
    rows = await session.scalars(
        select(RefundRow).where(
            RefundRow.tenant_id == order.tenant_id,
            RefundRow.order_id == order.id,
            RefundRow.status == RefundStatus.PENDING,
        )
    )
    amount, quantities = 0, defaultdict[str, int](int)
    for row in rows:
        amount += row.amount
        for line in row.lines:
            quantities[str(line["order_line_id"])] += int(line["quantity"])
    return amount, dict(quantities)


async def _line_problems(
    session: AsyncSession, order: OrderRow, request: RefundRequest, pending: dict[str, int]
) -> list[FieldProblem]:
    lines = {
        row.id: row
        for row in await session.scalars(
            select(OrderLineRow).where(
                OrderLineRow.tenant_id == order.tenant_id, OrderLineRow.order_id == order.id
            )
        )
    }
    found = []
    for number, wanted in enumerate(request.lines):
        row = lines.get(wanted.line_id)
        if row is None:
            found.append(
                FieldProblem(
                    ErrorCode.NOT_FOUND, "not a line of this order", f"lines.{number}.orderLineId"
                )
            )
            continue
        left = row.quantity - row.refunded_quantity - pending.get(str(row.id), 0)
        if wanted.quantity > left:
            message = f"at most {left} of this line can still be refunded"
            found.append(_problem(message, f"lines.{number}.quantity"))
    return found


async def _payment_for(
    session: AsyncSession, order: OrderRow, amount: int, pending_amount: int
) -> PaymentRow:
    payments = list(
        await session.scalars(
            select(PaymentRow)
            .where(
                PaymentRow.tenant_id == order.tenant_id,
                PaymentRow.order_id == order.id,
                PaymentRow.status == PaymentState.CAPTURED,
            )
            .order_by(PaymentRow.id)
            .with_for_update()
        )
    )
    pending = await session.execute(
        select(RefundRow.payment_id, func.sum(RefundRow.amount))
        .where(
            RefundRow.tenant_id == order.tenant_id,
            RefundRow.order_id == order.id,
            RefundRow.status == RefundStatus.PENDING,
        )
        .group_by(RefundRow.payment_id)
    )
    pending_by_payment = {payment_id: int(total or 0) for payment_id, total in pending}
    holding = sorted(
        (
            (p.captured_amount - p.refunded_amount - int(pending_by_payment.get(p.id, 0)), p)
            for p in payments
        ),
        key=lambda pair: -pair[0],
    )
    most = holding[0][0] if holding else 0
    if amount > most:
        total = sum(left for left, _ in holding)
        message = f"at most {most} can be refunded from one payment ({total} in all)"
        refuse_if_any([_problem(message, "amount.amount")])
    return holding[0][1]


async def _open(
    ctx: Context, order_id: uuid.UUID, request: RefundRequest
) -> tuple[RefundRow, PaymentRow]:
    tenant_id = ctx.require_tenant().id
    async with ctx.runtime.db.transaction(tenant_id) as session:
        order = await locked_order(session, tenant_id, order_id)
        existing = await session.scalar(
            select(RefundRow).where(
                RefundRow.tenant_id == tenant_id, RefundRow.idempotency_key == request.key
            )
        )
        if existing is not None:
            if existing.order_id != order.id:
                message = "this idempotency key was used for another order's refund"
                raise Conflict(message, field="idempotencyKey")
            payment = await session.scalar(
                select(PaymentRow).where(
                    PaymentRow.tenant_id == tenant_id, PaymentRow.id == existing.payment_id
                )
            )
            if payment is None:
                raise NotFound("the refund's payment is gone", field="orderId")
            return existing, payment
        refusal = refund_refusal(order)
        if refusal is not None:
            raise Conflict(refusal)
        problems = _input_problems(request)
        if request.currency != order.currency:
            message = f"the order is in {order.currency}"
            problems.append(_problem(message, "amount.currency"))
        pending_amount, pending_lines = await _pending_quantities(session, order)
        problems += await _line_problems(session, order, request, pending_lines)
        refuse_if_any(problems)
        payment = await _payment_for(session, order, request.amount, pending_amount)
        now = ctx.runtime.clock.now()
        refund = RefundRow(
            tenant_id=tenant_id,
            id=new_id(),
            order_id=order.id,
            payment_id=payment.id,
            amount=request.amount,
            currency=order.currency,
            lines=[
                {"order_line_id": str(line.line_id), "quantity": line.quantity}
                for line in request.lines
            ],
            reason=request.reason.strip(),
            restock=request.restock,
            status=RefundStatus.PENDING,
            idempotency_key=request.key,
            created_at=now,
            updated_at=now,
        )
        session.add(refund)
        created = RefundCreated(
            order_id=str(order.id),
            refund_id=str(refund.id),
            payment_id=str(payment.id),
            currency=refund.currency,
            amount=refund.amount,
        )
        await emit(ctx, session, REFUND_CREATED, created, aggregate_id=refund.id)
        return refund, payment


async def create_refund(ctx: Context, order_id: uuid.UUID, request: RefundRequest) -> uuid.UUID:
    """Refund money captured on an order (module docstring); return the refund's id.

    Raises:
        ValidationFailed: bad amount, currency, lines, reason or key (each on its field).
        NotFound: no such order (``orderId``), or a line not of the order (``lines.N...``).
        Conflict: the order has nothing captured to refund (the message names its state), or
            the key was another order's refund (``idempotencyKey``).
    """
    refund, payment = await _open(ctx, order_id, request)
    if refund.status != RefundStatus.PENDING:
        return refund.id
    provider: PaymentProvider | None = installed_providers().get(payment.provider)
    if provider is None:
        raise Conflict(f"the payment's provider {payment.provider} is not installed")
    tenant_id = ctx.require_tenant().id
    async with ctx.runtime.db.transaction(tenant_id, readonly=True) as session:
        settings = await load_settings(session, tenant_id)
    call = refund_call(refund, payment, request.data)
    answer = await call_provider(provider, call, settings.payment_timeout_seconds)
    async with ctx.runtime.db.transaction(tenant_id) as session:
        order, locked_payment, locked = await locked_refund(session, tenant_id, refund.id)
        await settle_refund(ctx, session, order, locked_payment, locked, answer)
    return refund.id
