"""Commerce's cart jobs: marking idle carts abandoned, and purging carts nobody came back to.

Both run tenant by tenant (only where commerce is enabled) in the job's own transaction, with
the tenant set for row-level security. Idle means no change since ``last_activity_at``; reads
do not count, since they write nothing.
"""

from __future__ import annotations

import uuid
from datetime import timedelta

from sqlalchemy import delete, func, select

from app.db.database import set_tenant
from app.events.emit import emit
from app.jobs.declarations import JobContext, PeriodicJob
from app.tenants.models import TenantModuleRow, TenantRow
from modules.commerce.cart_models import CartLineRow, CartRow
from modules.commerce.carts import CartStatus
from modules.commerce.events import CART_ABANDONED, CartAbandoned
from modules.commerce.settings import CommerceSettings, load_settings

__all__ = ["MARK_ABANDONED_CARTS", "PURGE_CARTS", "enabled_settings"]


async def enabled_settings(job: JobContext, tenant_id: uuid.UUID) -> CommerceSettings | None:
    """Set the tenant for row-level security; return its settings if commerce is enabled."""
    await set_tenant(job.session, tenant_id)
    enabled = await job.session.scalar(
        select(TenantModuleRow.is_enabled).where(
            TenantModuleRow.tenant_id == tenant_id, TenantModuleRow.module == "commerce"
        )
    )
    return await load_settings(job.session, tenant_id) if enabled else None


async def _tenant_ids(job: JobContext) -> list[uuid.UUID]:
    # core_tenants is not row-secured: the one cross-tenant list a job may read.
    return list(await job.session.scalars(select(TenantRow.id)))


async def _line_counts(
    job: JobContext, tenant_id: uuid.UUID, ids: list[uuid.UUID]
) -> dict[uuid.UUID, int]:
    rows = await job.session.execute(
        select(CartLineRow.cart_id, func.count())
        .where(CartLineRow.tenant_id == tenant_id, CartLineRow.cart_id.in_(ids))
        .group_by(CartLineRow.cart_id)
    )
    return {cart_id: int(count) for cart_id, count in rows.all()}


async def _abandon_in(job: JobContext, tenant_id: uuid.UUID, settings: CommerceSettings) -> None:
    cutoff = job.now - timedelta(hours=settings.cart_abandoned_after_hours)
    carts = list(
        await job.session.scalars(
            select(CartRow)
            .where(
                CartRow.tenant_id == tenant_id,
                CartRow.status == CartStatus.OPEN,
                CartRow.last_activity_at <= cutoff,
            )
            .with_for_update(skip_locked=True)
        )
    )
    counts = await _line_counts(job, tenant_id, [cart.id for cart in carts])
    for cart in carts:
        cart.status, cart.updated_at = CartStatus.ABANDONED, job.now
        payload = CartAbandoned(
            cart_id=str(cart.id),
            customer_id=None if cart.customer_id is None else str(cart.customer_id),
            currency=cart.currency,
            subtotal_amount=cart.subtotal_amount,
            line_count=counts.get(cart.id, 0),
        )
        await emit(
            job.context,
            job.session,
            CART_ABANDONED,
            payload,
            aggregate_id=cart.id,
            tenant_id=tenant_id,
        )


async def _mark_abandoned(job: JobContext) -> None:
    """Mark open carts idle for each tenant's ``cart_abandoned_after_hours`` as abandoned."""
    for tenant_id in await _tenant_ids(job):
        settings = await enabled_settings(job, tenant_id)
        if settings is not None:
            await _abandon_in(job, tenant_id, settings)


async def _purge(job: JobContext) -> None:
    """Delete carts idle for each tenant's ``cart_retention_days`` that never became orders."""
    for tenant_id in await _tenant_ids(job):
        settings = await enabled_settings(job, tenant_id)
        if settings is None:
            continue
        cutoff = job.now - timedelta(days=settings.cart_retention_days)
        await job.session.execute(
            delete(CartRow).where(
                CartRow.tenant_id == tenant_id,
                CartRow.status != CartStatus.COMPLETED,
                CartRow.last_activity_at <= cutoff,
            )
        )


MARK_ABANDONED_CARTS = PeriodicJob(
    name="commerce.mark_abandoned_carts", every=timedelta(hours=1), run=_mark_abandoned
)
PURGE_CARTS = PeriodicJob(name="commerce.purge_carts", every=timedelta(days=1), run=_purge)
