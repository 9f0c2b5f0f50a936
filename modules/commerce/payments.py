"""Payments: asking a provider for an order's money, and recording what it answered.

Every operation runs in three steps, so no transaction is held open across a network call and
no answer is lost: (1) in a transaction, lock the order, check the request, and write the
payment with the call it is about to make (``pending_operation``/``pending_key``) — the key
goes to the provider; (2) call the provider, with the tenant's ``payment_timeout_seconds``;
(3) in a transaction, lock the order and the payment again and record the answer
(:func:`modules.commerce.payment_settle.settle_payment_call`). A call that times out leaves
its operation pending: the same request again (same idempotency key) sends the same provider
key, which the provider answers with the first outcome, and ``commerce.reconcile_payments``
asks the provider for anything left pending. So a timeout never charges twice.

``start_payment`` (``paymentCreate``, and ``checkoutComplete`` with a provider): the client's
idempotency key names the payment; the same key for the same order returns that payment
(calling the provider again only while the payment is pending), for another order it is a
CONFLICT. A provider capturing at once is asked for the capture right after the authorization.
``capture_payment`` and ``void_payment`` (staff) move an authorized payment.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.errors import Conflict, ErrorCode, FieldProblem, NotFound, ValidationFailed
from app.events.emit import emit
from app.ids import new_id
from app.runtime import Context
from modules.commerce.errors import refuse_if_any
from modules.commerce.order_models import OrderRow
from modules.commerce.payment_calls import call_provider
from modules.commerce.payment_events import PAYMENT_CREATED, PaymentCreated
from modules.commerce.payment_models import PaymentRow
from modules.commerce.payment_providers import (
    Operation,
    PaymentProvider,
    ProviderCall,
    installed_providers,
)
from modules.commerce.payment_rules import PaymentState, pay_refusal
from modules.commerce.payment_settle import capture_key, settle_payment_call, void_key
from modules.commerce.settings import CommerceSettings, load_settings

__all__ = [
    "MAX_KEY_LENGTH",
    "PaymentRequest",
    "capture_payment",
    "locked_order",
    "provider_for",
    "start_payment",
    "void_payment",
]

MAX_KEY_LENGTH = 100
MAX_DATA_KEYS = 20


@dataclass(frozen=True, slots=True)
class PaymentRequest:
    """What the client asked: the provider, its method, data for it and the idempotency key."""

    provider: str
    method: str
    key: str
    data: Mapping[str, Any] = field(default_factory=dict)


def _problem(message: str, where: str) -> FieldProblem:
    return FieldProblem(ErrorCode.VALIDATION, message, where)


def key_problems(key: str, where: str = "idempotencyKey") -> list[FieldProblem]:
    """Return what is wrong with a client's idempotency key."""
    if 1 <= len(key) <= MAX_KEY_LENGTH and key.isprintable() and key.strip() == key:
        return []
    return [_problem(f"1 to {MAX_KEY_LENGTH} printable characters, no surrounding spaces", where)]


def test_provider_allowed(ctx: Context) -> bool:
    """Return whether the ``test`` provider may be used: only in debug mode."""
    return ctx.runtime.settings.debug


def provider_for(
    ctx: Context, settings: CommerceSettings, request: PaymentRequest
) -> PaymentProvider:
    """Return the provider the request names, refusing one the shop does not offer.

    Raises:
        ValidationFailed: the provider is not enabled or not installed (``paymentProvider``),
            ``test`` outside debug mode, a method it does not offer (``paymentMethod``), bad
            ``paymentData`` (under ``paymentData``), or a bad idempotency key.
    """
    problems = key_problems(request.key)
    offered = [name for name in settings.payment_providers if name in installed_providers()]
    provider = installed_providers().get(request.provider)
    if request.provider not in offered or provider is None:
        choices = ", ".join(offered) or "none"
        message = f"not a payment provider of this shop (offered: {choices})"
        raise ValidationFailed(message, problems=[*problems, _problem(message, "paymentProvider")])
    if provider.name == "test" and not test_provider_allowed(ctx):
        problems.append(_problem("the test provider works only in debug mode", "paymentProvider"))
    methods = provider.methods(settings.manual_methods)
    if request.method not in methods:
        message = f"not a method of {provider.name} (offered: {', '.join(methods) or 'none'})"
        problems.append(_problem(message, "paymentMethod"))
    if len(request.data) > MAX_DATA_KEYS:
        problems.append(_problem(f"at most {MAX_DATA_KEYS} fields", "paymentData"))
    else:
        problems.extend(provider.problems(request.method, request.data))
    refuse_if_any(problems)
    return provider


