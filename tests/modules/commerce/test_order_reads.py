"""Order reads: a customer reads their own orders only, a guest by the order's token, staff all.

The matrix: ``myOrder`` answers only the order's customer (another customer, staff and
anonymous callers get null, anonymous before that UNAUTHENTICATED); ``orderByToken`` opens a
guest's order only; ``order(id:)`` and ``node(id:)`` need ``commerce.view_orders`` (``node``
also gives the order's own customer their order).
"""

from __future__ import annotations

from typing import Any

from modules.commerce.checkout import order_token_for
from tests.support.carts import CREATE as CART_CREATE
from tests.support.commerce import CommerceApp, commerce_app
from tests.support.databases import DatabaseTarget
from tests.support.orders import (
    MY_ORDER,
    ORDER,
    ORDER_BY_TOKEN,
    cart_with,
    checkout,
    stocked_shop,
)
from tests.support.statements import recorded_statements

_NODE = "query ($id: ID!) { node(id: $id) { ... on Order { number } } }"


async def _customer_order(app: CommerceApp) -> tuple[str, dict[str, Any]]:
    stocked = await stocked_shop(app)
    owner = app.customer()
    cart = await cart_with(app, [stocked.line("SHIRT-S", 1)], owner)
    placed = await checkout(app, cart, token=owner)
    assert placed["errors"] == []
    order: dict[str, Any] = placed["order"]
    return owner, order


async def _data(app: CommerceApp, query: str, values: dict[str, Any], token: str | None) -> Any:
    body = await app.gql(query, values, token=token)
    assert "errors" not in body, body
    return next(iter(body["data"].values()))


