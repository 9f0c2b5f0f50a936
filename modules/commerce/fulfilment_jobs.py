"""``commerce.complete_orders``: closing fulfilled, settled orders after a while.

Daily, tenant by tenant (where commerce is enabled and ``auto_complete_days`` is not 0), it
completes each placed order that is fulfilled, whose payment is settled (paid, partly or wholly
refunded) and whose last fulfilment is at least ``auto_complete_days`` old, as
``orderComplete`` does. Orders another transaction holds are skipped (``SKIP LOCKED``) and
caught at the next run.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from app.jobs.declarations import JobContext, PeriodicJob
from app.tenants.models import TenantRow
from modules.commerce.cart_jobs import enabled_settings
from modules.commerce.fulfilment_models import FulfilmentRow
from modules.commerce.fulfilments import complete_locked
from modules.commerce.order_jobs import acting_in
from modules.commerce.order_models import OrderRow
from modules.commerce.order_rules import SETTLED, FulfilmentStatus, OrderStatus, complete_refusal

__all__ = ["COMPLETE_ORDERS"]


async def _complete_in(job: JobContext, tenant: TenantRow, days: int) -> None:
    cutoff = job.now - timedelta(days=days)
    last_shipped = (
        select(FulfilmentRow.order_id)
        .where(FulfilmentRow.tenant_id == tenant.id)
        .group_by(FulfilmentRow.order_id)
        .having(func.max(FulfilmentRow.created_at) <= cutoff)
    )
    orders = await job.session.scalars(
        select(OrderRow)
        .where(
            OrderRow.tenant_id == tenant.id,
            OrderRow.status == OrderStatus.PLACED,
            OrderRow.fulfilment_status == FulfilmentStatus.FULFILLED,
            OrderRow.payment_status.in_(sorted(SETTLED)),
            OrderRow.id.in_(last_shipped),
        )
        .order_by(OrderRow.id)
        .with_for_update(skip_locked=True)
    )
    context = acting_in(job, tenant)
    for order in list(orders):
        if complete_refusal(order) is None:
            await complete_locked(context, job.session, order)


async def _complete(job: JobContext) -> None:
    """Complete every tenant's orders that waited ``auto_complete_days`` (module docstring)."""
    tenants: list[TenantRow] = list(await job.session.scalars(select(TenantRow)))
    for tenant in tenants:
        settings = await enabled_settings(job, tenant.id)
        if settings is not None and settings.auto_complete_days > 0:
            await _complete_in(job, tenant, settings.auto_complete_days)


COMPLETE_ORDERS = PeriodicJob(
    name="commerce.complete_orders", every=timedelta(days=1), run=_complete
)