async def locked_order(
    session: AsyncSession, tenant_id: uuid.UUID, order_id: uuid.UUID, field: str = "orderId"
) -> OrderRow:
    """Return the order locked for update; NOT_FOUND on ``field`` if the tenant has none."""
    order = await session.scalar(
        select(OrderRow)
        .where(OrderRow.tenant_id == tenant_id, OrderRow.id == order_id)
        .with_for_update()
    )
    if order is None:
        raise NotFound("no such order", field=field)
    return order


async def _locked_payment(
    session: AsyncSession, tenant_id: uuid.UUID, payment_id: uuid.UUID
) -> PaymentRow:
    payment = await session.scalar(
        select(PaymentRow)
        .where(PaymentRow.tenant_id == tenant_id, PaymentRow.id == payment_id)
        .with_for_update()
    )
    if payment is None:
        raise NotFound("no such payment", field="paymentId")
    return payment


async def _open(
    ctx: Context, order_id: uuid.UUID, request: PaymentRequest
) -> tuple[PaymentRow, PaymentProvider]:
    """Step 1 of start_payment: the payment the key names, or a new pending one."""
    tenant_id = ctx.require_tenant().id
    async with ctx.runtime.db.transaction(tenant_id) as session:
        order = await locked_order(session, tenant_id, order_id)
        settings = await load_settings(session, tenant_id)
        existing = await session.scalar(
            select(PaymentRow).where(
                PaymentRow.tenant_id == tenant_id, PaymentRow.idempotency_key == request.key
            )
        )
        if existing is not None:
            if existing.order_id != order.id:
                message = "this idempotency key was used for another order's payment"
                raise Conflict(message, field="idempotencyKey")
            provider = installed_providers().get(existing.provider)
            if provider is None:
                raise Conflict(f"the payment's provider {existing.provider} is not installed")
            return existing, provider
        provider = provider_for(ctx, settings, request)
        refusal = pay_refusal(order)
        if refusal is not None:
            raise Conflict(refusal)
        open_one = await session.scalar(
            select(PaymentRow.idempotency_key)
            .where(
                PaymentRow.tenant_id == tenant_id,
                PaymentRow.order_id == order.id,
                PaymentRow.status.in_([PaymentState.PENDING, PaymentState.AUTHORIZED]),
            )
            .limit(1)
        )
        if open_one is not None:
            message = "a payment of the order is still pending: retry it with its own key"
            raise Conflict(message, field="idempotencyKey")
        now = ctx.runtime.clock.now()
        payment = PaymentRow(
            tenant_id=tenant_id,
            id=new_id(),
            order_id=order.id,
            provider=provider.name,
            method=request.method,
            status=PaymentState.PENDING,
            amount=order.total_amount - order.paid_amount,
            currency=order.currency,
            captured_amount=0,
            refunded_amount=0,
            idempotency_key=request.key,
            pending_operation=Operation.AUTHORIZE,
            created_at=now,
            updated_at=now,
        )
        payment.pending_key = f"{payment.id}:authorize"
        session.add(payment)
        order.payment_method, order.updated_at = request.method, now
        created = PaymentCreated(
            order_id=str(order.id),
            payment_id=str(payment.id),
            provider=payment.provider,
            method=payment.method,
            currency=payment.currency,
            amount=payment.amount,
        )
        await emit(ctx, session, PAYMENT_CREATED, created, aggregate_id=payment.id)
        return payment, provider


