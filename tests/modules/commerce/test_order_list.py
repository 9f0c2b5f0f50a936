"""Staff's ``orders`` list: filters, search, sorts, paging, refusals, access and cost."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from modules.commerce.permissions import PERMISSIONS
from tests.support.carts import CREATE as CART_CREATE
from tests.support.client import create_tenant
from tests.support.commerce import CommerceApp, commerce_app
from tests.support.databases import DatabaseTarget
from tests.support.order_list import NamedCustomer, named_customer
from tests.support.orders import StockedShop, cancel, checkout, stocked_shop
from tests.support.statements import recorded_statements

LIST = """
query ($filter: OrderFilter, $search: String, $sort: OrderSort, $first: Int, $after: String,
       $last: Int, $before: String) {
  orders(filter: $filter, search: $search, sort: $sort, first: $first, after: $after,
         last: $last, before: $before) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { number } }
  }
}
"""
DEEP = """
query ($first: Int) {
  orders(first: $first) {
    totalCount
    edges { node { number status totals { total { amount } } allowedActions
      lines { sku quantity variant { sku } } } }
  }
}
"""
_SETTINGS = """
mutation ($input: ModuleSettingsUpdateInput!) {
  moduleSettingsUpdate(input: $input) { errors { code } }
}
"""


async def _place(
    app: CommerceApp, stocked: StockedShop, key: str, token: str | None, **values: Any
) -> dict[str, Any]:
    created = await app.gql(CART_CREATE, {"input": values}, token=token)
    cart = created["data"]["cartCreate"]["token"]
    placed = await checkout(app, cart, key, token=token)
    assert placed["errors"] == [], placed
    order: dict[str, Any] = placed["order"]
    return order


async def _three_orders(app: CommerceApp) -> NamedCustomer:
    """Place 1000 (a guest's, cancelled), 1001 (Ada's) and 1002 (in USD), an hour apart."""
    stocked = await stocked_shop(app)
    ada = await named_customer(app, "Ada Lovelace", "ada@example.com")
    first = await _place(
        app, stocked, "k0", None, email="guest@example.com", lines=[stocked.line("SHIRT-S", 1)]
    )
    app.clock.advance(timedelta(hours=1))
    lines = [stocked.line("SHIRT-S", 2), stocked.line("SHIRT-M", 1)]
    await _place(app, stocked, "k1", ada.token, lines=lines)
    app.clock.advance(timedelta(hours=1))
    await _place(app, stocked, "k2", None, currency="USD", lines=[stocked.line("SHIRT-S", 1)])
    assert (await cancel(app, first["id"]))["errors"] == []
    await app.deliver()
    return ada


async def _numbers(app: CommerceApp, token: str = "", **variables: Any) -> list[str]:
    body = await app.gql(LIST, variables, token=token)
    assert "errors" not in body, body
    return [edge["node"]["number"] for edge in body["data"]["orders"]["edges"]]


async def test_filters_pick_the_orders(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        ada = await _three_orders(app)
        for given, expected in (
            ({}, ["1002", "1001", "1000"]),
            ({"status": ["CANCELLED"]}, ["1000"]),
            ({"status": ["PLACED", "COMPLETED"]}, ["1002", "1001"]),
            ({"paymentStatus": ["PAID", "REFUNDED"]}, []),
            (
                {"paymentStatus": ["UNPAID"], "fulfilmentStatus": ["UNFULFILLED"]},
                ["1002", "1001", "1000"],
            ),
            ({"customerId": ada.global_id}, ["1001"]),
            ({"placedFrom": "2026-11-27T10:00:00Z", "placedTo": "2026-11-27T11:00:00Z"}, ["1001"]),
            ({"placedFrom": "2026-11-27T11:00:00+01:00"}, ["1002", "1001"]),
            ({"currency": "USD"}, ["1002"]),
            ({"currency": "EUR", "totalMin": 3000}, ["1001"]),
            ({"currency": "EUR", "totalMin": 2000, "totalMax": 2000}, ["1000"]),
        ):
            assert await _numbers(app, filter=given) == expected, given


async def test_search_reaches_e_mail_and_names_only_for_who_sees_customers(
    database: DatabaseTarget,
) -> None:
    async with commerce_app(database) as app:
        await _three_orders(app)
        for words, expected in (
            ("lovelace", ["1001"]),
            ("GUEST@", ["1000"]),
            (" 1002 ", ["1002"]),
            ("100", ["1002", "1001", "1000"]),
            ("%", []),
            ("nobody", []),
        ):
            assert await _numbers(app, search=words) == expected, words
        orders_only = app.member("commerce.view_orders")
        assert await _numbers(app, orders_only, search="lovelace") == []
        assert await _numbers(app, orders_only, search="1001") == ["1001"]


async def test_sorts_and_pages(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        await _three_orders(app)
        euros = {"currency": "EUR"}
        cases: tuple[tuple[dict[str, Any], list[str]], ...] = (
            ({"sort": {"field": "NUMBER"}}, ["1000", "1001", "1002"]),
            ({"sort": {"field": "NUMBER", "direction": "DESC"}}, ["1002", "1001", "1000"]),
            ({"sort": {"field": "PLACED_AT", "direction": "ASC"}}, ["1000", "1001", "1002"]),
            ({"sort": {"field": "TOTAL"}, "filter": euros}, ["1000", "1001"]),
            ({"sort": {"field": "TOTAL", "direction": "DESC"}, "filter": euros}, ["1001", "1000"]),
        )
        for variables, expected in cases:
            assert await _numbers(app, **variables) == expected, variables
        for sort in ({"field": "PLACED_AT"}, {"field": "NUMBER"}):
            body = await app.gql(LIST, {"first": 2, "sort": sort})
            page = body["data"]["orders"]
            assert page["totalCount"] == 3
            assert page["pageInfo"]["hasNextPage"] is True
            rest = await app.gql(
                LIST, {"first": 2, "sort": sort, "after": page["pageInfo"]["endCursor"]}
            )
            after = rest["data"]["orders"]
            both = [edge["node"]["number"] for edge in page["edges"] + after["edges"]]
            assert sorted(both) == ["1000", "1001", "1002"], sort
            assert (after["pageInfo"]["hasNextPage"], after["pageInfo"]["hasPreviousPage"]) == (
                False,
                True,
            )
        last = await app.gql(LIST, {"last": 2})
        assert [e["node"]["number"] for e in last["data"]["orders"]["edges"]] == ["1001", "1000"]
        assert last["data"]["orders"]["pageInfo"]["hasPreviousPage"] is True
        before = last["data"]["orders"]["pageInfo"]["startCursor"]
        assert await _numbers(app, last=2, before=before) == ["1002"]


async def test_bad_filters_are_refused(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        product = (await app.product())["id"]
        for variables, expected in (
            (
                {
                    "filter": {
                        "placedFrom": "2026-11-28T00:00:00Z",
                        "placedTo": "2026-11-27T00:00:00Z",
                    }
                },
                ("VALIDATION", "filter.placedFrom"),
            ),
            ({"filter": {"placedTo": "2026-11-27T09:00:00"}}, ("VALIDATION", "filter.placedTo")),
            ({"filter": {"totalMin": 100}}, ("VALIDATION", "filter.currency")),
            (
                {"filter": {"currency": "EUR", "totalMin": 500, "totalMax": 100}},
                ("VALIDATION", "filter.totalMin"),
            ),
            ({"filter": {"currency": "EUR", "totalMax": -1}}, ("VALIDATION", "filter.totalMax")),
            ({"filter": {"currency": "euro"}}, ("VALIDATION", "filter.currency")),
            ({"filter": {"customerId": product}}, ("VALIDATION", "filter.customerId")),
            ({"sort": {"field": "TOTAL"}}, ("VALIDATION", "sort")),
            ({"search": "x" * 201}, ("VALIDATION", "search")),
            ({"after": "bm90IGEgY3Vyc29y"}, ("BAD_REQUEST", None)),
            ({"first": 1, "last": 1}, ("BAD_REQUEST", None)),
        ):
            body = await app.gql(LIST, variables)
            assert body["data"] is None, variables
            found = [
                (e["extensions"]["code"], e["extensions"].get("field")) for e in body["errors"]
            ]
            assert found == [expected], variables


async def _other_tenant_order(app: CommerceApp) -> None:
    """Place an order in a second tenant of the same app."""
    other = await create_tenant(app.api)
    owner = app.api.auth.member(other.id, "core.manage_modules")
    currencies = {"default_currency": "EUR", "currencies": ["EUR", "USD"]}
    answer = await app.api.gql(
        _SETTINGS,
        {"input": {"module": "commerce", "settings": currencies}},
        tenant=other.slug,
        token=owner,
    )
    assert answer["data"]["moduleSettingsUpdate"]["errors"] == []
    manager = app.api.auth.member(other.id, *(permission.name for permission in PERMISSIONS))
    elsewhere = CommerceApp(api=app.api, clock=app.clock, tenant=other, manager=manager)
    stocked = await stocked_shop(elsewhere)
    await _place(elsewhere, stocked, "k0", None, lines=[stocked.line("SHIRT-S", 1)])
    await elsewhere.deliver()


async def test_only_staff_with_the_permission_list_orders_of_their_tenant(
    database: DatabaseTarget,
) -> None:
    async with commerce_app(database) as app:
        stocked = await stocked_shop(app)
        await _place(app, stocked, "k0", None, lines=[stocked.line("SHIRT-S", 1)])
        await _other_tenant_order(app)
        await app.deliver()
        staff = app.member("commerce.view_orders")
        body = await app.gql(LIST, {}, token=staff)
        assert body["data"]["orders"]["totalCount"] == 1
        assert await _numbers(app, staff) == ["1000"]
        refused = app.refused("commerce.view_orders", without="commerce.manage_products")
        for label, (token, code) in refused.items():
            body = await app.gql(LIST, {}, token=token)
            assert body["data"] is None, label
            assert [e["extensions"]["code"] for e in body["errors"]] == [code], label


async def test_a_page_costs_the_same_statements_whatever_its_size(
    database: DatabaseTarget,
) -> None:
    async with commerce_app(database) as app:
        stocked = await stocked_shop(app, small=60, medium=60)
        lines = [stocked.line("SHIRT-S", 1), stocked.line("SHIRT-M", 1)]
        for number in range(50):
            await _place(app, stocked, f"k{number}", None, lines=lines)
        await app.deliver()
        engine = app.api.state.runtime.db.engine
        counts: list[int] = []
        for size in (5, 50):
            with recorded_statements(engine) as statements:
                body = await app.gql(DEEP, {"first": size})
            assert "errors" not in body, body
            edges = body["data"]["orders"]["edges"]
            assert len(edges) == size
            assert edges[-1]["node"]["lines"][1]["variant"] == {"sku": "SHIRT-M"}
            assert edges[0]["node"]["allowedActions"] == ["CANCEL"]
            counts.append(len(statements))
        assert counts[0] == counts[1], counts
