"""Test pings: a ``webhooks.endpoint.pinged`` event that only the pinged endpoint receives.

The ping is an ordinary event written to the outbox, so it travels the way every delivery
does: the fan-out queues it (for that endpoint alone, whatever its filters: see
:mod:`app.webhooks.fanout`), the runner sends it signed with a ``webhook-id`` of its own,
logs every attempt and retries it on the usual schedule. Its delivery shows in
``webhookDeliveries`` under the event id the ping returns.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from app.events.emit import emit
from app.events.envelope import Event
from app.runtime import Context
from app.webhooks.events import ENDPOINT_PINGED, EndpointPinged
from app.webhooks.models import WebhookEndpointRow
from app.webhooks.redelivery import sendable_endpoint

__all__ = ["Ping", "ping_endpoint"]


@dataclass(frozen=True, slots=True)
class Ping:
    """A ping on its way: the pinged endpoint and the event its delivery carries."""

    endpoint: WebhookEndpointRow
    event: Event


async def ping_endpoint(ctx: Context, tenant_id: uuid.UUID, endpoint_id: uuid.UUID) -> Ping:
    """Emit a ping to the endpoint; its delivery follows through the queue.

    Raises:
        NotFound: No such endpoint in this tenant (``endpointId``).
        Conflict: The endpoint is switched off (nothing would be sent).
    """
    async with ctx.runtime.db.transaction(tenant_id) as session:
        endpoint = await sendable_endpoint(session, tenant_id, endpoint_id, "endpointId")
        payload = EndpointPinged(endpoint_id=str(endpoint_id))
        event = await emit(
            ctx, session, ENDPOINT_PINGED, payload, aggregate_id=endpoint_id, tenant_id=tenant_id
        )
    return Ping(endpoint=endpoint, event=event)
