"""Static query cost: page sizes multiply, fragments and aliases neither hide nor double cost."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from graphql import FragmentDefinitionNode, OperationDefinitionNode, build_schema, parse

from app.graphql.cost import CostAnalyzer
from tests.conftest import make_registry, make_settings
from tests.support.client import RunningApp, running_app
from tests.support.databases import DatabaseTarget

SCHEMA = build_schema(
    """
    type Query {
      products(first: Int, last: Int, after: String): ProductConnection!
      modules: [Module!]!
      tags: [String!]!
      product(id: ID!): Product
      item: Item
    }
    type ProductConnection { edges: [ProductEdge!]! pageInfo: PageInfo! totalCount: Int! }
    type ProductEdge { cursor: String! node: Product! }
    type Product implements Item {
      id: ID! name: String!
      variants(first: Int): VariantConnection!
      images: [Image!]!
      parent: Product
    }
    interface Item { id: ID! }
    type VariantConnection { edges: [VariantEdge!]! totalCount: Int! }
    type VariantEdge { node: Variant! }
    type Variant { sku: String! }
    type Image { url: String! }
    type Module { name: String! }
    type PageInfo { hasNextPage: Boolean! }
    """
)
ANALYZER = CostAnalyzer(SCHEMA, max_page_size=100)
PRODUCTS = "products(first: 10) { edges { node { id name } } }"  # 1 + 10 * (1 + (1 + 2)) = 41
NESTED = """
{ products(first: 10) { edges { node { variants(first: 5) { edges { node { sku } } } } } } }
"""  # variants 1 + 5 * 3 = 16; node 17; edges 18; products 1 + 10 * 18 = 181


def cost(document: str, variables: dict[str, Any] | None = None) -> int:
    parsed = parse(document)
    operation = next(d for d in parsed.definitions if isinstance(d, OperationDefinitionNode))
    fragments = {
        d.name.value: d for d in parsed.definitions if isinstance(d, FragmentDefinitionNode)
    }
    return ANALYZER.plan(operation, fragments).evaluate(variables)


@pytest.mark.parametrize(
    ("document", "expected"),
    [
        ("{ tags }", 1),
        ("{ __typename }", 1),
        ("{ product(id: 1) { id name } }", 3),
        ("{ " + PRODUCTS + " }", 41),
        ("{ products(last: 10) { edges { node { id name } } } }", 41),
        ("{ products(first: 10, last: 30) { totalCount } }", 31),  # the larger counts
        ("{ products { totalCount } }", 21),  # the default page size
        ("{ products(first: 1000) { totalCount } }", 101),  # capped: larger is refused anyway
        ("{ products(first: -5) { totalCount } }", 1),
        ("{ products(first: 10) { edges { node { images { url } } } } }", 1 + 10 * (2 + 11)),
        ("{ modules { name } }", 11),  # a plain list of objects: the estimate, 10
        (NESTED, 181),
        ("{ __schema { types { name fields { name } } } }", 0),
        ('{ __type(name: "Product") { name } __typename }', 1),
    ],
)
def test_costs(document: str, expected: int) -> None:
    assert cost(document) == expected


@pytest.mark.parametrize(
    "document",
    [
        "{ ...F } fragment F on Query { " + PRODUCTS + " }",
        "{ ...F ...F } fragment F on Query { " + PRODUCTS + " }",  # runs once: costs once
        "{ ...F ... on Query { ...F } " + PRODUCTS + " } fragment F on Query { " + PRODUCTS + " }",
        (
            "{ products(first: 10) { ...A ...B } }"
            " fragment A on ProductConnection { edges { node { id } } }"
            " fragment B on ProductConnection { edges { node { name } } }"
        ),
        (
            "{ products(first: 10) { edges { node { ... on Product { id }"
            " ... on Item { name: id } } } edges { node { ...N } } } }"
            " fragment N on Product { id }"
        ),
    ],
)
def test_fragments_cost_what_they_select_once(document: str) -> None:
    assert cost(document) == 41


def test_aliases_cost_every_copy() -> None:
    aliased = "{ a: " + PRODUCTS + " b: " + PRODUCTS + " }"
    assert cost(aliased) == 82
    through_fragment = (
        "{ a: products(first: 10) { ...E } b: products(first: 10) { ...E } }"
        " fragment E on ProductConnection { edges { node { id name } } }"
    )
    assert cost(through_fragment) == 82
    same_key_other_arguments = (
        "{ products(first: 10) { totalCount } ... on Query { products(first: 20) { totalCount } } }"
    )
    assert cost(same_key_other_arguments) == 11 + 21  # invalid anyway; never under-counted


def test_nested_fragments_expand_without_bypass() -> None:
    document = """
    { products(first: 10) { ...Edges } }
    fragment Edges on ProductConnection { edges { node { ...Product } } }
    fragment Product on Product { variants(first: 5) { ...Variants } }
    fragment Variants on VariantConnection { edges { node { sku } } }
    """
    assert cost(document) == cost(NESTED) == 181


def test_variables_multiply_at_request_time() -> None:
    document = """
    query ($n: Int, $m: Int = 5) {
      products(first: $n) { edges { node { variants(first: $m) { edges { node { sku } } } } } }
    }
    """
    assert cost(document, {"n": 10}) == 181
    assert cost(document, {"n": 10, "m": 5}) == 181
    assert cost(document, {"n": 2, "m": 100}) == 1 + 2 * (2 + (1 + 100 * 3))
    assert cost(document, {"n": 2, "m": None}) == 1 + 2 * (2 + (1 + 20 * 3))  # null: default
    assert cost(document) == 1 + 20 * 18  # $n absent: the default page size
    assert cost(document, {"n": "ten", "m": True}) == 1 + 20 * (2 + (1 + 20 * 3))  # wrong types


def test_the_plan_is_a_constant_without_variables() -> None:
    parsed = parse(NESTED)
    operation = parsed.definitions[0]
    assert isinstance(operation, OperationDefinitionNode)
    plan = ANALYZER.plan(operation, {})
    assert (plan.plan.constant, plan.plan.terms) == (181, ())


def test_a_fragment_bomb_is_analysed_in_linear_time() -> None:
    levels = 40
    fragments = " ".join(
        f"fragment F{i} on Product {{ a: variants(first: 1) {{ totalCount }} ...F{i + 1} }}"
        for i in range(levels)
    )
    fragments += f" fragment F{levels} on Product {{ id }}"
    document = "{ product(id: 1) { ...F0 } } " + fragments
    assert cost(document) == 1 + 2 + 1  # F0..F39 all merge into one `a` and one `id`


def test_a_fragment_bomb_is_analysed_once_per_fragment() -> None:
    levels = 60  # 2**60 paths: only memoizing by fragment keeps this instant
    fragments = " ".join(
        f"fragment F{i} on Product {{ parent {{ ...F{i + 1} }} p: parent {{ ...F{i + 1} }} }}"
        for i in range(levels)
    )
    fragments += f" fragment F{levels} on Product {{ id }}"
    expected = 1
    for _ in range(levels):
        expected = 2 * (1 + expected)
    assert cost("{ product(id: 1) { ...F0 } } " + fragments) == 1 + expected


@pytest.fixture
async def cheap_api(database: DatabaseTarget) -> AsyncIterator[RunningApp]:
    """An app allowing a cost of 50."""
    settings = make_settings(database, max_query_cost=50)
    async with running_app(settings, make_registry(settings)) as running:
        yield running


TENANTS = "query ($n: Int) { tenants(first: $n) { edges { node { slug } } } }"  # 1 + n * 3


async def test_the_cost_is_reported_with_every_operation(cheap_api: RunningApp) -> None:
    admin = {"Authorization": f"Bearer {cheap_api.auth.platform_admin()}"}
    ran = await cheap_api.client.post(
        "/graphql", json={"query": TENANTS, "variables": {"n": 5}}, headers=admin
    )
    assert ran.json()["extensions"] == {"cost": {"requested": 16, "limit": 50}}
    refused = await cheap_api.client.post(  # anonymous: refused, still measured
        "/graphql", json={"query": TENANTS, "variables": {"n": 2}}
    )
    assert refused.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert refused.json()["extensions"] == {"cost": {"requested": 7, "limit": 50}}
    default = await cheap_api.client.post("/graphql", json={"query": TENANTS}, headers=admin)
    assert default.status_code == 400  # no $n: 20 a page, 61


async def test_over_the_limit_is_refused_before_anything_runs(cheap_api: RunningApp) -> None:
    admin = {"Authorization": f"Bearer {cheap_api.auth.platform_admin()}"}
    for pages, status in ((16, 200), (17, 400), (5, 200), (100, 400)):
        response = await cheap_api.client.post(
            "/graphql", json={"query": TENANTS, "variables": {"n": pages}}, headers=admin
        )
        assert response.status_code == status
        assert response.json()["extensions"]["cost"]["requested"] == 1 + 3 * pages
    assert response.json() == {
        "errors": [
            {
                "message": "the query costs 301; the limit is 50 (ask for smaller pages: "
                "`first`/`last` multiply the cost of what they select)",
                "extensions": {"code": "BAD_REQUEST"},
            }
        ],
        "extensions": {"cost": {"requested": 301, "limit": 50}},
    }


async def test_aliases_and_fragments_add_up_over_http(cheap_api: RunningApp) -> None:
    admin = {"Authorization": f"Bearer {cheap_api.auth.platform_admin()}"}
    body = (
        "query ($n: Int) { a: tenants(first: $n) { ...E } b: tenants(first: $n) { ...E } }"
        " fragment E on TenantConnection { edges { node { slug } } }"
    )
    at_limit = await cheap_api.client.post(
        "/graphql", json={"query": body, "variables": {"n": 8}}, headers=admin
    )
    assert at_limit.status_code == 200
    assert at_limit.json()["extensions"]["cost"] == {"requested": 2 * (1 + 8 * 3), "limit": 50}
    over = await cheap_api.client.post(
        "/graphql", json={"query": body, "variables": {"n": 9}}, headers=admin
    )
    assert over.status_code == 400
    assert over.json()["extensions"]["cost"] == {"requested": 2 * (1 + 9 * 3), "limit": 50}


async def test_entities_cost_per_representation(cheap_api: RunningApp) -> None:
    query = "query ($r: [_Any!]!) { _entities(representations: $r) { __typename } }"
    representations = [{"__typename": "Tenant", "slug": f"s{i}"} for i in range(60)]
    response = await cheap_api.client.post(
        "/graphql", json={"query": query, "variables": {"r": representations}}
    )
    assert response.status_code == 400
    assert response.json()["extensions"]["cost"] == {"requested": 61, "limit": 50}
    literal = '{ _entities(representations: [{__typename: "Tenant", slug: "x"}]) { __typename } }'
    response = await cheap_api.client.post("/graphql", json={"query": literal})
    assert response.json()["extensions"]["cost"] == {"requested": 2, "limit": 50}
