"""discounts: staff page through them, searched and filtered, at a fixed statement count."""

from __future__ import annotations

from tests.support.commerce import CommerceApp, commerce_app
from tests.support.databases import DatabaseTarget
from tests.support.discounts import discount
from tests.support.statements import recorded_statements

LIST = """
query ($first: Int, $after: String, $search: String, $status: DiscountStatus) {
  discounts(first: $first, after: $after, search: $search, status: $status) {
    totalCount
    edges { node { code name targets status } }
    pageInfo { hasNextPage endCursor }
  }
}
"""


async def _statements(app: CommerceApp) -> int:
    engine = app.api.state.runtime.db.engine
    with recorded_statements(engine) as statements:
        body = await app.gql(LIST, {"first": 50})
    assert "errors" not in body, body
    return len(statements)


async def test_discounts_page_and_filter(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        await discount(app, code="SUMMER", name="Summer sale")
        await discount(app, code="WINTER", name="Winter sale", status="DISABLED")
        await discount(app, code=None, name="Always", isAutomatic=True)
        first = (await app.gql(LIST, {"first": 2}))["data"]["discounts"]
        assert first["totalCount"] == 3
        assert [e["node"]["code"] for e in first["edges"]] == ["SUMMER", "WINTER"]
        rest = await app.gql(LIST, {"first": 2, "after": first["pageInfo"]["endCursor"]})
        assert [e["node"]["name"] for e in rest["data"]["discounts"]["edges"]] == ["Always"]
        searched = (await app.gql(LIST, {"search": "sum"}))["data"]["discounts"]
        assert [e["node"]["code"] for e in searched["edges"]] == ["SUMMER"]
        disabled = (await app.gql(LIST, {"status": "DISABLED"}))["data"]["discounts"]
        assert [e["node"]["code"] for e in disabled["edges"]] == ["WINTER"]


async def test_listing_costs_the_same_statements_for_any_number(
    database: DatabaseTarget,
) -> None:
    async with commerce_app(database) as app:
        product = (await app.product())["id"]
        counts = []
        for number in range(3):
            await discount(app, code=f"CODE{number}", target="PRODUCTS", targetIds=[product])
            counts.append(await _statements(app))
        assert len(set(counts)) == 1, counts


async def test_only_managers_of_discounts_read_them(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        await discount(app)
        refused = app.refused("commerce.manage_discounts", without="commerce.view_orders")
        for label, (token, code) in refused.items():
            answer = await app.gql(LIST, {"first": 5}, token=token)
            assert answer["data"] is None, label
            assert [e["extensions"]["code"] for e in answer["errors"]] == [code], label
        allowed = app.member("commerce.manage_discounts")
        answer = await app.gql(LIST, {"first": 5}, token=allowed)
        assert answer["data"]["discounts"]["totalCount"] == 1
