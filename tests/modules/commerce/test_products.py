"""products: the storefront list from the read model — filters, search, sorts, pages, cost."""

from __future__ import annotations

from typing import Any

from tests.support.commerce import CommerceApp, commerce_app
from tests.support.databases import DatabaseTarget
from tests.support.statements import recorded_statements

LIST = """
query ($first: Int, $after: String, $search: String, $filter: ProductFilter,
       $sort: ProductSort, $currency: String) {
  products(first: $first, after: $after, search: $search, filter: $filter, sort: $sort,
           currency: $currency) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { slug } }
  }
}
"""
DEEP = """
query ($first: Int) {
  products(first: $first, filter: {options: [{name: "Size", values: ["S", "M"]}]}) {
    totalCount facets { name values { label count } }
    edges { node {
      slug name seo { title } options { name values } categories { path }
      priceRange { min { amount currency } }
      variants { sku selectedOptions { value } price { amount } }
    } }
  }
}
"""
ACTIVATE = """
mutation ($id: ID!) { productUpdate(input: {id: $id, status: ACTIVE}) { errors { code } } }
"""


async def _shirt(
    app: CommerceApp, name: str, euros: int, sizes: list[str], categories: list[str], **more: Any
) -> str:
    product = await app.product(
        name=name,
        categoryIds=categories,
        options=[{"name": "Size", "values": sizes}],
        variants=[
            {
                "sku": f"{name}-{size}".upper().replace(" ", "-"),
                "optionValues": [{"name": "Size", "value": size}],
                "prices": [{"amount": euros + n, "currency": "EUR"}],
            }
            for n, size in enumerate(sizes)
        ],
        **more,
    )
    answer = await app.gql(ACTIVATE, {"id": product["id"]})
    assert answer["data"]["productUpdate"]["errors"] == []
    created: str = product["id"]
    return created


async def _slugs(app: CommerceApp, **variables: Any) -> list[str]:
    body = await app.gql(LIST, variables, token=None)
    assert "errors" not in body, body
    return [edge["node"]["slug"] for edge in body["data"]["products"]["edges"]]


async def _catalog(app: CommerceApp) -> tuple[str, str]:
    clothing = await app.category("clothing")
    shirts = await app.category("shirts", clothing)
    await _shirt(app, "Linen shirt", 3000, ["S", "M"], [shirts])
    await _shirt(app, "Cotton shirt", 2000, ["M", "L"], [shirts])
    await _shirt(app, "Wool coat", 9000, ["L"], [clothing])
    await app.product(name="Draft hat", slug="draft-hat")
    await app.deliver()
    return clothing, shirts


