"""Commerce's order jobs: cancelling orders whose stock reservation expired.

Checkout schedules ``commerce.expire_order`` at the reservation's ``expires_at``: it cancels
that order with the reason ``expired`` and releases its stock, as ``orderCancel`` does, in the
job's transaction, unless the order moved on meanwhile. ``commerce.release_expired_reservations``
sweeps every 30 seconds, tenant by tenant (only where commerce is enabled), for what a lost or
late delayed job left behind; orders another worker holds are skipped (``SKIP LOCKED``) and
caught at the next run. An order whose payment is still being settled, or whose authorization
its provider would not void, is left for a later run (each order is cancelled in a savepoint).
"""

from __future__ import annotations

import dataclasses
import logging
import uuid
from datetime import timedelta

from sqlalchemy import select

from app.errors import Conflict
from app.jobs.declarations import DelayedJob, JobContext, PeriodicJob
from app.runtime import Context
from app.tenants.directory import ActiveTenant
from app.tenants.models import TenantRow
from modules.commerce.cart_jobs import enabled_settings
from modules.commerce.order_models import OrderRow, ReservationRow
from modules.commerce.order_rules import ReservationStatus, cancel_refusal
from modules.commerce.orders import cancel_locked

__all__ = ["EXPIRE_ORDER", "RELEASE_EXPIRED_RESERVATIONS", "acting_in"]

EXPIRED = "expired"
logger = logging.getLogger(__name__)


def acting_in(job: JobContext, tenant: TenantRow) -> Context:
    # The job's own transaction already holds the tenant; build its view rather than read it
    # again through another connection.
    active = ActiveTenant(
        id=tenant.id,
        slug=tenant.slug,
        name=tenant.name,
        created_at=tenant.created_at,
        updated_at=tenant.updated_at,
        enabled_modules=frozenset({"commerce"}),
    )
    return dataclasses.replace(job.context, tenant=active)


async def _cancel_if_settled(context: Context, job: JobContext, order: OrderRow) -> None:
    """Cancel the expired order in a savepoint; leave it for a later run if its payments refuse.

    A payment still being settled, or an authorization the provider would not void, keeps the
    order (the reconcile job settles the payment; the next sweep tries again).
    """
    try:
        async with job.session.begin_nested():
            await cancel_locked(context, job.session, order, EXPIRED)
    except Conflict as refusal:
        logger.info("order %s not expired yet: %s", order.id, refusal.message)


async def _expire_in(job: JobContext, tenant: TenantRow) -> None:
    context = acting_in(job, tenant)
    overdue = (
        select(ReservationRow.order_id)
        .where(
            ReservationRow.tenant_id == tenant.id,
            ReservationRow.status == ReservationStatus.ACTIVE,
            ReservationRow.expires_at <= job.now,
        )
        .distinct()
    )
    orders = await job.session.scalars(
        select(OrderRow)
        .where(OrderRow.tenant_id == tenant.id, OrderRow.id.in_(overdue))
        .order_by(OrderRow.id)
        .with_for_update(skip_locked=True)
    )
    for order in list(orders):
        if cancel_refusal(order) is None:
            await _cancel_if_settled(context, job, order)


async def _release_expired(job: JobContext) -> None:
    """Cancel each tenant's placed orders whose reservation expired, releasing their stock."""
    tenants: list[TenantRow] = list(await job.session.scalars(select(TenantRow)))
    for tenant in tenants:
        tenant_id: uuid.UUID = tenant.id
        if await enabled_settings(job, tenant_id) is not None:
            await _expire_in(job, tenant)


async def _expire_order(job: JobContext) -> None:
    """Cancel the order named in the job's arguments if it is still placed and overdue."""
    if job.tenant_id is None:
        return
    tenant = await job.session.get(TenantRow, job.tenant_id)
    if tenant is None or await enabled_settings(job, job.tenant_id) is None:
        return
    order_id = uuid.UUID(str(job.args["order_id"]))
    order = await job.session.scalar(
        select(OrderRow)
        .where(OrderRow.tenant_id == tenant.id, OrderRow.id == order_id)
        .with_for_update()
    )
    if order is None or cancel_refusal(order) is not None:
        return
    overdue = await job.session.scalar(
        select(ReservationRow.id)
        .where(
            ReservationRow.tenant_id == tenant.id,
            ReservationRow.order_id == order_id,
            ReservationRow.status == ReservationStatus.ACTIVE,
            ReservationRow.expires_at <= job.now,
        )
        .limit(1)
    )
    if overdue is not None:
        await _cancel_if_settled(acting_in(job, tenant), job, order)


EXPIRE_ORDER = DelayedJob(name="commerce.expire_order", run=_expire_order, max_attempts=10)
RELEASE_EXPIRED_RESERVATIONS = PeriodicJob(
    name="commerce.release_expired_reservations",
    every=timedelta(seconds=30),
    run=_release_expired,
)
