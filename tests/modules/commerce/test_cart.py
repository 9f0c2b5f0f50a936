"""cart(token:) and node(id:): reading a cart costs the same statements for any number of lines."""

from __future__ import annotations

from typing import Any

from tests.support.carts import create
from tests.support.commerce import CommerceApp, commerce_app
from tests.support.databases import DatabaseTarget
from tests.support.statements import recorded_statements

READ = """
query ($token: String!) {
  cart(token: $token) {
    id currency
    lines {
      id quantity unitPrice { amount } total { amount }
      variant {
        sku title selectedOptions { name value } price(currency: "EUR") { amount } isInStock
      }
    }
    totals { subtotal { amount } total { amount } }
  }
}
"""
NODE = "query ($id: ID!) { node(id: $id) { ... on Cart { currency lines { quantity } } } }"


async def _cart_of(app: CommerceApp, size: int, token: str | None = None) -> dict[str, Any]:
    sizes = [f"S{number}" for number in range(size)]
    product = await app.product(
        slug=f"shirt-{size}",
        status="ACTIVE",
        options=[{"name": "Size", "values": sizes}],
        variants=[
            {
                "sku": f"SHIRT-{size}-{value}",
                "optionValues": [{"name": "Size", "value": value}],
                "prices": [{"amount": 1000 + number, "currency": "EUR"}],
            }
            for number, value in enumerate(sizes)
        ],
    )
    lines = [{"variantId": variant["id"], "quantity": 2} for variant in product["variants"]]
    created = await create(app, token, lines=lines)
    assert created["errors"] == []
    return created


async def test_reading_a_cart_costs_the_same_statements_for_any_size(
    database: DatabaseTarget,
) -> None:
    async with commerce_app(database) as app:
        engine = app.api.state.runtime.db.engine
        counts: list[int] = []
        for size in (1, 20):
            token = (await _cart_of(app, size))["token"]
            with recorded_statements(engine) as statements:
                body = await app.gql(READ, {"token": token}, token=None)
            assert "errors" not in body, body
            cart = body["data"]["cart"]
            assert len(cart["lines"]) == size
            expected = sum(2 * (1000 + number) for number in range(size))
            assert cart["totals"] == {
                "subtotal": {"amount": expected},
                "total": {"amount": expected},
            }
            assert cart["lines"][-1]["variant"]["selectedOptions"] == [
                {"name": "Size", "value": f"S{size - 1}"}
            ]
            counts.append(len(statements))
        assert counts[0] == counts[1], counts


async def test_only_the_owning_customer_reaches_a_cart_by_its_id(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        owner = app.customer()
        mine = (await _cart_of(app, 2, owner))["cart"]
        guest = (await _cart_of(app, 3))["cart"]
        found = await app.gql(NODE, {"id": mine["id"]}, token=owner)
        assert found["data"]["node"] == {"currency": "EUR", "lines": [{"quantity": 2}] * 2}
        for token in (None, app.customer(), app.manager):
            refused = await app.gql(NODE, {"id": mine["id"]}, token=token)
            assert refused["data"]["node"] is None
        # A guest cart opens by its token only.
        assert (await app.gql(NODE, {"id": guest["id"]}, token=owner))["data"]["node"] is None
