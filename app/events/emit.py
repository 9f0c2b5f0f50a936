"""``emit``: the one call a service makes to record an event in its transaction."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from app.db import set_tenant
from app.events.declarations import EventPayload, EventType
from app.events.envelope import Event
from app.runtime import Context

__all__ = ["emit"]


async def emit(
    ctx: Context,
    session: AsyncSession,
    event_type: EventType,
    payload: EventPayload,
    *,
    aggregate_id: str | uuid.UUID,
    tenant_id: uuid.UUID | None = None,
) -> Event:
    """Write an event in ``session``'s transaction, acted by ``ctx``'s principal.

    The tenant defaults to the request's; the transaction is scoped to it (row-level security).
    """
    tenant = tenant_id if tenant_id is not None else ctx.require_tenant().id
    await set_tenant(session, tenant)
    return await ctx.runtime.events.emit(
        session,
        event_type,
        payload,
        tenant_id=tenant,
        aggregate_id=aggregate_id,
        actor=ctx.principal.label,
    )
