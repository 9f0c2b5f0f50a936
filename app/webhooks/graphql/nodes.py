"""``node(id:)`` source of ``WebhookEndpoint``: to holders of ``webhooks.view_endpoints``."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import select

from app.registry import NodeSource
from app.runtime import Context
from app.webhooks.graphql.types import WebhookEndpoint
from app.webhooks.models import WebhookEndpointRow
from app.webhooks.permissions import VIEW_ENDPOINTS

__all__ = ["WEBHOOK_NODES"]


async def _endpoints(ctx: Context, ids: list[uuid.UUID]) -> Sequence[WebhookEndpoint | None]:
    tenant_id = ctx.require_tenant().id
    if not ctx.principal.has_permission(VIEW_ENDPOINTS, tenant_id):
        return [None] * len(ids)
    async with ctx.runtime.db.transaction(tenant_id, readonly=True) as session:
        rows = await session.scalars(
            select(WebhookEndpointRow).where(
                WebhookEndpointRow.tenant_id == tenant_id, WebhookEndpointRow.id.in_(ids)
            )
        )
        found = {row.id: WebhookEndpoint.from_row(row) for row in rows}
    return [found.get(key) for key in ids]


WEBHOOK_NODES = (NodeSource(type_name="WebhookEndpoint", load=_endpoints),)
