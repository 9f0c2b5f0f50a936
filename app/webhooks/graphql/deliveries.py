"""The delivery log over GraphQL: an endpoint's deliveries, newest first, with every attempt."""

from __future__ import annotations

import uuid
from collections import defaultdict
from datetime import datetime
from typing import Annotated

import strawberry
from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.errors import ValidationFailed
from app.graphql.context import Info
from app.graphql.directives import guarded
from app.graphql.global_ids import local_id
from app.graphql.relay import After, Before, First, Last, PageRequest, paginate
from app.graphql.types import Connection
from app.ids import encode_global_id
from app.webhooks.models import WebhookAttemptRow, WebhookDeliveryRow
from app.webhooks.permissions import VIEW_DELIVERIES

__all__ = ["WebhookDelivery", "WebhookDeliveryAttempt", "WebhookDeliveryQuery", "WebhookHeader"]


@strawberry.type(description="A header as it was sent (custom header values are redacted).")
class WebhookHeader:
    """One request header."""

    name: str = strawberry.field(description="The header's name.")
    value: str = strawberry.field(description="Its value, or `[redacted]` for custom headers.")


@strawberry.type(description="One attempt to deliver: what was sent and what came back.")
class WebhookDeliveryAttempt:
    """An attempt of the delivery log."""

    attempt: int = strawberry.field(description="Its number, from 1.")
    attempted_at: datetime = strawberry.field(description="When it was made.")
    status: int | None = strawberry.field(description="The HTTP status; null without answer.")
    latency_ms: int = strawberry.field(description="How long it took, in milliseconds.")
    request_headers: list[WebhookHeader] = strawberry.field(description="The headers sent.")
    response_body: str = strawberry.field(description="The answer's first 4 KiB.")
    error: str | None = strawberry.field(
        description="Why there was no answer (timeout, connection refused, URL refused)."
    )

    @classmethod
    def from_row(cls, row: WebhookAttemptRow) -> WebhookDeliveryAttempt:
        """Build from a table row."""
        headers = [WebhookHeader(name=k, value=v) for k, v in sorted(row.request_headers.items())]
        return cls(
            attempt=row.attempt,
            attempted_at=row.attempted_at,
            status=row.status,
            latency_ms=row.latency_ms,
            request_headers=headers,
            response_body=row.response_body,
            error=row.error,
        )


@strawberry.type(description="One event sent to one endpoint, and every attempt at it.")
class WebhookDelivery:
    """A delivery of the log."""

    id: strawberry.ID = strawberry.field(description="The delivery's ID.")
    webhook_id: str = strawberry.field(
        description="The `webhook-id` header: the same on every attempt; receivers deduplicate "
        "by it."
    )
    event_id: str = strawberry.field(description="The delivered event's id.")
    state: str = strawberry.field(
        description="`pending`, `delivered`, `dead` (attempts spent or 410) or `skipped` (the "
        "endpoint was off or gone when it was due)."
    )
    attempt_count: int = strawberry.field(description="How many attempts were made.")
    next_attempt_at: datetime | None = strawberry.field(
        description="When the next attempt is due, while pending."
    )
    last_status: int | None = strawberry.field(description="The last attempt's HTTP status.")
    created_at: datetime = strawberry.field(description="When the event was queued for it.")
    delivered_at: datetime | None = strawberry.field(description="When a 2xx came back.")
    attempts: list[WebhookDeliveryAttempt] = strawberry.field(
        description="Every attempt, oldest first."
    )

    @classmethod
    def from_row(cls, row: WebhookDeliveryRow) -> WebhookDelivery:
        """Build from a table row (its attempts are filled in by the page)."""
        pending = row.state == "pending"
        return cls(
            id=strawberry.ID(encode_global_id("WebhookDelivery", row.id)),
            webhook_id=row.msg_id,
            event_id=str(row.event_id),
            state=row.state,
            attempt_count=row.attempts,
            next_attempt_at=row.next_attempt_at if pending else None,
            last_status=row.last_status,
            created_at=row.created_at,
            delivered_at=row.delivered_at,
            attempts=[],
        )


def _deliveries_of(
    tenant_id: uuid.UUID, endpoint_id: uuid.UUID, event_id: uuid.UUID | None
) -> Select[tuple[WebhookDeliveryRow]]:
    statement: Select[tuple[WebhookDeliveryRow]] = select(WebhookDeliveryRow)
    statement = statement.where(
        WebhookDeliveryRow.tenant_id == tenant_id, WebhookDeliveryRow.endpoint_id == endpoint_id
    )
    if event_id is not None:
        statement = statement.where(WebhookDeliveryRow.event_id == event_id)
    return statement


async def _fill_attempts(
    session: AsyncSession, tenant_id: uuid.UUID, page: Connection[WebhookDelivery]
) -> None:
    by_id = {local_id(edge.node.id, "WebhookDelivery", "id"): edge.node for edge in page.edges}
    if not by_id:
        return
    rows = await session.scalars(
        select(WebhookAttemptRow)
        .where(
            WebhookAttemptRow.tenant_id == tenant_id,
            WebhookAttemptRow.delivery_id.in_(list(by_id)),
        )
        .order_by(WebhookAttemptRow.attempt, WebhookAttemptRow.id)
    )
    found: defaultdict[uuid.UUID, list[WebhookDeliveryAttempt]] = defaultdict(list)
    for row in rows:
        found[row.delivery_id].append(WebhookDeliveryAttempt.from_row(row))
    for delivery_id, node in by_id.items():
        node.attempts = found[delivery_id]


@strawberry.type(description="Webhook delivery reads.")
class WebhookDeliveryQuery:
    """The delivery log."""

    @strawberry.field(
        description="An endpoint's deliveries, newest first, each with every attempt.",
        directives=guarded(VIEW_DELIVERIES),
    )
    async def webhook_deliveries(
        self,
        info: Info,
        endpoint_id: Annotated[
            strawberry.ID, strawberry.argument(description="The endpoint's ID.")
        ],
        event_id: Annotated[
            str | None, strawberry.argument(description="Only this event's delivery.")
        ] = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[WebhookDelivery]:
        """Page through deliveries."""
        runtime = info.context.runtime
        tenant_id = info.context.require_tenant().id
        endpoint = local_id(endpoint_id, "WebhookEndpoint", "endpointId")
        event = _event_id(event_id)
        page = PageRequest.from_arguments(
            first=first,
            after=after,
            last=last,
            before=before,
            max_size=runtime.settings.max_page_size,
        )
        async with runtime.db.transaction(tenant_id, readonly=True) as session:
            found = await paginate(
                session,
                _deliveries_of(tenant_id, endpoint, event),
                WebhookDeliveryRow.id,
                page,
                WebhookDelivery.from_row,
                lambda row: row.id,
                newest_first=True,
            )
            await _fill_attempts(session, tenant_id, found)
        return found


def _event_id(value: str | None) -> uuid.UUID | None:
    if value is None:
        return None
    try:
        return uuid.UUID(value)
    except ValueError:
        raise ValidationFailed(f"{value[:60]!r} is not an event id", field="eventId") from None
