"""``node(id:)`` finds tax classes and rates, shipping zones and rates, for their managers only."""

from __future__ import annotations

from tests.support.commerce import commerce_app
from tests.support.databases import DatabaseTarget
from tests.support.shipping import shipping_rate, standard_class, tax_rate, zone

NODES = """
query ($ids: [ID!]!) {
  nodes(ids: $ids) {
    __typename
    ... on TaxClass { id }
    ... on TaxRate { id ratePercent }
    ... on ShippingZone { id name }
    ... on ShippingRate { id name }
  }
}
"""


async def test_managers_find_them_and_no_one_else_does(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        standard = await standard_class(app)
        rate = await tax_rate(app, standard, "DE", "19")
        germany = await zone(app, "Germany", "DE")
        flat = await shipping_rate(app, germany["id"])
        ids = [standard, rate["id"], germany["id"], flat["id"]]
        body = await app.gql(NODES, {"ids": ids})
        found = body["data"]["nodes"]
        assert [node["__typename"] for node in found] == [
            "TaxClass",
            "TaxRate",
            "ShippingZone",
            "ShippingRate",
        ]
        assert [node["id"] for node in found] == ids
        assert found[1]["ratePercent"] == "19"
        taxes_only = app.member("commerce.manage_taxes")
        body = await app.gql(NODES, {"ids": ids}, token=taxes_only)
        assert [node and node["__typename"] for node in body["data"]["nodes"]] == [
            "TaxClass",
            "TaxRate",
            None,
            None,
        ]
        for token in (None, app.customer(), app.member("commerce.view_orders")):
            body = await app.gql(NODES, {"ids": ids}, token=token)
            assert body["data"]["nodes"] == [None, None, None, None]
