"""Webhook endpoint reads: the tenant's endpoints as a connection, and one by ID."""

from __future__ import annotations

from typing import Annotated

import strawberry

from app.graphql.context import Info
from app.graphql.directives import guarded
from app.graphql.global_ids import local_id
from app.graphql.relay import After, Before, First, Last, PageRequest, paginate
from app.graphql.types import Connection
from app.webhooks import endpoints
from app.webhooks.graphql.types import WebhookEndpoint
from app.webhooks.models import WebhookEndpointRow
from app.webhooks.permissions import VIEW_ENDPOINTS

__all__ = ["WebhookQuery"]


@strawberry.type(description="Webhook reads.")
class WebhookQuery:
    """The tenant's webhook endpoints."""

    @strawberry.field(
        description="The tenant's webhook endpoints, oldest first.",
        directives=guarded(VIEW_ENDPOINTS),
    )
    async def webhook_endpoints(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[WebhookEndpoint]:
        """Page through endpoints."""
        runtime = info.context.runtime
        tenant_id = info.context.require_tenant().id
        page = PageRequest.from_arguments(
            first=first,
            after=after,
            last=last,
            before=before,
            max_size=runtime.settings.max_page_size,
        )
        async with runtime.db.transaction(tenant_id, readonly=True) as session:
            return await paginate(
                session,
                endpoints.endpoints_of(tenant_id),
                WebhookEndpointRow.id,
                page,
                WebhookEndpoint.from_row,
                lambda row: row.id,
            )

    @strawberry.field(
        description="One webhook endpoint of the tenant; null if there is none with this ID.",
        directives=guarded(VIEW_ENDPOINTS),
    )
    async def webhook_endpoint(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="The endpoint's ID.")],
    ) -> WebhookEndpoint | None:
        """Find an endpoint."""
        runtime = info.context.runtime
        tenant_id = info.context.require_tenant().id
        endpoint_id = local_id(id, "WebhookEndpoint", "id")
        async with runtime.db.transaction(tenant_id, readonly=True) as session:
            row = await session.get(WebhookEndpointRow, (tenant_id, endpoint_id))
        return WebhookEndpoint.from_row(row) if row is not None else None