async def test_a_customer_reads_only_their_own_order(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        owner, order = await _customer_order(app)
        number = {"number": order["number"]}
        assert await _data(app, MY_ORDER, number, owner) == order
        assert await _data(app, MY_ORDER, {"number": "9999"}, owner) is None
        for label, token in {
            "another customer": app.customer(),
            "staff with every permission": app.member("commerce.view_orders"),
        }.items():
            assert await _data(app, MY_ORDER, number, token) is None, label
        anonymous = await app.gql(MY_ORDER, number, token=None)
        assert anonymous["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_node_gives_an_order_to_its_customer_and_to_staff(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        owner, order = await _customer_order(app)
        by_id = {"id": order["id"]}
        assert await _data(app, _NODE, by_id, owner) == {"number": order["number"]}
        staff = app.member("commerce.view_orders")
        assert await _data(app, _NODE, by_id, staff) == {"number": order["number"]}
        for label, token in {
            "another customer": app.customer(),
            "anonymous": None,
            "member without the permission": app.member("commerce.view_products"),
        }.items():
            assert await _data(app, _NODE, by_id, token) is None, label


async def test_staff_read_any_order_with_the_permission(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        _, order = await _customer_order(app)
        staff = app.member("commerce.view_orders")
        assert await _data(app, ORDER, {"id": order["id"]}, staff) == order
        refused = app.refused("commerce.view_orders", without="commerce.view_products")
        for label, (token, code) in refused.items():
            body = await app.gql(ORDER, {"id": order["id"]}, token=token)
            assert body["errors"][0]["extensions"]["code"] == code, label


async def test_a_guests_order_opens_by_its_token_only(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        stocked = await stocked_shop(app)
        guest_cart = await cart_with(app, [stocked.line("SHIRT-S", 1)])
        guest = await checkout(app, guest_cart, "guest-key")
        for label, token in {"anonymous": None, "a customer": app.customer()}.items():
            found = await _data(app, ORDER_BY_TOKEN, {"token": guest["orderToken"]}, token)
            assert found == guest["order"], label
        for token in ("", "unknown", "x" * 300):
            assert await _data(app, ORDER_BY_TOKEN, {"token": token}, None) is None
        owner = app.customer()
        cart = await cart_with(app, [stocked.line("SHIRT-S", 1)], owner)
        assert (await checkout(app, cart, "customer-key", token=owner))["errors"] == []
        # A customer's order has an access token too, but it never opens the order.
        derived = order_token_for(cart, "customer-key")
        assert await _data(app, ORDER_BY_TOKEN, {"token": derived}, None) is None
        assert await _data(app, ORDER_BY_TOKEN, {"token": derived}, owner) is None


_MY_ORDERS = """
query ($first: Int, $after: String) {
  myOrders(first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { node { number lines { sku variant { sku } } } }
  }
}
"""


async def test_my_orders_lists_the_customers_own_newest_first(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        stocked = await stocked_shop(app)
        owner, other = app.customer(), app.customer()
        for number, who in enumerate((owner, other, owner, owner)):
            cart = await cart_with(app, [stocked.line("SHIRT-S", 1)], who)
            assert (await checkout(app, cart, f"k{number}", token=who))["errors"] == []
        first = await _data(app, _MY_ORDERS, {"first": 2}, owner)
        assert first["totalCount"] == 3
        assert [edge["node"]["number"] for edge in first["edges"]] == ["1003", "1002"]
        assert first["pageInfo"]["hasNextPage"] is True
        after = {"first": 2, "after": first["pageInfo"]["endCursor"]}
        rest = await _data(app, _MY_ORDERS, after, owner)
        assert [edge["node"]["number"] for edge in rest["edges"]] == ["1000"]
        theirs = await _data(app, _MY_ORDERS, {}, other)
        assert [edge["node"]["number"] for edge in theirs["edges"]] == ["1001"]
        staff = await _data(app, _MY_ORDERS, {}, app.member("commerce.view_orders"))
        assert (staff["totalCount"], staff["edges"]) == (0, [])
        anonymous = await app.gql(_MY_ORDERS, {}, token=None)
        assert anonymous["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_my_orders_costs_the_same_statements_for_any_page(
    database: DatabaseTarget,
) -> None:
    async with commerce_app(database) as app:
        stocked = await stocked_shop(app)
        owner = app.customer()
        engine = app.api.state.runtime.db.engine
        lines = [stocked.line("SHIRT-S", 1), stocked.line("SHIRT-M", 1)]
        counts: list[int] = []
        placed = 0
        for size in (1, 5):
            for _ in range(size - placed):
                cart = await cart_with(app, lines, owner)
                assert (await checkout(app, cart, f"k{placed}", token=owner))["errors"] == []
                placed += 1
            with recorded_statements(engine) as statements:
                page = await _data(app, _MY_ORDERS, {"first": size}, owner)
            assert len(page["edges"]) == size
            assert page["edges"][-1]["node"]["lines"][1]["variant"] == {"sku": "SHIRT-M"}
            counts.append(len(statements))
        assert counts[0] == counts[1], counts


_EMAIL = "query ($id: ID!) { node(id: $id) { ... on Order { email } } }"
_EMAIL_BY_NUMBER = "query ($number: String!) { myOrder(number: $number) { email } }"
_EMAIL_BY_TOKEN = "query ($token: String!) { orderByToken(token: $token) { email } }"


async def test_the_email_shows_to_the_customer_and_to_who_sees_customers(
    database: DatabaseTarget,
) -> None:
    async with commerce_app(database) as app:
        stocked = await stocked_shop(app)
        owner = app.customer()
        created = await app.gql(
            CART_CREATE,
            {"input": {"email": "buyer@example.com", "lines": [stocked.line("SHIRT-S", 1)]}},
            token=owner,
        )
        cart = created["data"]["cartCreate"]["token"]
        placed = await checkout(app, cart, token=owner)
        by_id = {"id": placed["order"]["id"]}
        number = {"number": placed["order"]["number"]}
        assert await _data(app, _EMAIL_BY_NUMBER, number, owner) == {"email": "buyer@example.com"}
        assert await _data(app, _EMAIL, by_id, owner) == {"email": "buyer@example.com"}
        sees = app.member("commerce.view_orders", "commerce.view_customers")
        assert await _data(app, _EMAIL, by_id, sees) == {"email": "buyer@example.com"}
        orders_only = app.member("commerce.view_orders")
        assert await _data(app, _EMAIL, by_id, orders_only) == {"email": None}
        guest_cart = await app.gql(
            CART_CREATE,
            {"input": {"email": "guest@example.com", "lines": [stocked.line("SHIRT-S", 1)]}},
            token=None,
        )
        guest = await checkout(app, guest_cart["data"]["cartCreate"]["token"], "guest")
        token = {"token": guest["orderToken"]}
        assert await _data(app, _EMAIL_BY_TOKEN, token, None) == {"email": None}
        assert await _data(app, _EMAIL, {"id": guest["order"]["id"]}, sees) == {
            "email": "guest@example.com"
        }
