"""products: a listed product's variants, prices and stock answer from the read model's row.

No statement of their own and none on the source tables, whatever the page size; the same
values as ``product(id:)`` reads from the source; the loader again for another currency, a
quantity above 1, or a customer (whose price may differ once price lists land).
"""

from __future__ import annotations

from typing import Any

from tests.support.commerce import CommerceApp, commerce_app
from tests.support.databases import DatabaseTarget
from tests.support.statements import recorded_statements

PAGE = """
query ($first: Int, $currency: String) {
  products(first: $first, currency: $currency) { edges { node { slug variants {
    sku price(currency: $currency) { amount } isInStock selectedOptions { name value }
  } } } }
}
"""
FIELDS = """
id slug name isInStock options { name values }
priceRange(currency: "USD") { min { amount currency } max { amount } compareAtMin { amount } }
variants {
  id sku title isInStock selectedOptions { name value }
  price(currency: "USD") { amount currency }
  compareAtPrice(currency: "USD") { amount currency }
}
"""
LIST_USD = '{ products(currency: "USD", sort: {field: NAME}) { edges { node { %s } } } }'
LISTED = LIST_USD % FIELDS
ONE = f"query ($id: ID!) {{ product(id: $id) {{ {FIELDS} }} }}"
# Fields a listed variant may not answer from its row: another currency, a quantity above 1,
# the default currency (EUR) on a USD list, and a compare-at price in another currency.
ELSEWHERE = """
variants {
  sku eur: price(currency: "EUR") { amount } two: price(currency: "USD", quantity: 2) { amount }
  base: price { amount } was: compareAtPrice(currency: "EUR") { amount }
}
"""
ONE_ELSEWHERE = f"query ($id: ID!) {{ product(id: $id) {{ {ELSEWHERE} }} }}"
LISTED_ELSEWHERE = LIST_USD % ELSEWHERE
CREATE_WAREHOUSE = """
mutation ($input: WarehouseCreateInput!) {
  warehouseCreate(input: $input) { warehouse { id } errors { code } }
}
"""
DEACTIVATE = """
mutation ($id: ID!) { warehouseUpdate(input: {id: $id, isActive: false}) { errors { code } } }
"""
# The source tables a listed variant's fields would otherwise read.
SOURCE_TABLES = (
    "commerce_variants",
    "commerce_variant_prices",
    "commerce_variant_option_values",
    "commerce_stock_levels",
    "commerce_product_options",
)


def _variant(sku: str, size: str, colour: str, prices: list[dict[str, Any]], **more: Any) -> Any:
    picks = [{"name": "Size", "value": size}, {"name": "Colour", "value": colour}]
    return {"sku": sku, "optionValues": picks, "prices": prices, **more}


async def _catalog(app: CommerceApp) -> list[str]:
    """Create a coat (stock only in a warehouse then deactivated) and a shirt; return their IDs."""
    options = [{"name": "Size", "values": ["M", "L"]}, {"name": "Colour", "values": ["Red"]}]
    usd, eur = {"amount": 9000, "currency": "USD"}, {"amount": 8000, "currency": "EUR"}
    coat = await app.product(
        name="Coat",
        status="ACTIVE",
        options=options,
        variants=[
            _variant("COAT-M", "M", "Red", [eur, usd], compareAtPrices=[{**usd, "amount": 9900}]),
            _variant("COAT-L", "L", "Red", [eur]),  # no price in USD
        ],
    )
    shirt = await app.product(
        name="Shirt",
        status="ACTIVE",
        options=options,
        variants=[
            _variant("SHIRT-M", "M", "Red", [eur, {**usd, "amount": 2500}]),
            _variant("SHIRT-L", "L", "Red", [eur, {**usd, "amount": 2700}], trackInventory=False),
        ],
    )
    created = await app.gql(CREATE_WAREHOUSE, {"input": {"code": "old", "name": "Old"}})
    old = created["data"]["warehouseCreate"]["warehouse"]["id"]
    main = await app.warehouse()
    coat_m, shirt_m = coat["variants"][0]["id"], shirt["variants"][0]["id"]
    assert (await app.adjust(coat_m, old, onHand=5))["errors"] == []
    assert (await app.adjust(shirt_m, main, onHand=3))["errors"] == []
    assert (await app.gql(DEACTIVATE, {"id": old}))["data"]["warehouseUpdate"] == {"errors": []}
    await app.deliver()
    return [coat["id"], shirt["id"]]


def _source_reads(statements: list[str]) -> list[str]:
    return [s for s in statements if any(f" {table}" in s for table in SOURCE_TABLES)]


