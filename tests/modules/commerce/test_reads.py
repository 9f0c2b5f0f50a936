"""Catalog reads: the storefront's active product, the admin's products, their statement counts."""

from __future__ import annotations

from typing import Any

from tests.support.commerce import CommerceApp, commerce_app
from tests.support.databases import DatabaseTarget
from tests.support.statements import recorded_statements

PUBLIC = """
query ($id: ID, $slug: String) {
  product(id: $id, slug: $slug) {
    slug name seo { title }
    priceRange { min { amount currency } max { amount currency } compareAtMin { amount } }
    usd: priceRange(currency: "USD") { min { amount } max { amount } }
    gbp: priceRange(currency: "GBP") { min { amount } }
    categories { path }
    variants { sku price { amount currency } usd: price(currency: "USD") { amount } }
  }
}
"""
STATUS = """
mutation ($id: ID!, $s: ProductStatus!) {
  productUpdate(input: {id: $id, status: $s}) { errors { code } }
}
"""
ADMIN = """
query ($first: Int, $filter: ProductFilter) {
  adminProducts(first: $first, filter: $filter) {
    totalCount
    edges { node {
      slug status options { name values } categories { path }
      variants { sku selectedOptions { value } basePrices { amount } price { amount } }
      priceRange { min { amount } }
    } }
  }
}
"""


async def _status(app: CommerceApp, product: str, status: str) -> None:
    answer = await app.gql(STATUS, {"id": product, "s": status})
    assert answer["data"]["productUpdate"]["errors"] == []


async def test_the_storefront_sees_active_products_only(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        shirts = await app.category("shirts")
        product = (await app.product(categoryIds=[shirts], seo={"title": "Shirt"}))["id"]
        for lookup in ({"slug": "linen-shirt"}, {"id": product}):
            draft = await app.gql(PUBLIC, lookup, token=None)
            assert draft["data"] == {"product": None}
        await _status(app, product, "ACTIVE")
        answer = await app.gql(PUBLIC, {"slug": "linen-shirt"}, token=None)
        assert answer["data"]["product"] == {
            "slug": "linen-shirt",
            "name": "Linen shirt",
            "seo": {"title": "Shirt"},
            "priceRange": {
                "min": {"amount": 2000, "currency": "EUR"},
                "max": {"amount": 2200, "currency": "EUR"},
                "compareAtMin": None,
            },
            "usd": {"min": {"amount": 2400}, "max": {"amount": 2400}},
            "gbp": None,
            "categories": [{"path": "shirts"}],
            "variants": [
                {
                    "sku": "SHIRT-S",
                    "price": {"amount": 2000, "currency": "EUR"},
                    "usd": {"amount": 2400},
                },
                {"sku": "SHIRT-M", "price": {"amount": 2200, "currency": "EUR"}, "usd": None},
            ],
        }
        assert (await app.gql(PUBLIC, {"id": product}, token=app.customer()))["data"]["product"]
        await _status(app, product, "ARCHIVED")
        assert (await app.gql(PUBLIC, {"id": product}, token=None))["data"] == {"product": None}


async def test_the_storefront_refuses_admin_fields_and_bad_arguments(
    database: DatabaseTarget,
) -> None:
    async with commerce_app(database) as app:
        product = (await app.product())["id"]
        await _status(app, product, "ACTIVE")
        guarded = await app.gql(
            "query ($id: ID) { product(id: $id) { status variants { basePrices { amount } } } }",
            {"id": product},
            token=None,
        )
        assert [e["extensions"]["code"] for e in guarded["errors"]] == ["UNAUTHENTICATED"]
        both = await app.gql(PUBLIC, {"id": product, "slug": "linen-shirt"}, token=None)
        assert [e["extensions"]["code"] for e in both["errors"]] == ["BAD_REQUEST"]
        quantity = await app.gql(
            "query ($id: ID) { product(id: $id) { variants { price(quantity: 0) { amount } } } }",
            {"id": product},
            token=None,
        )
        assert [
            (e["extensions"]["code"], e["extensions"]["field"]) for e in quantity["errors"]
        ] == [("VALIDATION", "quantity"), ("VALIDATION", "quantity")]


async def test_admin_reads_need_view_products(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        product = (await app.product())["id"]
        read = "query ($id: ID!) { adminProduct(id: $id) { slug status } }"
        refused = app.refused("commerce.view_products", without="commerce.manage_products")
        for label, (token, code) in refused.items():
            for query, variables in ((read, {"id": product}), (ADMIN, {"first": 5})):
                answer = await app.gql(query, variables, token=token)
                assert answer["data"] is None, label
                assert [e["extensions"]["code"] for e in answer["errors"]] == [code], label
        viewer = app.member("commerce.view_products")
        answer = await app.gql(read, {"id": product}, token=viewer)
        assert answer["data"]["adminProduct"] == {"slug": "linen-shirt", "status": "DRAFT"}


async def _fill(app: CommerceApp, count: int) -> str:
    shirts = await app.category("shirts")
    for number in range(count):
        await app.product(
            name=f"Shirt {number}",
            categoryIds=[shirts] if number % 2 else [],
            variants=[
                {
                    "sku": f"S{number}-{size}",
                    "optionValues": [{"name": "Size", "value": size}],
                    "prices": [{"amount": 1000 + number, "currency": "EUR"}],
                }
                for size in ("S", "M")
            ],
        )
    return shirts


async def test_admin_products_cost_the_same_statements_for_any_page(
    database: DatabaseTarget,
) -> None:
    async with commerce_app(database) as app:
        shirts = await _fill(app, 12)
        engine = app.api.state.runtime.db.engine
        counts: list[int] = []
        for size in (2, 12):
            with recorded_statements(engine) as statements:
                body = await app.gql(ADMIN, {"first": size})
            assert "errors" not in body, body
            assert len(body["data"]["adminProducts"]["edges"]) == size
            counts.append(len(statements))
        assert counts[0] == counts[1], counts
        filtered = await app.gql(
            ADMIN, {"first": 20, "filter": {"categoryIds": [shirts], "status": ["DRAFT"]}}
        )
        listing: dict[str, Any] = filtered["data"]["adminProducts"]
        assert listing["totalCount"] == 6
        assert [edge["node"]["slug"] for edge in listing["edges"]][:2] == ["shirt-11", "shirt-9"]
        none_active = await app.gql(ADMIN, {"first": 20, "filter": {"status": ["ACTIVE"]}})
        assert none_active["data"]["adminProducts"]["totalCount"] == 0
