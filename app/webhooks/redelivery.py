"""Manual redelivery: send one delivery again, or every dead one of an endpoint since a time.

A redelivery never sends from the caller. It puts the delivery back in the queue (``pending``,
due now) in the tenant's transaction, and the delivery runner sends it like any other: one
row, so nothing is sent twice however often it is asked for, and a runner that dies mid-send
leaves it to the lease as usual. It keeps its ``webhook-id`` (receivers deduplicate by it),
its signature scheme and its attempt log; the attempt it gets is numbered after the last
one. If that attempt fails, the delivery is retried on what is left of the schedule of
:mod:`app.webhooks.retries`: a delivery whose attempts were all spent is dead again at once.

A pending delivery a runner is sending right now (claimed, not yet settled) is refused with
CONFLICT rather than queued behind the send: the settling of that send would overwrite the
request, so the caller is told to ask again once its attempt is in the log.

The commit wakes the runner of this process (the embedded runner's ``QUEUED`` topic). A
``rustok worker`` is not woken through Redis: its wake-up drives the outbox drain, not the
webhook runner, which finds the delivery at its next poll (``RUSTOK_EVENT_POLL_SECONDS``).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from app.errors import Conflict, NotFound, ValidationFailed
from app.events.models import EventRow
from app.runtime import Context
from app.webhooks.fanout import QUEUED
from app.webhooks.models import (
    DeliveryState,
    WebhookAttemptRow,
    WebhookDeliveryRow,
    WebhookEndpointRow,
)

__all__ = [
    "MAX_REDELIVERIES",
    "BulkRedelivery",
    "list_deliveries",
    "redeliver",
    "redeliver_failed",
    "sendable_endpoint",
]

MAX_REDELIVERIES = 10_000
"""How many dead deliveries one :func:`redeliver_failed` queues at most."""


@dataclass(frozen=True, slots=True)
class BulkRedelivery:
    """What :func:`redeliver_failed` did: how many it queued, how many dead ones it left."""

    queued: int
    remaining: int


async def sendable_endpoint(
    session: AsyncSession, tenant_id: uuid.UUID, endpoint_id: uuid.UUID, field: str
) -> WebhookEndpointRow:
    """Return the tenant's endpoint, locked; NOT_FOUND if missing, CONFLICT if switched off.

    The runner skips deliveries to an inactive endpoint, so sending to one would only mark
    them ``skipped``: the caller is told to switch it on first.
    """
    row = await session.get(WebhookEndpointRow, (tenant_id, endpoint_id), with_for_update=True)
    if row is None:
        raise NotFound("no such webhook endpoint in this tenant", field=field)
    if not row.is_active:
        why = f"disabled ({row.disabled_reason})" if row.disabled_reason else "switched off"
        raise Conflict(
            f"the webhook endpoint is {why}: switch it on (webhookEndpointUpdate isActive) "
            "before sending to it",
            field=field,
        )
    return row


async def _is_in_flight(session: AsyncSession, row: WebhookDeliveryRow, now: datetime) -> bool:
    """Return whether a runner holds the delivery's lease and has not logged its attempt."""
    if row.state != DeliveryState.PENDING or row.next_attempt_at <= now:
        return False
    logged = await session.scalar(
        select(func.max(WebhookAttemptRow.attempt)).where(
            WebhookAttemptRow.tenant_id == row.tenant_id,
            WebhookAttemptRow.delivery_id == row.id,
        )
    )
    return row.attempts > (logged or 0)


