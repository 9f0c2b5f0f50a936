"""Manual sends over GraphQL: redeliver one delivery, redeliver the dead ones, ping an endpoint.

All three need ``webhooks.manage_endpoints``: they make the server send to an endpoint, as
changing its URL would. They queue; the delivery runner sends (app/webhooks/redelivery.py).
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

import strawberry
from sqlalchemy import select

from app.errors import UserInputError
from app.graphql.context import Info
from app.graphql.directives import guarded
from app.graphql.global_ids import local_id
from app.graphql.types import UserError, user_errors
from app.runtime import Context
from app.webhooks import pings, redelivery
from app.webhooks.graphql.deliveries import WebhookDelivery, WebhookDeliveryAttempt
from app.webhooks.graphql.types import WebhookEndpoint
from app.webhooks.models import WebhookAttemptRow, WebhookDeliveryRow
from app.webhooks.permissions import MANAGE_ENDPOINTS, VIEW_DELIVERIES

__all__ = ["WebhookSendMutation"]

_INPUT = strawberry.argument(description="The operation's input.")
_ENDPOINT = "WebhookEndpoint"


@strawberry.input(description="A delivery to send again.")
class WebhookRedeliverInput:
    """Input of webhookRedeliver."""

    delivery_id: strawberry.ID = strawberry.field(
        description="The delivery's ID (`webhookDeliveries`), in any state."
    )


@strawberry.input(description="An endpoint whose dead deliveries to send again.")
class WebhookRedeliverFailedInput:
    """Input of webhookRedeliverFailed."""

    endpoint_id: strawberry.ID = strawberry.field(description="The endpoint's ID.")
    since: datetime = strawberry.field(
        description="Send again the dead deliveries queued at or after this time (with its "
        "UTC offset)."
    )


@strawberry.input(description="An endpoint to send a test ping to.")
class WebhookEndpointPingInput:
    """Input of webhookEndpointPing."""

    endpoint_id: strawberry.ID = strawberry.field(description="The endpoint's ID.")


@strawberry.type(description="The result of queuing a delivery again.")
class WebhookRedeliverPayload:
    """Payload of webhookRedeliver."""

    webhook_delivery: WebhookDelivery | None = strawberry.field(
        description="The delivery, queued to be sent now with the same `webhook-id`; its "
        "`attempts` are listed to holders of `webhooks.view_deliveries` only."
    )
    errors: list[UserError] = strawberry.field(description="Why nothing was queued, if so.")


@strawberry.type(description="The result of queuing an endpoint's dead deliveries again.")
class WebhookRedeliverFailedPayload:
    """Payload of webhookRedeliverFailed."""

    queued: int | None = strawberry.field(
        description=f"How many dead deliveries were queued again (at most "
        f"{redelivery.MAX_REDELIVERIES:,} per call, oldest first)."
    )
    remaining: int | None = strawberry.field(
        description="How many dead deliveries since that time are left beyond the cap: call "
        "again to queue them."
    )
    errors: list[UserError] = strawberry.field(description="Why nothing was queued, if so.")


@strawberry.type(description="The result of pinging a webhook endpoint.")
class WebhookEndpointPingPayload:
    """Payload of webhookEndpointPing."""

    event_id: str | None = strawberry.field(
        description="The `webhooks.endpoint.pinged` event's id: find its delivery with "
        "`webhookDeliveries(endpointId:, eventId:)`."
    )
    webhook_endpoint: WebhookEndpoint | None = strawberry.field(description="The pinged endpoint.")
    errors: list[UserError] = strawberry.field(description="Why nothing was sent, if so.")


async def _shown(ctx: Context, tenant_id: uuid.UUID, row: WebhookDeliveryRow) -> WebhookDelivery:
    """Return the delivery, with its attempts if the caller may read the delivery log."""
    delivery = WebhookDelivery.from_row(row)
    if not ctx.principal.has_permission(VIEW_DELIVERIES, tenant_id):
        return delivery
    async with ctx.runtime.db.transaction(tenant_id, readonly=True) as session:
        rows = await session.scalars(
            select(WebhookAttemptRow)
            .where(
                WebhookAttemptRow.tenant_id == tenant_id,
                WebhookAttemptRow.delivery_id == row.id,
            )
            .order_by(WebhookAttemptRow.attempt, WebhookAttemptRow.id)
        )
        delivery.attempts = [WebhookDeliveryAttempt.from_row(attempt) for attempt in rows]
    return delivery


@strawberry.type(description="Manual webhook sends.")
class WebhookSendMutation:
    """Redeliver and ping."""

    @strawberry.mutation(
        description="Send a delivery again (delivered, dead, skipped or pending) with the same "
        "`webhook-id`: it is queued to go now, and its attempt is logged after the others.",
        directives=guarded(MANAGE_ENDPOINTS),
    )
    async def webhook_redeliver(
        self, info: Info, input: Annotated[WebhookRedeliverInput, _INPUT]
    ) -> WebhookRedeliverPayload:
        """Queue one delivery again."""
        context = info.context
        tenant_id = context.require_tenant().id
        try:
            delivery_id = local_id(input.delivery_id, "WebhookDelivery", "deliveryId")
            row = await redelivery.redeliver(context, tenant_id, delivery_id)
        except UserInputError as error:
            return WebhookRedeliverPayload(
                webhook_delivery=None, errors=user_errors(error.problems)
            )
        shown = await _shown(context, tenant_id, row)
        return WebhookRedeliverPayload(webhook_delivery=shown, errors=[])

    @strawberry.mutation(
        description="Send again every dead delivery of an endpoint queued since a time "
        f"(at most {redelivery.MAX_REDELIVERIES:,} per call).",
        directives=guarded(MANAGE_ENDPOINTS),
    )
    async def webhook_redeliver_failed(
        self, info: Info, input: Annotated[WebhookRedeliverFailedInput, _INPUT]
    ) -> WebhookRedeliverFailedPayload:
        """Queue an endpoint's dead deliveries again."""
        context = info.context
        try:
            endpoint_id = local_id(input.endpoint_id, _ENDPOINT, "endpointId")
            done = await redelivery.redeliver_failed(
                context, context.require_tenant().id, endpoint_id, input.since
            )
        except UserInputError as error:
            return WebhookRedeliverFailedPayload(
                queued=None, remaining=None, errors=user_errors(error.problems)
            )
        return WebhookRedeliverFailedPayload(
            queued=done.queued, remaining=done.remaining, errors=[]
        )

    @strawberry.mutation(
        description="Send a test ping (a `webhooks.endpoint.pinged` event) to one endpoint, "
        "whatever its event types; no other endpoint receives it.",
        directives=guarded(MANAGE_ENDPOINTS),
    )
    async def webhook_endpoint_ping(
        self, info: Info, input: Annotated[WebhookEndpointPingInput, _INPUT]
    ) -> WebhookEndpointPingPayload:
        """Ping an endpoint."""
        context = info.context
        tenant_id = context.require_tenant().id
        try:
            endpoint_id = local_id(input.endpoint_id, _ENDPOINT, "endpointId")
            ping = await pings.ping_endpoint(context, tenant_id, endpoint_id)
        except UserInputError as error:
            return WebhookEndpointPingPayload(
                event_id=None, webhook_endpoint=None, errors=user_errors(error.problems)
            )
        return WebhookEndpointPingPayload(
            event_id=str(ping.event.id),
            webhook_endpoint=WebhookEndpoint.from_row(ping.endpoint),
            errors=[],
        )
