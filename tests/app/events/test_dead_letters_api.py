"""Dead letters over GraphQL: the connection, visibility by event type, replaying one or all."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from app.runtime import Runtime
from tests.fixtures.widgets.module import create_widget
from tests.support.client import CreatedTenant, RunningApp, create_tenant
from tests.support.databases import DatabaseTarget
from tests.support.events import controlled_app, delivery_states, tenant_context
from tests.support.statements import recorded_statements

DEAD_LETTERS = """
query ($first: Int, $after: String, $subscriber: String) {
  deadLetters(first: $first, after: $after, subscriber: $subscriber) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node {
      subscriber attempts lastError failedAt
      event { id type version aggregateType aggregateId sequence occurredAt actor payload }
    } }
  }
}
"""
REPLAY = """
mutation ($input: DeadLetterReplayInput!) {
  deadLetterReplay(input: $input) { replayed errors { code field message } }
}
"""
REPLAY_ALL = """
mutation ($input: DeadLettersReplayAllInput!) {
  deadLettersReplayAll(input: $input) { replayed errors { code field message } }
}
"""
VIEW = ("core.view_events", "widgets.view_items")
MANAGE = ("core.manage_events", "widgets.view_items")


@dataclass(frozen=True, slots=True)
class Poisoned:
    """An app whose tenant has dead letters of widgets.tally, one per poisoned widget."""

    api: RunningApp
    tenant: CreatedTenant
    widgets: list[uuid.UUID]

    @property
    def runtime(self) -> Runtime:
        """Return the app's runtime."""
        return self.api.state.runtime

    async def gql(self, query: str, variables: dict[str, Any], *permissions: str) -> Any:
        """Run ``query`` in the tenant as a member holding ``permissions``; return its data."""
        token = self.api.auth.member(self.tenant.id, *permissions)
        body = await self.api.gql(query, variables, tenant=self.tenant.slug, token=token)
        assert "errors" not in body, body
        return body["data"]

    async def dead(self) -> int:
        """Return how many of the tally's deliveries are dead in the tenant."""
        states = await delivery_states(self.runtime, "widgets.tally", self.tenant.id)
        return states.get("dead", 0)


@asynccontextmanager
async def poisoned(database: DatabaseTarget, count: int) -> AsyncIterator[Poisoned]:
    """Yield a tenant with ``count`` poisoned widgets whose tally deliveries are dead."""
    async with controlled_app(database, event_max_attempts=1) as (api, clock, tenant):
        runtime = api.state.runtime
        ctx = await tenant_context(runtime, tenant)
        widgets = [await create_widget(ctx, f"poison-{index:02}") for index in range(count)]
        await runtime.dispatcher.drain()
        clock.advance(timedelta(minutes=5))
        yield Poisoned(api, tenant, widgets)


async def test_dead_letters_lists_every_field_oldest_first(database: DatabaseTarget) -> None:
    async with poisoned(database, 3) as setup:
        data = await setup.gql(DEAD_LETTERS, {"first": 2}, *VIEW)

        page = data["deadLetters"]
        assert page["totalCount"] == 3
        assert page["pageInfo"]["hasNextPage"] is True
        assert page["pageInfo"]["hasPreviousPage"] is False
        first = page["edges"][0]["node"]
        failed_at = first.pop("failedAt")
        assert failed_at >= "2026-11-26T09:00:00+00:00"
        event = first.pop("event")
        assert first == {
            "subscriber": "widgets.tally",
            "attempts": 1,
            "lastError": "RuntimeError: poisoned widget 'poison-00'",
        }
        assert uuid.UUID(event.pop("id")).version == 7
        assert event == {
            "type": "widgets.item.created",
            "version": 1,
            "aggregateType": "widgets.item",
            "aggregateId": str(setup.widgets[0]),
            "sequence": 1,
            "occurredAt": "2026-11-26T09:00:00+00:00",
            "actor": "system",
            "payload": {"name": "poison-00"},
        }
        after = page["pageInfo"]["endCursor"]
        rest = (await setup.gql(DEAD_LETTERS, {"first": 2, "after": after}, *VIEW))["deadLetters"]
        assert [edge["node"]["event"]["payload"]["name"] for edge in rest["edges"]] == ["poison-02"]
        assert (rest["pageInfo"]["hasNextPage"], rest["pageInfo"]["hasPreviousPage"]) == (
            False,
            True,
        )


async def test_dead_letters_filters_by_subscriber(database: DatabaseTarget) -> None:
    async with poisoned(database, 2) as setup:
        for subscriber, total in (("widgets.tally", 2), ("widgets.listing", 0)):
            data = await setup.gql(DEAD_LETTERS, {"subscriber": subscriber}, *VIEW)
            assert data["deadLetters"]["totalCount"] == total
            assert len(data["deadLetters"]["edges"]) == total


async def test_dead_letters_of_types_the_principal_cannot_see_are_left_out(
    database: DatabaseTarget,
) -> None:
    async with poisoned(database, 2) as setup:
        data = await setup.gql(DEAD_LETTERS, {}, "core.view_events")

        assert data["deadLetters"] == {
            "totalCount": 0,
            "pageInfo": {
                "hasNextPage": False,
                "hasPreviousPage": False,
                "startCursor": None,
                "endCursor": None,
            },
            "edges": [],
        }


async def test_dead_letters_statement_count_does_not_grow_with_page_size(
    database: DatabaseTarget,
) -> None:
    async with poisoned(database, 12) as setup:
        counts = []
        for first in (10, 50):
            with recorded_statements(setup.runtime.db.engine) as statements:
                data = await setup.gql(DEAD_LETTERS, {"first": first}, *VIEW)
            assert len(data["deadLetters"]["edges"]) == min(first, 12)
            counts.append(len(statements))
        assert counts[0] == counts[1]


