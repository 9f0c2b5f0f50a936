"""webhookEndpointSecretRotate: a new secret shown once, the old one kept for the overlap."""

from __future__ import annotations

import uuid
from datetime import timedelta

from sqlalchemy import select

from app.ids import decode_global_id
from app.webhooks.endpoints import secret_box
from app.webhooks.models import WebhookEndpointRow
from tests.app.identity.people import events_of, payload_errors, person, refusals
from tests.app.webhooks.endpoints import ROTATE, assert_refused, create_endpoint
from tests.support.client import RunningApp, create_tenant
from tests.support.databases import DatabaseTarget
from tests.support.events import controlled_app, tenant_context


async def _stored(api: RunningApp, tenant_id: uuid.UUID) -> WebhookEndpointRow:
    async with api.state.runtime.db.transaction(tenant_id, readonly=True) as session:
        statement = select(WebhookEndpointRow).where(WebhookEndpointRow.tenant_id == tenant_id)
        row = await session.scalar(statement)
    assert row is not None
    return row


async def test_webhook_endpoint_secret_rotate_authorization_matrix(
    database: DatabaseTarget,
) -> None:
    async with controlled_app(database) as (api, clock, tenant):
        other = await create_tenant(api)
        owner = await person(api, tenant, "owner")
        created = await create_endpoint(api, tenant, owner.token)
        variables = {"input": {"id": created["webhookEndpoint"]["id"], "overlapHours": 48}}
        await assert_refused(
            api, tenant, ROTATE, variables, await refusals(api, tenant, other, "viewer")
        )
        admin = await person(api, tenant, "admin")

        body = await api.gql(ROTATE, variables, tenant=tenant.slug, token=admin.token)

        payload = body["data"]["webhookEndpointSecretRotate"]
        ends = (clock.now() + timedelta(hours=48)).isoformat()
        assert payload["errors"] == []
        assert payload["overlapEndsAt"] == ends
        assert payload["webhookEndpoint"]["secretOverlapEndsAt"] == ends
        assert payload["secret"].startswith("whsec_")
        assert payload["secret"] != created["secret"]
        row = await _stored(api, tenant.id)
        box = secret_box(await tenant_context(api.state.runtime, tenant))
        assert box.open(row.secret, tenant.id, row.id) == payload["secret"]
        assert row.previous_secret is not None
        assert box.open(row.previous_secret, tenant.id, row.id) == created["secret"]
        [event] = await events_of(api, tenant.id, "webhooks.endpoint.secret_rotated")
        assert event.payload == {
            "endpoint_id": decode_global_id(created["webhookEndpoint"]["id"])[1],
            "overlap_ends_at": ends.replace("+00:00", "Z"),
        }


async def test_a_rotation_without_overlap_drops_the_old_secret(api: RunningApp) -> None:
    tenant = await create_tenant(api)
    owner = await person(api, tenant, "owner")
    created = await create_endpoint(api, tenant, owner.token)
    variables = {"input": {"id": created["webhookEndpoint"]["id"], "overlapHours": 0}}

    body = await api.gql(ROTATE, variables, tenant=tenant.slug, token=owner.token)

    assert (
        body["data"]["webhookEndpointSecretRotate"]["webhookEndpoint"]["secretOverlapEndsAt"]
        is None
    )
    row = await _stored(api, tenant.id)
    assert (row.previous_secret, row.previous_secret_expires_at) == (None, None)


async def test_an_overlap_out_of_range_is_refused(api: RunningApp) -> None:
    tenant = await create_tenant(api)
    owner = await person(api, tenant, "owner")
    created = await create_endpoint(api, tenant, owner.token)
    for hours in (-1, 169):
        variables = {"input": {"id": created["webhookEndpoint"]["id"], "overlapHours": hours}}
        body = await api.gql(ROTATE, variables, tenant=tenant.slug, token=owner.token)
        assert payload_errors(body["data"]["webhookEndpointSecretRotate"]) == [
            ("VALIDATION", "overlapHours")
        ]
    assert await events_of(api, tenant.id, "webhooks.endpoint.secret_rotated") == []
