"""What a delivery's body holds: the envelope, its payload at the type's current version."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from app.events.declarations import EventPayload
from tests.app.webhooks.delivering import delivering, signed_with
from tests.fixtures.widgets.events import WIDGET_CREATED
from tests.support.databases import DatabaseTarget


class WidgetCreatedV2(EventPayload):
    """Version 2 of widgets.item.created: the name and its length."""

    name: str
    name_length: int


def _measured(payload: dict[str, Any]) -> dict[str, Any]:
    return {**payload, "name_length": len(payload["name"])}


async def test_an_event_stored_at_an_older_version_is_sent_at_the_current_one(
    database: DatabaseTarget,
) -> None:
    async with delivering(database, "/ok") as setup:
        await setup.widget("lamp")  # stored at version 1
        # The module moves on to version 2 before the delivery goes out.
        types = setup.runtime.events.types
        types[WIDGET_CREATED.name] = dataclasses.replace(
            WIDGET_CREATED, version=2, payload=WidgetCreatedV2, upcasters={1: _measured}
        )

        await setup.deliver()

        [request] = setup.got.requests
        envelope = json.loads(request.body)
    assert signed_with(setup.secret, request)
    assert (envelope["version"], envelope["payload"]) == (2, {"name": "lamp", "name_length": 4})


async def test_a_payload_that_cannot_be_upcast_is_a_failed_attempt_not_a_send(
    database: DatabaseTarget,
) -> None:
    async with delivering(database, "/ok") as setup:
        await setup.widget("lamp")
        types = setup.runtime.events.types
        types[WIDGET_CREATED.name] = dataclasses.replace(
            WIDGET_CREATED, version=2, payload=WidgetCreatedV2, upcasters={}
        )

        await setup.deliver()

        [delivery] = await setup.deliveries()
        [attempt] = await setup.attempts()
    assert setup.got.requests == []
    assert (delivery.state, delivery.last_status) == ("pending", None)
    assert attempt.error is not None
    assert attempt.error.startswith("payload upcast failed: widgets.item.created: no upcaster")


def _broken_for_lamps(payload: dict[str, Any]) -> dict[str, Any]:
    if payload["name"] == "lamp":
        return {**payload, "name_length": payload["length"]}  # a bug: KeyError
    return _measured(payload)


async def test_an_upcaster_that_crashes_fails_its_delivery_and_the_others_still_go(
    database: DatabaseTarget,
) -> None:
    async with delivering(database, "/ok") as setup:
        await setup.widget("lamp")
        await setup.widget("desk")
        types = setup.runtime.events.types
        types[WIDGET_CREATED.name] = dataclasses.replace(
            WIDGET_CREATED, version=2, payload=WidgetCreatedV2, upcasters={1: _broken_for_lamps}
        )

        await setup.deliver()

        [request] = setup.got.requests
        [attempt_of_lamp, attempt_of_desk] = sorted(
            await setup.attempts(), key=lambda attempt: attempt.status or 0
        )
    assert json.loads(request.body)["payload"] == {"name": "desk", "name_length": 4}
    assert (attempt_of_lamp.status, attempt_of_desk.status) == (None, 200)
    assert attempt_of_lamp.error == "payload upcast failed: KeyError: 'length'"
