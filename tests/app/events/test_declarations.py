"""Event declarations: strict payloads, upcasting, subscription patterns, namespaces."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

import pytest
from pydantic import ValidationError

from app.events.declarations import EventPayload, EventType, matches
from app.events.envelope import Event
from app.registry import Module, Permission, Registry, RegistryError

SEE = Permission("shop.view_orders", "See orders.")


class PlacedV2(EventPayload):
    """Version 2: the total became an amount plus a currency."""

    order_id: str
    amount: int
    currency: str


def _v1_to_v2(payload: dict[str, Any]) -> dict[str, Any]:
    return {"order_id": payload["order_id"], "amount": payload["total"], "currency": "EUR"}


PLACED = EventType(
    name="shop.order.placed",
    version=2,
    payload=PlacedV2,
    permission=SEE,
    description="An order was placed.",
    upcasters={1: _v1_to_v2},
)


def stored(version: int, payload: dict[str, Any]) -> Event:
    """Return an event as read back from the outbox."""
    return Event(
        id=uuid.uuid4(),
        tenant_id=uuid.uuid4(),
        type=PLACED.name,
        version=version,
        aggregate_type=PLACED.aggregate_type,
        aggregate_id="o-1",
        sequence=1,
        occurred_at=datetime(2026, 11, 26, tzinfo=UTC),
        actor="system",
        payload=payload,
    )


def test_payloads_reject_unknown_fields_and_are_frozen() -> None:
    with pytest.raises(ValidationError):
        PlacedV2(order_id="o", amount=1, currency="EUR", secret="x")  # type: ignore[call-arg]
    payload = PlacedV2(order_id="o", amount=1, currency="EUR")
    with pytest.raises(ValidationError):
        payload.amount = 2  # type: ignore[misc]


def test_old_versions_are_upcast_for_consumers() -> None:
    old = stored(1, {"order_id": "o-1", "total": 1250})
    assert old.payload_as(PLACED, PlacedV2) == PlacedV2(order_id="o-1", amount=1250, currency="EUR")
    current = stored(2, {"order_id": "o-1", "amount": 5, "currency": "USD"})
    assert current.payload_as(PLACED, PlacedV2).currency == "USD"
    without_path = EventType(
        name="shop.order.placed", version=3, payload=PlacedV2, permission=SEE, description="x"
    )
    with pytest.raises(ValueError, match="no upcaster from version 1"):
        old.payload_as(without_path, PlacedV2)


def test_subscription_patterns() -> None:
    assert matches("*", "shop.order.placed")
    assert matches("shop.order.*", "shop.order.placed")
    assert matches("shop.*", "shop.order.placed")
    assert not matches("shop.order.*", "shop.orders.placed")
    assert matches("shop.order.placed", "shop.order.placed")
    assert not matches("shop.order.placed", "shop.order.paid")
    assert PLACED.aggregate_type == "shop.order"
    assert PLACED.namespace == "shop"


def test_event_types_and_subscribers_stay_in_their_namespace() -> None:
    stray = EventType(
        name="blog.post.published", version=1, payload=PlacedV2, permission=SEE, description="x"
    )
    malformed = EventType(
        name="shop.Order", version=1, payload=PlacedV2, permission=SEE, description="x"
    )
    module = Module(
        name="shop",
        version="1",
        description="x",
        permissions=(SEE,),
        events=(PLACED, stray, malformed),
    )
    with pytest.raises(RegistryError) as caught:
        Registry([module])
    assert caught.value.problems == (
        (
            "module 'shop': event type 'blog.post.published' must be named "
            "shop.<entity>.<past_tense_verb>"
        ),
        "module 'shop': event type 'shop.Order' must be named shop.<entity>.<past_tense_verb>",
    )
