"""Staff's ``commerceCustomers``: search, group filter, sorts, paging, refusals, access, cost."""

from __future__ import annotations

from typing import Any

from tests.support.address_book import address_create, customer, group_create, group_mutate
from tests.support.client import create_tenant
from tests.support.commerce import CommerceApp, commerce_app
from tests.support.databases import DatabaseTarget
from tests.support.order_list import NamedCustomer, named_customer
from tests.support.payments import pay, payment_shop, placed
from tests.support.statements import recorded_statements

LIST = """
query ($search: String, $filter: CommerceCustomerFilter, $sort: CommerceCustomerSort,
       $first: Int, $after: String) {
  commerceCustomers(search: $search, filter: $filter, sort: $sort, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage endCursor }
    edges { node { email } }
  }
}
"""
FIGURES = """
{ commerceCustomers(sort: EMAIL) { edges { node {
    email orderCount totalSpent { amount currency }
    orders(first: 5) { totalCount edges { node { number paymentStatus } } }
} } } }
"""
EMAILS = ("ada@example.com", "adam@shop.test", "a_b@example.com", "bob@example.com")


async def _emails(app: CommerceApp, token: str | None = "", **variables: Any) -> list[str]:
    body = await app.gql(LIST, variables, token=token)
    assert "errors" not in body, body
    return [edge["node"]["email"] for edge in body["data"]["commerceCustomers"]["edges"]]


async def _people(app: CommerceApp) -> list[NamedCustomer]:
    return [await named_customer(app, email.split("@")[0], email) for email in EMAILS]


