"""The outbox subscriber that turns an event into one delivery per interested endpoint.

It runs in the dispatcher's delivery transaction (its receipt commits with the rows it
writes), so an event redelivered to it queues nothing twice; a unique ``(endpoint, event)``
index makes sure of it as well. It sends nothing: HTTP cannot share a transaction, so the
delivery runner (:mod:`app.webhooks.runner`) sends the queued deliveries afterwards, woken
by this transaction's commit.

Its :class:`EndpointAudience` is asked as each event is written: an event no active
endpoint of its tenant wants gets no delivery to the fan-out at all, so tenants without
webhooks pay one indexed read per writing transaction, nothing more.

A targeted event (:data:`~app.webhooks.events.TARGETED`: a test ping) goes to the one active
endpoint its payload names, whatever that endpoint's filters, and to no other endpoint, even
one that takes ``webhooks.endpoint.*``: a ping tests one receiver and must not reach others.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.events.declarations import DeliveryContext, EventType, Handler, matches
from app.events.envelope import Event
from app.ids import new_id
from app.registry.declaration import PermissionScope
from app.webhooks.events import TARGETED
from app.webhooks.models import DeliveryState, WebhookDeliveryRow, WebhookEndpointRow
from app.webhooks.signing import webhook_id

__all__ = [
    "QUEUED",
    "WEBHOOK_FANOUT",
    "EndpointAudience",
    "fan_out",
    "fan_out_batch",
    "forget_endpoints",
    "is_wanted",
]

# The bus topic announced by a commit that queued deliveries (the delivery runner's wake-up).
QUEUED = "webhooks.queued"
_PATTERNS = "rustok_webhook_patterns"  # session.info: {tenant id: [patterns per endpoint]}


def is_wanted(patterns: list[str], event_type: str, types: Mapping[str, EventType]) -> bool:
    """Return whether an endpoint's patterns take a tenant event of ``event_type``."""
    declared = types.get(event_type)
    if declared is None or declared.permission.scope is not PermissionScope.TENANT:
        return False
    return any(matches(pattern, event_type) for pattern in patterns)


def forget_endpoints(session: AsyncSession) -> None:
    """Drop what :class:`EndpointAudience` read in this transaction (its endpoints changed)."""
    session.sync_session.info.pop(_PATTERNS, None)


class EndpointAudience:
    """Wants an event when an active endpoint of its tenant takes its type.

    The endpoints' patterns are read once per transaction and tenant (a bulk write emitting
    thousands of events reads them once); endpoint writes call :func:`forget_endpoints`.
    """

    async def wants(
        self, session: AsyncSession, tenant_id: uuid.UUID, event_type: EventType
    ) -> bool:
        """Return whether any active endpoint of ``tenant_id`` takes ``event_type``."""
        if event_type.name in TARGETED:
            return True  # its writer has just checked that its endpoint is active
        if event_type.permission.scope is not PermissionScope.TENANT:
            return False
        known: dict[uuid.UUID, list[list[str]]] = session.sync_session.info.setdefault(
            _PATTERNS, {}
        )
        patterns = known.get(tenant_id)
        if patterns is None:
            patterns = list(
                await session.scalars(
                    select(WebhookEndpointRow.event_types).where(
                        WebhookEndpointRow.tenant_id == tenant_id, WebhookEndpointRow.is_active
                    )
                )
            )
            known[tenant_id] = patterns
        return any(
            matches(pattern, event_type.name) for endpoint in patterns for pattern in endpoint
        )


async def fan_out(ctx: DeliveryContext, event: Event) -> None:
    """Queue a delivery of ``event`` to every active endpoint of its tenant that wants it."""
    await fan_out_batch(ctx, (event,))


async def fan_out_batch(ctx: DeliveryContext, events: Sequence[Event]) -> None:
    """Queue the deliveries of several events of one tenant, reading its endpoints once."""
    endpoints = list(
        await ctx.session.scalars(
            select(WebhookEndpointRow).where(
                WebhookEndpointRow.tenant_id == ctx.tenant_id, WebhookEndpointRow.is_active
            )
        )
    )
    queued = False
    for event in events:
        for endpoint in endpoints:
            if _takes(endpoint, event, ctx.events.types):
                ctx.session.add(_delivery(ctx, endpoint, event))
                queued = True
    if queued:
        ctx.events.notify_after_commit(ctx.session, QUEUED)


def _takes(endpoint: WebhookEndpointRow, event: Event, types: Mapping[str, EventType]) -> bool:
    if event.occurred_at < endpoint.created_at:
        return False  # an endpoint receives what happens from its creation on
    if event.type in TARGETED:
        return event.payload.get("endpoint_id") == str(endpoint.id)
    return is_wanted(endpoint.event_types, event.type, types)


def _delivery(
    ctx: DeliveryContext, endpoint: WebhookEndpointRow, event: Event
) -> WebhookDeliveryRow:
    return WebhookDeliveryRow(
        id=new_id(),
        tenant_id=ctx.tenant_id,
        endpoint_id=endpoint.id,
        event_id=event.id,
        msg_id=webhook_id(event.id, endpoint.id),
        aggregate_key=f"{event.aggregate_type}:{event.aggregate_id}",
        sequence=event.sequence,
        state=DeliveryState.PENDING,
        attempts=0,
        next_attempt_at=ctx.now,
        last_status=None,
        created_at=ctx.now,
        delivered_at=None,
    )


WEBHOOK_FANOUT = Handler(
    name="webhooks.fanout",
    events=("*",),
    handle=fan_out,
    handle_batch=fan_out_batch,
    audience=EndpointAudience(),
)