async def test_filters_search_and_sorts(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        await _catalog(app)
        assert await _slugs(app) == ["wool-coat", "cotton-shirt", "linen-shirt"]
        name = {"field": "NAME"}
        assert await _slugs(app, sort=name) == ["cotton-shirt", "linen-shirt", "wool-coat"]
        cheap_last = {"field": "PRICE", "direction": "DESC"}
        assert await _slugs(app, sort=cheap_last) == ["wool-coat", "linen-shirt", "cotton-shirt"]
        sized = {"options": [{"name": "Size", "values": ["S", "L"]}]}
        assert await _slugs(app, filter=sized, sort=name) == [
            "cotton-shirt",
            "linen-shirt",
            "wool-coat",
        ]
        small = {"options": [{"name": "Size", "values": ["S"]}]}
        assert await _slugs(app, filter=small) == ["linen-shirt"]
        priced = {"price": {"min": 2500, "max": 9000}}
        assert await _slugs(app, filter=priced, sort=name) == ["linen-shirt", "wool-coat"]
        assert await _slugs(app, search="linen") == ["linen-shirt"]
        assert await _slugs(app, search="COTTON-SHIRT-L") == ["cotton-shirt"]
        assert await _slugs(app, search="nothing-like-it") == []
        assert await _slugs(app, currency="USD") == []


async def test_a_category_filter_takes_its_descendants(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        clothing = await app.category("clothing")
        shirts = await app.category("shirts", clothing)
        await _shirt(app, "Linen shirt", 3000, ["S"], [shirts])
        await _shirt(app, "Wool coat", 9000, ["L"], [clothing])
        await app.deliver()
        name = {"field": "NAME"}
        by_parent = {"categoryIds": [clothing]}
        assert await _slugs(app, filter=by_parent, sort=name) == ["linen-shirt", "wool-coat"]
        assert await _slugs(app, filter={"categoryIds": [shirts]}) == ["linen-shirt"]


async def test_pages_follow_their_cursors(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        await _catalog(app)
        for sort in ({"field": "NAME"}, {"field": "PRICE"}, {"field": "NEWEST"}, None):
            whole = await _slugs(app, sort=sort)
            seen: list[str] = []
            after = None
            for _ in range(5):
                body = await app.gql(LIST, {"first": 1, "after": after, "sort": sort}, token=None)
                listing = body["data"]["products"]
                seen += [edge["node"]["slug"] for edge in listing["edges"]]
                assert listing["totalCount"] == 3
                if not listing["pageInfo"]["hasNextPage"]:
                    break
                after = listing["pageInfo"]["endCursor"]
            assert seen == whole, sort


async def test_bad_arguments_are_refused(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        for variables, code in (
            ({"currency": "GBP"}, "VALIDATION"),
            ({"sort": {"field": "RELEVANCE"}}, "VALIDATION"),
            ({"filter": {"status": ["DRAFT"]}}, "BAD_REQUEST"),
            ({"after": "bm90IGEgY3Vyc29y"}, "BAD_REQUEST"),
        ):
            body = await app.gql(LIST, variables, token=None)
            assert [e["extensions"]["code"] for e in body["errors"]] == [code], variables


async def test_a_page_costs_the_same_statements_whatever_its_size(
    database: DatabaseTarget,
) -> None:
    async with commerce_app(database) as app:
        shirts = await app.category("shirts")
        for number in range(12):
            await _shirt(app, f"Shirt {number}", 1000 + number, ["S", "M"], [shirts])
        await app.deliver()
        engine = app.api.state.runtime.db.engine
        counts: list[int] = []
        for size in (2, 12):
            with recorded_statements(engine) as statements:
                body = await app.gql(DEEP, {"first": size}, token=None)
            assert "errors" not in body, body
            assert len(body["data"]["products"]["edges"]) == size
            counts.append(len(statements))
        assert counts[0] == counts[1], counts


FACETS = """
query ($filter: ProductFilter, $search: String) {
  products(filter: $filter, search: $search) {
    totalCount
    facets { name label values { value label count } }
  }
}
"""


async def test_facets_count_the_list_leaving_their_own_filter_out(
    database: DatabaseTarget,
) -> None:
    async with commerce_app(database) as app:
        clothing, shirts = await _catalog(app)
        sizes = {"name": "option:Size", "label": "Size"}
        every = await app.gql(FACETS, {}, token=None)
        assert every["data"]["products"] == {
            "totalCount": 3,
            "facets": [
                {
                    "name": "category",
                    "label": "Category",
                    "values": [
                        {"value": clothing, "label": "Clothing", "count": 3},
                        {"value": shirts, "label": "Shirts", "count": 2},
                    ],
                },
                {
                    **sizes,
                    "values": [
                        {"value": "L", "label": "L", "count": 2},
                        {"value": "M", "label": "M", "count": 2},
                        {"value": "S", "label": "S", "count": 1},
                    ],
                },
            ],
        }
        small = {"options": [{"name": "Size", "values": ["S"]}], "categoryIds": [shirts]}
        narrowed = await app.gql(FACETS, {"filter": small}, token=None)
        assert narrowed["data"]["products"] == {
            "totalCount": 1,
            "facets": [
                {
                    "name": "category",
                    "label": "Category",
                    "values": [
                        {"value": clothing, "label": "Clothing", "count": 1},
                        {"value": shirts, "label": "Shirts", "count": 1},
                    ],
                },
                {
                    **sizes,
                    "values": [
                        {"value": "M", "label": "M", "count": 2},
                        {"value": "L", "label": "L", "count": 1},
                        {"value": "S", "label": "S", "count": 1},
                    ],
                },
            ],
        }
        searched = await app.gql(FACETS, {"search": "linen"}, token=None)
        assert searched["data"]["products"]["totalCount"] == 1
        assert [f["name"] for f in searched["data"]["products"]["facets"]] == [
            "category",
            "option:Size",
        ]
