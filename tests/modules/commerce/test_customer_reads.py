"""myAddresses, commerceCustomer and node(id:): a customer reads their own book, staff any."""

from __future__ import annotations

from typing import Any

from tests.support.address_book import (
    address_create,
    customer,
    group_create,
    group_mutate,
    my_addresses,
)
from tests.support.commerce import CommerceApp, commerce_app
from tests.support.databases import DatabaseTarget
from tests.support.statements import recorded_statements

STAFF = """
query ($id: ID!) {
  commerceCustomer(customerId: $id) {
    customerId email displayName addresses { id label } groups { code }
  }
}
"""
NODE = "query ($id: ID!) { node(id: $id) { id ... on CustomerAddress { label } } }"


async def _staff_read(app: CommerceApp, customer_id: str, token: str | None) -> dict[str, Any]:
    return await app.gql(STAFF, {"id": customer_id}, token=token)


async def test_each_customer_reads_only_their_own_book(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        ada, bob = await customer(app), await customer(app, "Bob")
        home = await address_create(app, ada.token, label="Home")
        assert [a["id"] for a in await my_addresses(app, ada.token)] == [home["id"]]
        assert await my_addresses(app, bob.token) == []
        assert await my_addresses(app, app.manager) == []
        own = await app.gql(NODE, {"id": home["id"]}, token=ada.token)
        assert own["data"]["node"] == {"id": home["id"], "label": "Home"}
        for token in (bob.token, app.member("commerce.view_orders"), None):
            assert (await app.gql(NODE, {"id": home["id"]}, token=token))["data"]["node"] is None
        staff = await app.gql(NODE, {"id": home["id"]}, token=app.member("commerce.view_customers"))
        assert staff["data"]["node"] == {"id": home["id"], "label": "Home"}


async def test_staff_with_view_customers_read_a_customers_book_and_groups(
    database: DatabaseTarget,
) -> None:
    async with commerce_app(database) as app:
        ada = await customer(app)
        home = await address_create(app, ada.token, label="Home")
        vip = await group_create(app, "vip")
        values = {"id": vip["id"], "customerIds": [ada.global_id]}
        assert (await group_mutate(app, "customerGroupMembersAdd", values))["errors"] == []
        viewer = app.member("commerce.view_customers")
        answer = await _staff_read(app, ada.global_id, viewer)
        assert answer["data"]["commerceCustomer"] == {
            "customerId": ada.global_id,
            "email": answer["data"]["commerceCustomer"]["email"],
            "displayName": "Ada",
            "addresses": [{"id": home["id"], "label": "Home"}],
            "groups": [{"code": "vip"}],
        }
        refused = app.refused("commerce.view_customers", without="commerce.view_orders")
        for label, (token, code) in refused.items():
            denied = await _staff_read(app, ada.global_id, token)
            assert denied["data"] is None, label
            assert [e["extensions"]["code"] for e in denied["errors"]] == [code], label


async def test_a_page_of_members_costs_the_same_whatever_its_size(
    database: DatabaseTarget,
) -> None:
    async with commerce_app(database) as app:
        vip = await group_create(app, "vip")
        document = """
        { customerGroups(first: 3) { edges { node { code members(first: 10) {
            totalCount edges { node { displayName addresses { id } groups { code } } }
        } } } } }
        """
        counts = []
        for size in (1, 4):
            people = [await customer(app, f"P{size}{n}") for n in range(size)]
            for person in people:
                await address_create(app, person.token)
            values = {"id": vip["id"], "customerIds": [p.global_id for p in people]}
            assert (await group_mutate(app, "customerGroupMembersAdd", values))["errors"] == []
            with recorded_statements(app.api.state.runtime.db.engine) as statements:
                answer = await app.gql(document)
            assert "errors" not in answer, answer
            members = answer["data"]["customerGroups"]["edges"][0]["node"]["members"]
            assert members["totalCount"] == len(members["edges"])
            counts.append(len(statements))
        assert counts[0] == counts[1]
