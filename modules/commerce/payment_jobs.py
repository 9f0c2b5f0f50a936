"""``commerce.reconcile_payments``: settling provider calls whose answer never arrived.

Every minute, tenant by tenant (where commerce is enabled), it takes the payments with a call
pending and the refunds still pending that nobody touched for the tenant's
``payment_timeout_seconds`` plus a minute (so a request still waiting on its answer is left
alone), and asks the provider what became of each key (``lookup``). The answer is recorded as
the call's own would have been (modules.commerce.payment_settle, modules.commerce.refunds). A
key the provider never received settles an authorization or a refund as failed (no money
moved; the customer may pay again), while a capture or a void, decided already, is sent again
with the same key. A provider that does not answer leaves the call for the next run. Orders
another transaction holds are skipped (``SKIP LOCKED``) and caught at the next run.
"""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import TypeVar

from sqlalchemy import select

from app.jobs.declarations import JobContext, PeriodicJob
from app.runtime import Context
from app.tenants.models import TenantRow
from modules.commerce.cart_jobs import enabled_settings
from modules.commerce.order_jobs import acting_in
from modules.commerce.order_models import OrderRow
from modules.commerce.payment_calls import Answer, ask, call_provider
from modules.commerce.payment_models import PaymentRow, RefundRow
from modules.commerce.payment_providers import (
    Operation,
    PaymentProvider,
    ProviderCall,
    installed_providers,
)
from modules.commerce.payment_rules import RefundStatus
from modules.commerce.payment_settle import settle_payment_call
from modules.commerce.refund_settle import refund_call, settle_refund
from modules.commerce.settings import CommerceSettings

__all__ = ["RECONCILE_PAYMENTS"]

GRACE = timedelta(minutes=1)
Row = TypeVar("Row", PaymentRow, RefundRow)
_NOT_RECEIVED = "not_received"


async def _locked_order(
    job: JobContext, tenant_id: uuid.UUID, order_id: uuid.UUID
) -> OrderRow | None:
    return await job.session.scalar(
        select(OrderRow)
        .where(OrderRow.tenant_id == tenant_id, OrderRow.id == order_id)
        .with_for_update(skip_locked=True)
    )


async def _locked(
    job: JobContext, model: type[Row], tenant_id: uuid.UUID, row_id: uuid.UUID
) -> Row | None:
    return await job.session.scalar(
        select(model).where(model.tenant_id == tenant_id, model.id == row_id).with_for_update()
    )


def _never_received(answer: Answer) -> bool:
    return answer.result is not None and answer.result.error_code == _NOT_RECEIVED


async def _payments(job: JobContext, tenant: TenantRow, settings: CommerceSettings) -> None:
    cutoff = job.now - timedelta(seconds=settings.payment_timeout_seconds) - GRACE
    stale = list(
        await job.session.execute(
            select(PaymentRow.id, PaymentRow.order_id)
            .where(
                PaymentRow.tenant_id == tenant.id,
                PaymentRow.pending_operation.is_not(None),
                PaymentRow.updated_at <= cutoff,
            )
            .order_by(PaymentRow.updated_at)
        )
    )
    context = acting_in(job, tenant)
    for payment_id, order_id in stale:
        order = await _locked_order(job, tenant.id, order_id)
        payment = await _locked(job, PaymentRow, tenant.id, payment_id)
        if order is None or payment is None or payment.pending_operation is None:
            continue
        provider = installed_providers().get(payment.provider)
        if provider is not None:
            await _settle(job, context, settings, order, payment, provider)


async def _settle(
    job: JobContext,
    context: Context,
    settings: CommerceSettings,
    order: OrderRow,
    payment: PaymentRow,
    provider: PaymentProvider,
) -> None:
    """Ask about the pending call and record it; send what that decides (a capture) next."""
    asked = False
    while payment.pending_operation is not None and payment.pending_key is not None:
        operation, key = payment.pending_operation, payment.pending_key
        answer = None
        if not asked:
            answer = await ask(provider, operation, key, settings.payment_timeout_seconds)
            asked = True
            if _never_received(answer) and operation in {Operation.CAPTURE, Operation.VOID}:
                answer = None
        if answer is None:
            request = ProviderCall(
                operation=operation,
                key=key,
                amount=payment.amount,
                currency=payment.currency,
                method=payment.method,
                reference=payment.provider_reference,
            )
            answer = await call_provider(provider, request, settings.payment_timeout_seconds)
        await settle_payment_call(
            context,
            job.session,
            order,
            payment,
            operation,
            key,
            answer,
            provider=provider,
            settings=settings,
            at_once=provider.captures_at_once(payment.method, {}),
        )
        if answer.result is None:
            return


async def _refunds(job: JobContext, tenant: TenantRow, settings: CommerceSettings) -> None:
    cutoff = job.now - timedelta(seconds=settings.payment_timeout_seconds) - GRACE
    stale = list(
        await job.session.execute(
            select(RefundRow.id, RefundRow.order_id)
            .where(
                RefundRow.tenant_id == tenant.id,
                RefundRow.status == RefundStatus.PENDING,
                RefundRow.updated_at <= cutoff,
            )
            .order_by(RefundRow.updated_at)
        )
    )
    context = acting_in(job, tenant)
    for refund_id, order_id in stale:
        order = await _locked_order(job, tenant.id, order_id)
        refund = await _locked(job, RefundRow, tenant.id, refund_id)
        if order is None or refund is None or refund.status != RefundStatus.PENDING:
            continue
        payment = await _locked(job, PaymentRow, tenant.id, refund.payment_id)
        provider = None if payment is None else installed_providers().get(payment.provider)
        if payment is None or provider is None:
            continue
        call = refund_call(refund, payment, {})
        answer = await ask(provider, Operation.REFUND, call.key, settings.payment_timeout_seconds)
        await settle_refund(context, job.session, order, payment, refund, answer)


async def _reconcile(job: JobContext) -> None:
    """Settle every tenant's stale payment calls and refunds (module docstring)."""
    tenants: list[TenantRow] = list(await job.session.scalars(select(TenantRow)))
    for tenant in tenants:
        settings = await enabled_settings(job, tenant.id)
        if settings is not None:
            await _payments(job, tenant, settings)
            await _refunds(job, tenant, settings)


RECONCILE_PAYMENTS = PeriodicJob(
    name="commerce.reconcile_payments", every=timedelta(minutes=1), run=_reconcile
)
