"""orderCancel: staff cancel a placed order, its stock released; every other move refused.

The authorization matrix: anonymous, a member without ``commerce.manage_orders``, a member of
another tenant and a customer are refused, and nothing is written.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from app.ids import decode_global_id, encode_global_id
from modules.commerce.order_models import ReservationRow
from tests.support.commerce import CommerceApp, commerce_app
from tests.support.databases import DatabaseTarget
from tests.support.orders import CANCEL, cancel, cart_with, checkout, levels, stocked_shop


def _codes(payload: dict[str, Any]) -> list[tuple[str, str | None]]:
    return [(error["code"], error["field"]) for error in payload["errors"]]


async def _placed(app: CommerceApp) -> tuple[str, Any]:
    stocked = await stocked_shop(app)
    cart = await cart_with(app, [stocked.line("SHIRT-S", 2), stocked.line("SHIRT-M", 1)])
    placed = await checkout(app, cart)
    assert placed["errors"] == []
    order_id: str = placed["order"]["id"]
    return order_id, stocked


async def _reservation_statuses(app: CommerceApp) -> list[str]:
    runtime = app.api.state.runtime
    async with runtime.db.transaction(app.tenant.id, readonly=True) as session:
        rows = await session.scalars(
            select(ReservationRow.status).where(ReservationRow.tenant_id == app.tenant.id)
        )
        return sorted(rows)


async def test_cancelling_releases_the_stock_with_the_event(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        order, stocked = await _placed(app)
        cancelled = await cancel(app, order, "  customer changed their mind  ")
        assert cancelled["errors"] == []
        assert cancelled["order"]["status"] == "CANCELLED"
        assert cancelled["order"]["cancelReason"] == "customer changed their mind"
        assert await levels(app, stocked) == {"SHIRT-S": (10, 0), "SHIRT-M": (10, 0)}
        assert await _reservation_statuses(app) == ["released", "released"]
        assert await app.payloads("commerce.order.cancelled") == [
            {
                "order_id": decode_global_id(order)[1],
                "number": "1000",
                "customer_id": None,
                "reason": "customer changed their mind",
            }
        ]
        reasons = [p["reason"] for p in await app.payloads("commerce.stock.changed")]
        assert reasons[-2:] == ["release", "release"]


async def test_a_cancelled_order_refuses_a_second_cancel(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        order, stocked = await _placed(app)
        assert (await cancel(app, order))["errors"] == []
        again = await cancel(app, order)
        assert _codes(again) == [("CONFLICT", None)]
        assert again["errors"][0]["message"] == (
            "the order is cancelled; only a placed order can be cancelled"
        )
        assert len(await app.payloads("commerce.order.cancelled")) == 1
        assert await levels(app, stocked) == {"SHIRT-S": (10, 0), "SHIRT-M": (10, 0)}


async def test_bad_input_is_refused_with_nothing_written(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        order, stocked = await _placed(app)
        unknown = encode_global_id("Order", "0190f0f0-0000-7000-8000-000000000000")
        assert _codes(await cancel(app, unknown)) == [("NOT_FOUND", "id")]
        assert _codes(await cancel(app, order, "   ")) == [("VALIDATION", "reason")]
        assert _codes(await cancel(app, order, "x" * 501)) == [("VALIDATION", "reason")]
        assert _codes(await cancel(app, "not-an-id")) == [("VALIDATION", "id")]
        assert await app.payloads("commerce.order.cancelled") == []
        assert await levels(app, stocked) == {"SHIRT-S": (10, 2), "SHIRT-M": (10, 1)}


async def test_the_authorization_matrix(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        order, stocked = await _placed(app)
        refused = app.refused("commerce.manage_orders", without="commerce.view_orders")
        for label, (token, code) in refused.items():
            body = await app.gql(CANCEL, {"input": {"id": order, "reason": "no"}}, token=token)
            assert body["errors"][0]["extensions"]["code"] == code, label
        assert await app.payloads("commerce.order.cancelled") == []
        assert await levels(app, stocked) == {"SHIRT-S": (10, 2), "SHIRT-M": (10, 1)}
        allowed = app.member("commerce.manage_orders")
        assert (await cancel(app, order, token=allowed))["errors"] == []


_MOVEMENTS = """
query ($variantId: ID!) {
  stockMovements(variantId: $variantId) {
    edges { node { reason reservedDelta reference { id ... on Order { number } } } }
  }
}
"""


async def test_the_stock_trail_names_the_order_to_who_may_see_orders(
    database: DatabaseTarget,
) -> None:
    async with commerce_app(database) as app:
        order, stocked = await _placed(app)
        assert (await cancel(app, order))["errors"] == []
        variant = {"variantId": stocked.shirts.variants["SHIRT-S"]}
        seen = app.member("commerce.view_inventory", "commerce.view_orders")
        body = await app.gql(_MOVEMENTS, variant, token=seen)
        trail = [edge["node"] for edge in body["data"]["stockMovements"]["edges"]]
        named = {"id": order, "number": "1000"}
        assert trail == [
            {"reason": "RELEASE", "reservedDelta": -2, "reference": named},
            {"reason": "RESERVATION", "reservedDelta": 2, "reference": named},
            {"reason": "ADJUSTMENT", "reservedDelta": 0, "reference": None},
        ]
        body = await app.gql(_MOVEMENTS, variant, token=app.member("commerce.view_inventory"))
        references = [e["node"]["reference"] for e in body["data"]["stockMovements"]["edges"]]
        assert references == [None, None, None]


_ACTIONS = "query ($id: ID!) { order(id: $id) { status allowedActions } }"
_MY_ACTIONS = "query ($number: String!) { myOrder(number: $number) { allowedActions } }"


async def test_allowed_actions_follow_the_state_and_the_callers_permissions(
    database: DatabaseTarget,
) -> None:
    async with commerce_app(database) as app:
        order, _ = await _placed(app)
        manages = app.member("commerce.view_orders", "commerce.manage_orders")
        views = app.member("commerce.view_orders")
        answer = await app.gql(_ACTIONS, {"id": order}, token=manages)
        assert answer["data"]["order"] == {"status": "PLACED", "allowedActions": ["CANCEL"]}
        answer = await app.gql(_ACTIONS, {"id": order}, token=views)
        assert answer["data"]["order"] == {"status": "PLACED", "allowedActions": []}
        assert (await cancel(app, order))["errors"] == []
        answer = await app.gql(_ACTIONS, {"id": order}, token=manages)
        assert answer["data"]["order"] == {"status": "CANCELLED", "allowedActions": []}


async def test_a_customer_is_refused_the_allowed_actions(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        stocked = await stocked_shop(app)
        owner = app.customer()
        cart = await cart_with(app, [stocked.line("SHIRT-S", 1)], owner)
        placed = await checkout(app, cart, token=owner)
        answer = await app.gql(_MY_ACTIONS, {"number": placed["order"]["number"]}, token=owner)
        assert [error["extensions"]["code"] for error in answer["errors"]] == ["PERMISSION_DENIED"]
