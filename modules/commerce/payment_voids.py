"""Voiding an order's authorizations when it is cancelled (by staff or when it expires).

Runs in the cancelling transaction, with the order locked: a payment whose call is still
unsettled refuses the cancellation (CONFLICT: try again once it settles; the expiry job skips
the order until then), and each authorized payment is voided at its provider there and then
(:func:`modules.commerce.payment_calls.call_provider` with the payment's void key). A void the
provider refuses or does not answer refuses the cancellation too, so an order is never
cancelled with money still promised on it.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.errors import Conflict
from app.runtime import Context
from modules.commerce.order_models import OrderRow
from modules.commerce.payment_calls import call_provider
from modules.commerce.payment_models import PaymentRow
from modules.commerce.payment_providers import Operation, ProviderCall, installed_providers
from modules.commerce.payment_rules import PaymentState
from modules.commerce.payment_settle import settle_payment_call, void_key
from modules.commerce.settings import load_settings

__all__ = ["void_authorizations"]


async def void_authorizations(ctx: Context, session: AsyncSession, order: OrderRow) -> None:
    """Void every authorized payment of the locked ``order``; raise Conflict if one cannot be."""
    payments = list(
        await session.scalars(
            select(PaymentRow)
            .where(
                PaymentRow.tenant_id == order.tenant_id,
                PaymentRow.order_id == order.id,
                (PaymentRow.status.in_([PaymentState.PENDING, PaymentState.AUTHORIZED]))
                | PaymentRow.pending_operation.is_not(None),
            )
            .order_by(PaymentRow.id)
            .with_for_update()
        )
    )
    if any(payment.pending_operation is not None for payment in payments):
        raise Conflict("a payment of the order is still being settled; try again shortly")
    if not payments:
        return
    settings = await load_settings(session, order.tenant_id)
    for payment in payments:
        provider = installed_providers().get(payment.provider)
        if provider is None:
            raise Conflict(f"the payment's provider {payment.provider} is not installed")
        payment.pending_operation, payment.pending_key = Operation.VOID, void_key(payment)
        request = ProviderCall(
            operation=Operation.VOID,
            key=void_key(payment),
            amount=payment.amount,
            currency=payment.currency,
            method=payment.method,
            reference=payment.provider_reference,
        )
        answer = await call_provider(provider, request, settings.payment_timeout_seconds)
        await settle_payment_call(
            ctx,
            session,
            order,
            payment,
            Operation.VOID,
            request.key,
            answer,
            provider=provider,
            settings=settings,
        )
        if payment.status != PaymentState.VOIDED:
            reason = payment.last_error or "no answer"
            raise Conflict(f"the payment could not be voided ({reason}); try again")