async def test_search_filter_and_sorts_pick_the_customers(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        people = await _people(app)
        vip = await group_create(app, "vip")
        values = {"id": vip["id"], "customerIds": [people[1].global_id, people[3].global_id]}
        assert (await group_mutate(app, "customerGroupMembersAdd", values))["errors"] == []
        newest = list(reversed(EMAILS))
        by_email = sorted(EMAILS)
        for variables, expected in (
            ({}, newest),
            ({"sort": "EMAIL"}, by_email),
            ({"search": " ADA", "sort": "EMAIL"}, ["ada@example.com", "adam@shop.test"]),
            ({"search": "ada@"}, ["ada@example.com"]),
            ({"search": "a_"}, ["a_b@example.com"]),
            ({"search": "%"}, []),
            ({"search": "example.com"}, []),
            ({"search": ""}, newest),
            ({"filter": {"groupId": vip["id"]}}, ["bob@example.com", "adam@shop.test"]),
            ({"filter": {"groupId": vip["id"]}, "search": "b"}, ["bob@example.com"]),
        ):
            assert await _emails(app, **variables) == expected, variables


async def test_pages_follow_each_sort(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        await _people(app)
        for sort, expected in (("NEWEST", list(reversed(EMAILS))), ("EMAIL", sorted(EMAILS))):
            seen: list[str] = []
            after = None
            for _ in range(2):
                body = await app.gql(LIST, {"sort": sort, "first": 3, "after": after})
                page = body["data"]["commerceCustomers"]
                assert page["totalCount"] == 4
                seen += [edge["node"]["email"] for edge in page["edges"]]
                assert page["pageInfo"]["hasPreviousPage"] is (after is not None)
                after = page["pageInfo"]["endCursor"]
            assert page["pageInfo"]["hasNextPage"] is False
            assert seen == expected, sort


async def test_bad_arguments_are_refused(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        people = await _people(app)
        first = await app.gql(LIST, {"sort": "EMAIL", "first": 1})
        email_cursor = first["data"]["commerceCustomers"]["pageInfo"]["endCursor"]
        for variables, expected in (
            ({"search": "x" * 255}, ("VALIDATION", "search")),
            ({"filter": {"groupId": people[0].global_id}}, ("VALIDATION", "filter.groupId")),
            ({"after": "bm90IGEgY3Vyc29y"}, ("BAD_REQUEST", None)),
            ({"after": email_cursor}, ("BAD_REQUEST", None)),
            ({"first": 1000}, ("BAD_REQUEST", None)),
        ):
            body = await app.gql(LIST, variables)
            assert body["data"] is None, variables
            found = [
                (e["extensions"]["code"], e["extensions"].get("field")) for e in body["errors"]
            ]
            assert found == [expected], variables


async def test_only_staff_who_view_customers_list_those_of_their_shop(
    database: DatabaseTarget,
) -> None:
    async with commerce_app(database) as app:
        await named_customer(app, "Ada", "ada@example.com")
        other = await create_tenant(app.api)
        elsewhere = CommerceApp(api=app.api, clock=app.clock, tenant=other, manager="")
        await named_customer(elsewhere, "Eve", "eve@example.com")
        viewer = app.member("commerce.view_customers")
        assert await _emails(app, viewer) == ["ada@example.com"]
        refused = app.refused("commerce.view_customers", without="commerce.view_orders")
        for label, (token, code) in refused.items():
            denied = await app.gql(LIST, {}, token=token)
            assert denied["data"] is None, label
            assert [e["extensions"]["code"] for e in denied["errors"]] == [code], label


async def test_order_figures_count_every_order_and_sum_the_paid_ones(
    database: DatabaseTarget,
) -> None:
    async with payment_shop(database) as app:
        ada = await named_customer(app, "Ada", "ada@example.com")
        await named_customer(app, "Bob", "bob@example.com")
        paid = await placed(app, "k1", token=ada.token)
        card = {"paymentProvider": "test", "paymentMethod": "card", "idempotencyKey": "pay-1"}
        answer = await pay(app, {"orderId": paid.order, **card}, token=ada.token)
        assert answer["errors"] == [], answer
        await placed(app, "k2", token=ada.token, stocked=paid.stocked)
        await app.deliver()
        body = await app.gql(FIGURES)
        assert "errors" not in body, body
        nodes = [edge["node"] for edge in body["data"]["commerceCustomers"]["edges"]]
        assert nodes == [
            {
                "email": "ada@example.com",
                "orderCount": 2,
                "totalSpent": [{"amount": 6200, "currency": "EUR"}],
                "orders": {
                    "totalCount": 2,
                    "edges": [
                        {"node": {"number": "1001", "paymentStatus": "UNPAID"}},
                        {"node": {"number": "1000", "paymentStatus": "PAID"}},
                    ],
                },
            },
            {
                "email": "bob@example.com",
                "orderCount": 0,
                "totalSpent": [],
                "orders": {"totalCount": 0, "edges": []},
            },
        ]
        blind = await app.gql(FIGURES, token=app.member("commerce.view_customers"))
        assert blind["data"] is None
        assert [e["extensions"]["code"] for e in blind["errors"]] == ["PERMISSION_DENIED"]


async def test_a_page_of_customers_costs_the_same_whatever_its_size(
    database: DatabaseTarget,
) -> None:
    async with payment_shop(database) as app:
        vip = await group_create(app, "vip")
        document = """
        { commerceCustomers(first: 10) { totalCount edges { node {
            email orderCount totalSpent { amount } addresses { id } groups { code }
            orders(first: 3) { totalCount edges { node { number lines { sku } } } }
        } } } }
        """
        counts, stocked = [], None
        for size in (1, 4):
            people = [await customer(app, f"P{size}{n}") for n in range(size)]
            for number, person in enumerate(people):
                await address_create(app, person.token)
                order = await placed(app, f"k{size}-{number}", person.token, stocked)
                stocked = order.stocked
            values = {"id": vip["id"], "customerIds": [p.global_id for p in people]}
            assert (await group_mutate(app, "customerGroupMembersAdd", values))["errors"] == []
            await app.deliver()
            with recorded_statements(app.api.state.runtime.db.engine) as statements:
                answer = await app.gql(document)
            assert "errors" not in answer, answer
            listed = answer["data"]["commerceCustomers"]
            assert listed["totalCount"] == len(listed["edges"]) == (5 if size == 4 else 1)
            assert all(edge["node"]["orderCount"] == 1 for edge in listed["edges"])
            counts.append(len(statements))
        assert counts[0] == counts[1]