async def test_a_foreign_cursor_is_a_bad_request(database: DatabaseTarget) -> None:
    async with poisoned(database, 1) as setup:
        token = setup.api.auth.member(setup.tenant.id, *VIEW)
        for cursor in ("bm9wZQ==", "ZGw6bm90LWEtdXVpZDp4", "not base64 at all"):
            body = await setup.api.gql(
                DEAD_LETTERS, {"after": cursor}, tenant=setup.tenant.slug, token=token
            )
            assert [error["extensions"]["code"] for error in body["errors"]] == ["BAD_REQUEST"]


async def test_dead_letter_replay_authorization_matrix(database: DatabaseTarget) -> None:
    async with poisoned(database, 1) as setup:
        api, tenant = setup.api, setup.tenant
        other = await create_tenant(api)
        letter = (await setup.gql(DEAD_LETTERS, {}, *VIEW))["deadLetters"]["edges"][0]["node"]
        variables = {"input": {"eventId": letter["event"]["id"], "subscriber": "widgets.tally"}}
        refused = {
            "anonymous": (None, "UNAUTHENTICATED"),
            "member without the permission": (
                api.auth.member(tenant.id, *VIEW),
                "PERMISSION_DENIED",
            ),
            "member of another tenant": (api.auth.member(other.id, *MANAGE), "PERMISSION_DENIED"),
        }
        for label, (token, code) in refused.items():
            body = await api.gql(REPLAY, variables, tenant=tenant.slug, token=token)
            assert body["data"] is None, label
            assert [error["extensions"]["code"] for error in body["errors"]] == [code], label
            assert await setup.dead() == 1, label

        data = await setup.gql(REPLAY, variables, *MANAGE)

        assert data == {"deadLetterReplay": {"replayed": 1, "errors": []}}
        assert await delivery_states(setup.runtime, "widgets.tally", tenant.id) == {"pending": 1}


async def test_replaying_what_is_not_a_visible_dead_letter_is_not_found(
    database: DatabaseTarget,
) -> None:
    async with poisoned(database, 1) as setup:
        letter = (await setup.gql(DEAD_LETTERS, {}, *VIEW))["deadLetters"]["edges"][0]["node"]
        event_id = letter["event"]["id"]
        cases = [
            # The principal may not see widget events: as if the letter did not exist.
            ({"eventId": event_id, "subscriber": "widgets.tally"}, ("core.manage_events",)),
            ({"eventId": event_id, "subscriber": "widgets.listing"}, MANAGE),
            ({"eventId": str(uuid.uuid4()), "subscriber": "widgets.tally"}, MANAGE),
        ]
        for given, permissions in cases:
            data = await setup.gql(REPLAY, {"input": given}, *permissions)
            assert data["deadLetterReplay"] == {
                "replayed": 0,
                "errors": [
                    {
                        "code": "NOT_FOUND",
                        "field": None,
                        "message": f"no dead letter of event {given['eventId']} "
                        f"to {given['subscriber']!r}",
                    }
                ],
            }
            assert await setup.dead() == 1

        bad = {"eventId": "019-not-an-id", "subscriber": "widgets.tally"}
        data = await setup.gql(REPLAY, {"input": bad}, *MANAGE)
        assert data["deadLetterReplay"]["errors"] == [
            {
                "code": "VALIDATION",
                "field": "eventId",
                "message": "'019-not-an-id' is not an event id",
            }
        ]


async def test_dead_letters_replay_all_authorization_matrix(database: DatabaseTarget) -> None:
    async with poisoned(database, 3) as setup:
        api, tenant = setup.api, setup.tenant
        other = await create_tenant(api)
        variables: dict[str, Any] = {"input": {"subscriber": "widgets.tally"}}
        refused = {
            "anonymous": (None, "UNAUTHENTICATED"),
            "member without the permission": (
                api.auth.member(tenant.id, *VIEW),
                "PERMISSION_DENIED",
            ),
            "member of another tenant": (api.auth.member(other.id, *MANAGE), "PERMISSION_DENIED"),
        }
        for label, (token, code) in refused.items():
            body = await api.gql(REPLAY_ALL, variables, tenant=tenant.slug, token=token)
            assert body["data"] is None, label
            assert [error["extensions"]["code"] for error in body["errors"]] == [code], label
            assert await setup.dead() == 3, label

        data = await setup.gql(REPLAY_ALL, variables, *MANAGE)

        assert data == {"deadLettersReplayAll": {"replayed": 3, "errors": []}}
        assert await setup.dead() == 0
        again = await setup.gql(REPLAY_ALL, {"input": {}}, *MANAGE)
        assert again == {
            "deadLettersReplayAll": {
                "replayed": 0,
                "errors": [
                    {"code": "NOT_FOUND", "field": None, "message": "no dead letters to replay"}
                ],
            }
        }


async def test_replay_all_keeps_to_the_subscriber_and_the_visible_types(
    database: DatabaseTarget,
) -> None:
    async with poisoned(database, 2) as setup:
        for given, permissions in (
            ({"subscriber": "widgets.listing"}, MANAGE),
            ({}, ("core.manage_events",)),
        ):
            data = await setup.gql(REPLAY_ALL, {"input": given}, *permissions)
            errors = data["deadLettersReplayAll"]["errors"]
            assert [(error["code"], error["field"]) for error in errors] == [
                ("NOT_FOUND", "subscriber" if given else None)
            ]
            assert await setup.dead() == 2

        data = await setup.gql(REPLAY_ALL, {"input": {}}, *MANAGE)

        assert data["deadLettersReplayAll"] == {"replayed": 2, "errors": []}
        await setup.runtime.dispatcher.drain()
        assert await setup.dead() == 2  # still poisoned: they died again, after one more try