async def redeliver(
    ctx: Context, tenant_id: uuid.UUID, delivery_id: uuid.UUID
) -> WebhookDeliveryRow:
    """Queue a delivery (in any state) to be sent again now, with the same ``webhook-id``.

    Raises:
        NotFound: No such delivery in this tenant, or its endpoint is gone (``deliveryId``).
        Conflict: Its endpoint is switched off, or a runner is sending it right now.
    """
    now = ctx.runtime.clock.now()
    async with ctx.runtime.db.transaction(tenant_id) as session:
        row = await session.get(WebhookDeliveryRow, delivery_id, with_for_update=True)
        if row is None or row.tenant_id != tenant_id:
            raise NotFound("no such webhook delivery in this tenant", field="deliveryId")
        await sendable_endpoint(session, tenant_id, row.endpoint_id, "deliveryId")
        if await _is_in_flight(session, row, now):
            raise Conflict(
                "this delivery is being sent right now: redeliver it once its attempt is in "
                "the log",
                field="deliveryId",
            )
        row.state, row.next_attempt_at = DeliveryState.PENDING, now
        ctx.runtime.events.notify_after_commit(session, QUEUED)
    return row


async def redeliver_failed(
    ctx: Context,
    tenant_id: uuid.UUID,
    endpoint_id: uuid.UUID,
    since: datetime,
    *,
    limit: int = MAX_REDELIVERIES,
) -> BulkRedelivery:
    """Queue again the endpoint's dead deliveries created at or after ``since``, oldest first.

    At most ``limit`` at once; ``remaining`` says how many dead ones since then are left (call
    again to queue them).

    Raises:
        ValidationFailed: ``since`` has no time zone.
        NotFound: No such endpoint in this tenant (``endpointId``).
        Conflict: The endpoint is switched off.
    """
    if since.tzinfo is None:
        raise ValidationFailed("give the time with its UTC offset", field="since")
    now = ctx.runtime.clock.now()
    dead = (
        WebhookDeliveryRow.tenant_id == tenant_id,
        WebhookDeliveryRow.endpoint_id == endpoint_id,
        WebhookDeliveryRow.state == DeliveryState.DEAD,
        WebhookDeliveryRow.created_at >= since,
    )
    chosen = (
        select(WebhookDeliveryRow.id)
        .where(*dead)
        .order_by(WebhookDeliveryRow.created_at, WebhookDeliveryRow.id)
        .limit(limit)
    )
    async with ctx.runtime.db.transaction(tenant_id) as session:
        await sendable_endpoint(session, tenant_id, endpoint_id, "endpointId")
        result = await session.execute(
            update(WebhookDeliveryRow)
            .where(WebhookDeliveryRow.id.in_(chosen.scalar_subquery()), *dead)
            .values(state=DeliveryState.PENDING, next_attempt_at=now)
            .execution_options(synchronize_session=False)
        )
        queued = int(getattr(result, "rowcount", 0))
        remaining = await session.scalar(select(func.count()).where(*dead)) or 0
        if queued:
            ctx.runtime.events.notify_after_commit(session, QUEUED)
    return BulkRedelivery(queued=queued, remaining=remaining)


async def list_deliveries(
    ctx: Context,
    tenant_id: uuid.UUID,
    *,
    endpoint_id: uuid.UUID | None = None,
    state: str | None = None,
    limit: int = 100,
) -> list[tuple[WebhookDeliveryRow, str | None]]:
    """Return the tenant's newest deliveries (of an endpoint, in a state) with their event types.

    The type is None when the event is no longer kept (retention).
    """
    statement = (
        select(WebhookDeliveryRow, EventRow.type)
        .outerjoin(EventRow, EventRow.id == WebhookDeliveryRow.event_id)
        .where(WebhookDeliveryRow.tenant_id == tenant_id)
        .order_by(WebhookDeliveryRow.created_at.desc(), WebhookDeliveryRow.id.desc())
        .limit(limit)
    )
    if endpoint_id is not None:
        statement = statement.where(WebhookDeliveryRow.endpoint_id == endpoint_id)
    if state is not None:
        statement = statement.where(WebhookDeliveryRow.state == state)
    async with ctx.runtime.db.transaction(tenant_id, readonly=True) as session:
        return [(row, event_type) for row, event_type in await session.execute(statement)]