async def drive(
    ctx: Context,
    payment: PaymentRow,
    provider: PaymentProvider,
    data: Mapping[str, Any],
) -> None:
    """Steps 2 and 3 for as long as the payment has a call pending that answers.

    Stops at a timeout (the call stays pending) and when nothing is left to call.
    """
    tenant_id = ctx.require_tenant().id
    at_once = provider.captures_at_once(payment.method, data)
    operation, key = payment.pending_operation, payment.pending_key
    while operation is not None and key is not None:
        async with ctx.runtime.db.transaction(tenant_id, readonly=True) as session:
            settings = await load_settings(session, tenant_id)
        request = ProviderCall(
            operation=operation,
            key=key,
            amount=payment.amount,
            currency=payment.currency,
            method=payment.method,
            reference=payment.provider_reference,
            data=data,
        )
        answer = await call_provider(provider, request, settings.payment_timeout_seconds)
        async with ctx.runtime.db.transaction(tenant_id) as session:
            order = await locked_order(session, tenant_id, payment.order_id)
            payment = await _locked_payment(session, tenant_id, payment.id)
            await settle_payment_call(
                ctx,
                session,
                order,
                payment,
                operation,
                key,
                answer,
                provider=provider,
                settings=settings,
                at_once=at_once,
            )
            if answer.result is None:
                return
            operation, key = payment.pending_operation, payment.pending_key


async def start_payment(ctx: Context, order_id: uuid.UUID, request: PaymentRequest) -> uuid.UUID:
    """Pay the rest of a placed order through a provider; return the payment's id.

    Raises:
        ValidationFailed: see :func:`provider_for`.
        NotFound: no such order (``orderId``).
        Conflict: the key was another order's (``idempotencyKey``), or the order is not placed,
            or is paid, authorized or being paid (the message names its state).
    """
    payment, provider = await _open(ctx, order_id, request)
    if payment.pending_operation is not None:
        await drive(ctx, payment, provider, request.data)
    return payment.id


async def _move(ctx: Context, payment_id: uuid.UUID, operation: str) -> None:
    """Capture or void an authorized payment (staff)."""
    tenant_id = ctx.require_tenant().id
    async with ctx.runtime.db.transaction(tenant_id) as session:
        order_id = await session.scalar(
            select(PaymentRow.order_id).where(
                PaymentRow.tenant_id == tenant_id, PaymentRow.id == payment_id
            )
        )
        if order_id is None:
            raise NotFound("no such payment", field="paymentId")
        await locked_order(session, tenant_id, order_id)
        payment = await _locked_payment(session, tenant_id, payment_id)
        done = PaymentState.CAPTURED if operation == Operation.CAPTURE else PaymentState.VOIDED
        if payment.status == done and payment.pending_operation is None:
            return
        if payment.pending_operation not in {None, operation}:
            raise Conflict(f"the payment's {payment.pending_operation} is not settled yet")
        if payment.status != PaymentState.AUTHORIZED:
            raise Conflict(
                f"the payment is {payment.status}; only an authorized one can {operation}"
            )
        payment.pending_operation = operation
        payment.pending_key = (
            capture_key(payment) if operation == Operation.CAPTURE else void_key(payment)
        )
        payment.updated_at = ctx.runtime.clock.now()
    provider = installed_providers().get(payment.provider)
    if provider is None:
        raise Conflict(f"the payment's provider {payment.provider} is not installed")
    await drive(ctx, payment, provider, {})


async def capture_payment(ctx: Context, payment_id: uuid.UUID, key: str) -> uuid.UUID:
    """Capture an authorized payment in full (staff: the money of a manual payment is in).

    The same request again returns the captured payment; a capture that timed out is asked
    again with the same provider key.

    Raises:
        ValidationFailed: a bad idempotency key.
        NotFound: no such payment (``paymentId``).
        Conflict: the payment is not authorized (the message names its state).
    """
    refuse_if_any(key_problems(key))
    await _move(ctx, payment_id, Operation.CAPTURE)
    return payment_id


async def void_payment(ctx: Context, payment_id: uuid.UUID) -> uuid.UUID:
    """Release an authorized payment; the order may then be paid anew or cancelled.

    Raises:
        NotFound: no such payment (``paymentId``).
        Conflict: the payment is not authorized (the message names its state).
    """
    await _move(ctx, payment_id, Operation.VOID)
    return payment_id
