"""Payload queries: a GraphQL query an endpoint stores, its result sent with every delivery.

It runs with the endpoint's payload permissions only (each held by whoever set them), is
checked when stored, and a failure at send time is reported in the body, never a lost event.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest
from sqlalchemy import select, update

from app.ids import decode_global_id
from app.tenants.directory import ActiveTenant
from app.webhooks.models import WebhookAttemptRow, WebhookDeliveryRow, WebhookEndpointRow
from tests.app.identity.people import person
from tests.app.webhooks.delivering import Setup, delivering, signed_with
from tests.app.webhooks.endpoints import CREATE, UPDATE
from tests.support.databases import DatabaseTarget

WIDGETS = "query { widgets { name } }"
VIEW = "widgets.view_items"


async def _create(setup: Setup, token: str, **fields: Any) -> dict[str, Any]:
    values = {
        "url": setup.got.url("/ok"),
        "eventTypes": ["widgets.item.*"],
        **fields,
    }
    body = await setup.api.gql(CREATE, {"input": values}, tenant=setup.tenant.slug, token=token)
    payload: dict[str, Any] = body["data"]["webhookEndpointCreate"]
    return payload


def _problems(payload: dict[str, Any]) -> list[tuple[str, str]]:
    return [(error["code"], error["field"]) for error in payload["errors"]]


async def _sent_body(setup: Setup) -> dict[str, Any]:
    await setup.widget("lamp")
    await setup.deliver()
    request = next(r for r in setup.got.requests if r.path == "/ok")
    assert signed_with(setup.secret, request)
    body: dict[str, Any] = json.loads(request.body)
    return body


async def test_the_query_result_goes_with_the_envelope(database: DatabaseTarget) -> None:
    async with delivering(database, "/unused") as setup:
        owner = await person(setup.api, setup.tenant, "owner")
        created = await _create(setup, owner.token, payloadQuery=WIDGETS, payloadPermissions=[VIEW])
        setup.secret = created["secret"]

        body = await _sent_body(setup)

    assert created["errors"] == []
    assert body["type"] == "widgets.item.created"
    assert body["payload"] == {"name": "lamp"}
    assert {"name": "lamp"} in body["data"]["widgets"]
    assert "errors" not in body


async def test_the_payload_variables_are_given(database: DatabaseTarget) -> None:
    query = "query ($eventType: String!) { widgetSearch(query: $eventType) { name } }"
    async with delivering(database, "/unused") as setup:
        owner = await person(setup.api, setup.tenant, "owner")
        created = await _create(setup, owner.token, payloadQuery=query, payloadPermissions=[VIEW])
        assert created["errors"] == []
        setup.secret = created["secret"]

        body = await _sent_body(setup)

    assert body["data"] == {"widgetSearch": []}  # searched for "widgets.item.created"
    assert "errors" not in body


async def test_bad_queries_and_permissions_are_refused_when_stored(
    database: DatabaseTarget,
) -> None:
    cases: list[tuple[dict[str, Any], str]] = [
        ({"payloadQuery": "query {", "payloadPermissions": [VIEW]}, "payloadQuery"),
        ({"payloadQuery": "{ noSuchField }", "payloadPermissions": [VIEW]}, "payloadQuery"),
        (
            {"payloadQuery": 'mutation { widgetCreate(name: "x") { errors { code } } }'},
            "payloadQuery",
        ),
        (
            {
                "payloadQuery": "query ($foo: String) { widgets { name } }",
                "payloadPermissions": [VIEW],
            },
            "payloadQuery",
        ),
        ({"payloadQuery": WIDGETS}, "payloadQuery"),  # needs widgets.view_items: not given
        ({"payloadQuery": WIDGETS, "payloadPermissions": ["no.such"]}, "payloadPermissions.0"),
    ]
    async with delivering(database, "/unused") as setup:
        owner = await person(setup.api, setup.tenant, "owner")
        answers = [await _create(setup, owner.token, **fields) for fields, _ in cases]

    for (fields, field), answer in zip(cases, answers, strict=True):
        assert answer["webhookEndpoint"] is None, fields
        assert ("VALIDATION", field) in _problems(answer), (fields, answer["errors"])
    needs = answers[4]["errors"][0]["message"]
    assert VIEW in needs
    assert "payloadPermissions" in needs


async def test_a_permission_the_creator_lacks_cannot_be_given(database: DatabaseTarget) -> None:
    async with delivering(database, "/unused") as setup:
        # Manages webhooks and sees widget events, but may not grant what it does not hold.
        token = setup.api.auth.member(
            setup.tenant.id, "webhooks.manage_endpoints", "webhooks.view_endpoints", VIEW
        )
        answer = await _create(
            setup, token, payloadQuery=WIDGETS, payloadPermissions=[VIEW, "core.manage_roles"]
        )

    assert ("VALIDATION", "payloadPermissions.1") in _problems(answer)


async def test_an_update_sets_and_removes_the_query(database: DatabaseTarget) -> None:
    async with delivering(database, "/unused") as setup:
        owner = await person(setup.api, setup.tenant, "owner")
        created = await _create(setup, owner.token)
        endpoint_id = created["webhookEndpoint"]["id"]

        async def change(**fields: Any) -> dict[str, Any]:
            body = await setup.api.gql(
                UPDATE,
                {"input": {"id": endpoint_id, **fields}},
                tenant=setup.tenant.slug,
                token=owner.token,
            )
            result: dict[str, Any] = body["data"]["webhookEndpointUpdate"]
            return result

        refused = await change(payloadQuery=WIDGETS)  # no permission to run it with
        stored = await change(payloadQuery=WIDGETS, payloadPermissions=[VIEW])
        narrowed = await change(payloadPermissions=[])  # the stored query would need it
        removed = await change(payloadQuery="")
        async with setup.runtime.db.transaction(setup.tenant.id, readonly=True) as session:
            row = await session.get(WebhookEndpointRow, (setup.tenant.id, _local(endpoint_id)))

    assert ("VALIDATION", "payloadQuery") in _problems(refused)
    assert stored["errors"] == []
    assert ("VALIDATION", "payloadQuery") in _problems(narrowed)
    assert removed["errors"] == []
    assert row is not None
    assert (row.payload_query, row.payload_permissions) == (None, [VIEW])


async def test_a_query_refused_at_send_time_is_reported_and_the_event_still_goes(
    database: DatabaseTarget,
) -> None:
    async with delivering(database, "/unused") as setup:
        owner = await person(setup.api, setup.tenant, "owner")
        created = await _create(setup, owner.token, payloadQuery=WIDGETS, payloadPermissions=[VIEW])
        setup.secret = created["secret"]
        async with setup.runtime.db.transaction(setup.tenant.id) as session:
            await session.execute(
                update(WebhookEndpointRow)
                .where(WebhookEndpointRow.id == _local(created["webhookEndpoint"]["id"]))
                .values(payload_permissions=[])
            )

        body = await _sent_body(setup)

    assert body["data"] is None
    assert body["errors"][0]["extensions"]["code"] == "PERMISSION_DENIED"
    assert body["payload"] == {"name": "lamp"}


def _local(global_id: str) -> uuid.UUID:
    return uuid.UUID(decode_global_id(global_id)[1])


async def test_a_payload_query_that_cannot_run_is_a_failed_attempt_of_that_delivery_alone(
    database: DatabaseTarget, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with delivering(database, "/ok") as setup:
        owner = await person(setup.api, setup.tenant, "owner")
        shaped = await _create(setup, owner.token, payloadQuery=WIDGETS, payloadPermissions=[VIEW])
        shaped_id = _local(shaped["webhookEndpoint"]["id"])

        async def unreachable(_slug: str) -> ActiveTenant | None:
            raise ConnectionRefusedError("the database is down")

        await setup.widget("lamp")
        monkeypatch.setattr(setup.runtime.tenants, "find_active", unreachable)
        await setup.deliver()
        async with setup.runtime.db.transaction(setup.tenant.id, readonly=True) as session:
            rows = {
                row.endpoint_id: row
                for row in await session.scalars(
                    select(WebhookDeliveryRow).where(
                        WebhookDeliveryRow.tenant_id == setup.tenant.id
                    )
                )
            }
            [attempt] = await session.scalars(
                select(WebhookAttemptRow).where(WebhookAttemptRow.endpoint_id == shaped_id)
            )

    assert rows[setup.endpoint_id].state == "delivered"  # the plain endpoint's went out
    assert (rows[shaped_id].state, rows[shaped_id].last_status) == ("pending", None)
    assert attempt.error == "payload query failed: ConnectionRefusedError"
