"""webhookDeliveries: who may read the delivery log, what it shows, what it costs."""

from __future__ import annotations

from app.ids import encode_global_id
from tests.app.identity.people import person
from tests.app.webhooks.delivering import delivering
from tests.app.webhooks.endpoints import assert_refused, member_without
from tests.support.client import create_tenant
from tests.support.databases import DatabaseTarget
from tests.support.statements import recorded_statements

DELIVERIES = """
query ($endpointId: ID!, $eventId: String, $first: Int) {
  webhookDeliveries(endpointId: $endpointId, eventId: $eventId, first: $first) {
    totalCount
    edges { node {
      webhookId eventId state attemptCount nextAttemptAt lastStatus deliveredAt
      attempts { attempt status latencyMs responseBody error requestHeaders { name value } }
    } }
  }
}
"""


async def test_webhook_deliveries_authorization_matrix_and_log(database: DatabaseTarget) -> None:
    async with delivering(database, "/flaky") as setup:
        api, tenant = setup.api, setup.tenant
        variables = {"endpointId": encode_global_id("WebhookEndpoint", setup.endpoint_id)}
        other = await create_tenant(api)
        cases = {
            "anonymous": (None, "UNAUTHENTICATED"),
            "member without the permission": (
                (await member_without(api, tenant, "webhooks.view_endpoints")).token,
                "PERMISSION_DENIED",
            ),
            "member of another tenant": (
                (await person(api, other, "owner")).token,
                "PERMISSION_DENIED",
            ),
        }
        viewer = await person(api, tenant, "viewer")
        # People sign in first: their tokens' issue time must not be ahead of the real time.
        setup.got.failures_left = 1
        await setup.widget("lamp")
        await setup.deliver()
        [delivery] = await setup.deliveries()
        setup.clock.advance(delivery.next_attempt_at - setup.clock.now())
        await setup.deliver()
        await assert_refused(api, tenant, DELIVERIES, variables, cases)

        body = await api.gql(DELIVERIES, variables, tenant=tenant.slug, token=viewer.token)

        [edge] = body["data"]["webhookDeliveries"]["edges"]
        node = edge["node"]
        assert {k: node[k] for k in ("webhookId", "state", "attemptCount", "lastStatus")} == {
            "webhookId": delivery.msg_id,
            "state": "delivered",
            "attemptCount": 2,
            "lastStatus": 200,
        }
        assert node["nextAttemptAt"] is None
        assert [(a["attempt"], a["status"], a["responseBody"]) for a in node["attempts"]] == [
            (1, 503, "down"),
            (2, 200, "back"),
        ]
        headers = {h["name"]: h["value"] for h in node["attempts"][0]["requestHeaders"]}
        assert headers["X-Token"] == "[redacted]"
        assert headers["webhook-id"] == delivery.msg_id


async def test_another_tenants_endpoint_shows_nothing(database: DatabaseTarget) -> None:
    async with delivering(database, "/ok") as setup:
        await setup.widget("lamp")
        await setup.deliver()
        other = await create_tenant(setup.api)
        owner = await person(setup.api, other, "owner")
        variables = {"endpointId": encode_global_id("WebhookEndpoint", setup.endpoint_id)}

        body = await setup.api.gql(DELIVERIES, variables, tenant=other.slug, token=owner.token)

    assert body["data"]["webhookDeliveries"] == {"totalCount": 0, "edges": []}


async def test_the_log_costs_the_same_statements_for_any_page_size(
    database: DatabaseTarget,
) -> None:
    async with delivering(database, "/ok") as setup:
        for name in ("a", "b", "c", "d"):
            await setup.widget(name)
        await setup.deliver()
        owner = await person(setup.api, setup.tenant, "owner")
        variables = {"endpointId": encode_global_id("WebhookEndpoint", setup.endpoint_id)}
        await setup.api.gql(DELIVERIES, variables, tenant=setup.tenant.slug, token=owner.token)
        counts, sizes = [], []
        for size in (1, 4):
            with recorded_statements(setup.runtime.db.engine) as statements:
                body = await setup.api.gql(
                    DELIVERIES,
                    {**variables, "first": size},
                    tenant=setup.tenant.slug,
                    token=owner.token,
                )
            counts.append(len(statements))
            sizes.append(len(body["data"]["webhookDeliveries"]["edges"]))

    assert sizes == [1, 4]
    assert counts[0] == counts[1]
