"""Commerce's order job: cancelling orders whose stock reservation expired.

Every 30 seconds, tenant by tenant (only where commerce is enabled), each placed order with an
active reservation past its ``expires_at`` is cancelled with the reason ``expired`` and its
stock released, as ``orderCancel`` does, in the job's transaction. Orders another worker holds
are skipped (``SKIP LOCKED``) and caught at the next run.
"""

from __future__ import annotations

import dataclasses
import uuid
from datetime import timedelta

from sqlalchemy import select

from app.jobs.declarations import JobContext, PeriodicJob
from app.tenants.directory import ActiveTenant
from app.tenants.models import TenantRow
from modules.commerce.cart_jobs import enabled_settings
from modules.commerce.order_models import OrderRow, ReservationRow
from modules.commerce.order_rules import ReservationStatus, cancel_refusal
from modules.commerce.orders import cancel_locked

__all__ = ["RELEASE_EXPIRED_RESERVATIONS"]

EXPIRED = "expired"


async def _expire_in(job: JobContext, tenant: TenantRow) -> None:
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
    context = dataclasses.replace(job.context, tenant=active)
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
            await cancel_locked(context, job.session, order, EXPIRED)


async def _release_expired(job: JobContext) -> None:
    """Cancel each tenant's placed orders whose reservation expired, releasing their stock."""
    tenants: list[TenantRow] = list(await job.session.scalars(select(TenantRow)))
    for tenant in tenants:
        tenant_id: uuid.UUID = tenant.id
        if await enabled_settings(job, tenant_id) is not None:
            await _expire_in(job, tenant)


RELEASE_EXPIRED_RESERVATIONS = PeriodicJob(
    name="commerce.release_expired_reservations",
    every=timedelta(seconds=30),
    run=_release_expired,
)
