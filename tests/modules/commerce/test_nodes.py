"""node(id:) for the catalog: a product and its variants only as visible as the product."""

from __future__ import annotations

from typing import Any

from tests.support.commerce import CommerceApp, commerce_app
from tests.support.databases import DatabaseTarget

NODES = """
query ($ids: [ID!]!) {
  nodes(ids: $ids) {
    __typename id
    ... on Product { name status }
    ... on ProductVariant { sku }
    ... on ProductCategory { slug }
  }
}
"""
PUBLIC_NODES = "query ($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }"
UPDATE = """
mutation ($input: ProductUpdateInput!) {
  productUpdate(input: $input) { errors { code field message } }
}
"""


async def _found(app: CommerceApp, ids: list[str], token: str | None = "") -> list[Any]:
    query = NODES if token == "" else PUBLIC_NODES
    body = await app.gql(query, {"ids": ids}, token=token)
    assert "errors" not in body, body
    found: list[Any] = body["data"]["nodes"]
    return found


async def test_a_draft_and_its_variants_are_found_only_by_staff(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        product = await app.product()
        category = await app.category("shirts")
        ids = [product["id"], product["variants"][0]["id"], category]

        staff = await _found(app, ids)
        anonymous = await _found(app, ids, token=None)
        customer = await _found(app, ids, token=app.customer())

        assert [item["__typename"] for item in staff] == [
            "Product",
            "ProductVariant",
            "ProductCategory",
        ]
        assert staff[0]["status"] == "DRAFT"
        assert (
            anonymous == customer == [None, None, {"__typename": "ProductCategory", "id": category}]
        )


async def test_an_active_product_and_its_variants_are_public(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        product = await app.product()
        activated = await app.gql(UPDATE, {"input": {"id": product["id"], "status": "ACTIVE"}})
        assert activated["data"]["productUpdate"]["errors"] == []

        found = await _found(app, [product["id"], product["variants"][1]["id"]], token=None)

        assert found == [
            {"__typename": "Product", "id": product["id"]},
            {"__typename": "ProductVariant", "id": product["variants"][1]["id"]},
        ]
