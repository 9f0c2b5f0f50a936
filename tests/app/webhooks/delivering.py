"""An app delivering webhooks to a real receiver, an endpoint on it; tests send by hand."""

from __future__ import annotations

import random
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select
from standardwebhooks import Webhook

from app.clock import FrozenClock
from app.ids import decode_global_id
from app.runtime import Runtime
from app.webhooks.deliveries import deliver_due
from app.webhooks.models import WebhookAttemptRow, WebhookDeliveryRow, WebhookEndpointRow
from app.webhooks.sender import WebhookSender
from app.webhooks.ssrf import UrlGuard
from tests.app.identity.people import person
from tests.app.webhooks.endpoints import create_endpoint
from tests.app.webhooks.receiver import Received, Receiver, receiver
from tests.fixtures.widgets.module import create_widget
from tests.support.client import CreatedTenant, RunningApp
from tests.support.databases import DatabaseTarget
from tests.support.events import controlled_app, tenant_context
from tests.support.resolvers import StaticResolver

__all__ = ["Setup", "delivering", "signed_with"]


@dataclass(slots=True)
class Setup:
    """An app with the fan-out wired, a receiver, an endpoint on it and its secret."""

    api: RunningApp
    clock: FrozenClock
    tenant: CreatedTenant
    got: Receiver
    sender: WebhookSender
    endpoint_id: uuid.UUID
    secret: str

    @property
    def runtime(self) -> Runtime:
        """Return the app's runtime."""
        return self.api.state.runtime

    async def widget(self, name: str) -> uuid.UUID:
        """Create a widget (one ``widgets.item.created``) and queue its deliveries."""
        widget_id = await create_widget(await tenant_context(self.runtime, self.tenant), name)
        await self.runtime.dispatcher.drain()
        return widget_id

    async def deliver(self) -> int:
        """Send what is due now."""
        return await deliver_due(self.runtime, self.sender, rng=random.Random(3))  # noqa: S311

    async def deliveries(self) -> list[WebhookDeliveryRow]:
        """Return the endpoint's deliveries, oldest first."""
        async with self.runtime.db.transaction(self.tenant.id, readonly=True) as session:
            rows = await session.scalars(
                select(WebhookDeliveryRow)
                .where(WebhookDeliveryRow.endpoint_id == self.endpoint_id)
                .order_by(WebhookDeliveryRow.sequence, WebhookDeliveryRow.id)
            )
            return list(rows)

    async def attempts(self) -> list[WebhookAttemptRow]:
        """Return the endpoint's logged attempts, oldest first."""
        async with self.runtime.db.transaction(self.tenant.id, readonly=True) as session:
            rows = await session.scalars(
                select(WebhookAttemptRow)
                .where(WebhookAttemptRow.tenant_id == self.tenant.id)
                .order_by(WebhookAttemptRow.id)
            )
            return list(rows)

    async def endpoint(self) -> WebhookEndpointRow:
        """Return the endpoint's row."""
        async with self.runtime.db.transaction(self.tenant.id, readonly=True) as session:
            row = await session.get(WebhookEndpointRow, (self.tenant.id, self.endpoint_id))
        assert row is not None
        return row


def signed_with(secret: str, request: Received) -> bool:
    """Return whether the reference library's signature at the request's own timestamp is there.

    ``Webhook.verify`` also checks the timestamp against the real time, which the tests that
    move the clock hours ahead cannot pass; the signature itself is checked the same way.
    """
    timestamp = datetime.fromtimestamp(int(request.headers["webhook-timestamp"]), UTC)
    expected = Webhook(secret).sign(request.headers["webhook-id"], timestamp, request.body)
    return expected in request.headers["webhook-signature"].split(" ")


@asynccontextmanager
async def delivering(database: DatabaseTarget, path: str) -> AsyncIterator[Setup]:
    """Run the app (private addresses allowed) with an endpoint on the receiver's ``path``."""
    async with controlled_app(database, webhook_allow_private=True) as (api, clock, tenant):
        # The reference library checks signatures' timestamps against the real time.
        clock.advance(datetime.now(UTC) - clock.now())
        runtime = api.state.runtime
        await runtime.dispatcher.drain()  # the tenant's own start-up events
        owner = await person(api, tenant, "owner")
        guard = UrlGuard(StaticResolver(), allow_private=True)
        async with receiver() as got, WebhookSender(guard) as sender:
            created = await create_endpoint(
                api,
                tenant,
                owner.token,
                url=got.url(path),
                headers=[{"name": "X-Token", "value": "sesame"}],
            )
            endpoint_id = uuid.UUID(decode_global_id(created["webhookEndpoint"]["id"])[1])
            yield Setup(api, clock, tenant, got, sender, endpoint_id, created["secret"])