async def test_a_listed_product_answers_as_its_source_read_does(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        ids = await _catalog(app)
        engine = app.api.state.runtime.db.engine
        with recorded_statements(engine) as statements:
            body = await app.gql(LISTED, token=None)
        assert "errors" not in body, body
        listed = [edge["node"] for edge in body["data"]["products"]["edges"]]
        assert _source_reads(statements) == []
        read = [(await app.gql(ONE, {"id": id}, token=None))["data"]["product"] for id in ids]
        assert listed == read
        coat, shirt = listed
        assert [v["isInStock"] for v in coat["variants"]] == [False, False]
        assert coat["isInStock"] is False
        assert [v["price"] for v in coat["variants"]] == [{"amount": 9000, "currency": "USD"}, None]
        assert coat["variants"][0]["compareAtPrice"] == {"amount": 9900, "currency": "USD"}
        assert coat["variants"][1]["selectedOptions"] == [
            {"name": "Size", "value": "L"},
            {"name": "Colour", "value": "Red"},
        ]
        assert [v["isInStock"] for v in shirt["variants"]] == [True, True]


async def test_other_currencies_quantities_and_customers_go_through_the_loaders(
    database: DatabaseTarget,
) -> None:
    async with commerce_app(database) as app:
        ids = await _catalog(app)
        engine = app.api.state.runtime.db.engine
        read = [
            (await app.gql(ONE_ELSEWHERE, {"id": id}, token=None))["data"]["product"] for id in ids
        ]
        assert read[0]["variants"][0] == {
            "sku": "COAT-M",
            "eur": {"amount": 8000},
            "two": {"amount": 9000},
            "base": {"amount": 8000},
            "was": None,
        }
        for token in (None, app.customer()):
            body = await app.gql(LISTED_ELSEWHERE, token=token)
            assert "errors" not in body, body
            assert [edge["node"] for edge in body["data"]["products"]["edges"]] == read
        variables = {"first": 5, "currency": "USD"}
        with recorded_statements(engine) as statements:
            body = await app.gql(PAGE, variables, token=app.customer())
        assert "errors" not in body, body
        assert [s for s in _source_reads(statements) if "commerce_variant_prices" in s] != []


async def test_a_listed_page_costs_the_same_statements_whatever_its_size(
    database: DatabaseTarget,
) -> None:
    # Variants count 10 each in the static cost: a page of 50 is above the default limit.
    async with commerce_app(database, max_query_cost=100_000) as app:
        for number in range(50):
            sizes = ["S", "M", "L"][: 2 + number % 2]
            await app.product(
                name=f"Shirt {number:02}",
                status="ACTIVE",
                options=[{"name": "Size", "values": sizes}],
                variants=[
                    {
                        "sku": f"SHIRT-{number:02}-{size}",
                        "optionValues": [{"name": "Size", "value": size}],
                        "prices": [{"amount": 1000 + number, "currency": "EUR"}]
                        + ([{"amount": 1200, "currency": "USD"}] if size != "L" else []),
                    }
                    for size in sizes
                ],
            )
        await app.deliver()
        engine = app.api.state.runtime.db.engine
        counts: list[int] = []
        for size in (5, 50):
            with recorded_statements(engine) as statements:
                body = await app.gql(PAGE, {"first": size, "currency": "USD"}, token=None)
            assert "errors" not in body, body
            edges = body["data"]["products"]["edges"]
            assert len(edges) == size
            assert len(edges[0]["node"]["variants"]) in {2, 3}
            assert _source_reads(statements) == []
            counts.append(len(statements))
        # The tenant, the modules it enabled, then the list: commerce's settings and the
        # page. SQLite records each of the three transactions' BEGIN; PostgreSQL sets the
        # tenant in the two tenant-scoped ones instead.
        # Plus one: whether a price list for everyone is live in the currency.
        expected = 7 if database.is_postgres else 8
        assert counts == [expected, expected]


# What a listing row lacks: a listed variant loads these from the source, by id.
SOURCE_FIELDS = """
variants {
  weightGrams barcode trackInventory allowBackorder
  basePrices { amount currency } stock { warehouse { code } onHand }
}
"""


async def test_a_listed_variant_loads_what_its_row_lacks(database: DatabaseTarget) -> None:
    async with commerce_app(database, max_query_cost=100_000) as app:
        ids = await _catalog(app)
        body = await app.gql(LIST_USD % SOURCE_FIELDS)
        assert "errors" not in body, body
        listed = [edge["node"] for edge in body["data"]["products"]["edges"]]
        one = f"query ($id: ID!) {{ product(id: $id) {{ {SOURCE_FIELDS} }} }}"
        assert listed == [(await app.gql(one, {"id": id}))["data"]["product"] for id in ids]
        assert [v["trackInventory"] for v in listed[1]["variants"]] == [True, False]
        assert listed[0]["variants"][0]["stock"] == [{"warehouse": {"code": "old"}, "onHand": 5}]
