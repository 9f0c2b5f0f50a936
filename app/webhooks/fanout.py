"""The outbox subscriber that turns an event into one delivery per interested endpoint.

It runs in the dispatcher's delivery transaction (its receipt commits with the rows it
writes), so an event redelivered to it queues nothing twice; a unique ``(endpoint, event)``
index makes sure of it as well. It sends nothing: HTTP cannot share a transaction, so the
delivery runner (:mod:`app.webhooks.deliveries`) sends the queued deliveries afterwards.
"""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import select

from app.events.declarations import DeliveryContext, EventType, Handler, matches
from app.events.envelope import Event
from app.ids import new_id
from app.registry.declaration import PermissionScope
from app.webhooks.models import DeliveryState, WebhookDeliveryRow, WebhookEndpointRow
from app.webhooks.signing import webhook_id

__all__ = ["WEBHOOK_FANOUT", "fan_out", "is_wanted"]


def is_wanted(patterns: list[str], event_type: str, types: Mapping[str, EventType]) -> bool:
    """Return whether an endpoint's patterns take a tenant event of ``event_type``."""
    declared = types.get(event_type)
    if declared is None or declared.permission.scope is not PermissionScope.TENANT:
        return False
    return any(matches(pattern, event_type) for pattern in patterns)


async def fan_out(ctx: DeliveryContext, event: Event) -> None:
    """Queue a delivery of ``event`` to every active endpoint of its tenant that wants it."""
    endpoints = await ctx.session.scalars(
        select(WebhookEndpointRow).where(
            WebhookEndpointRow.tenant_id == ctx.tenant_id, WebhookEndpointRow.is_active
        )
    )
    for endpoint in endpoints:
        if event.occurred_at < endpoint.created_at:
            continue  # an endpoint receives what happens from its creation on
        if not is_wanted(endpoint.event_types, event.type, ctx.events.types):
            continue
        ctx.session.add(
            WebhookDeliveryRow(
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
        )


WEBHOOK_FANOUT = Handler(name="webhooks.fanout", events=("*",), handle=fan_out)
