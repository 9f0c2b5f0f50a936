"""productUpdate: own fields and status, one event per kind of change, CONFLICT when refused."""

from __future__ import annotations

from typing import Any

from app.ids import decode_global_id, encode_global_id
from app.ids import new_id as some_id
from tests.support.commerce import CommerceApp, commerce_app
from tests.support.databases import DatabaseTarget

UPDATE = """
mutation ($input: ProductUpdateInput!) {
  productUpdate(input: $input) {
    product { slug name status seo { title description } descriptionHtml categories { path } }
    errors { code field message }
  }
}
"""


async def _update(app: CommerceApp, product: str, **fields: Any) -> dict[str, Any]:
    body = await app.gql(UPDATE, {"input": {"id": product, **fields}})
    payload: dict[str, Any] = body["data"]["productUpdate"]
    return payload


async def test_the_manage_products_permission_decides(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        product = (await app.product())["id"]
        events = await app.event_types()
        for label, (token, code) in app.refused().items():
            answer = await app.gql(UPDATE, {"input": {"id": product, "name": "X"}}, token=token)
            assert answer["data"] is None, label
            assert [e["extensions"]["code"] for e in answer["errors"]] == [code], label
        assert await app.event_types() == events
        read = await app.gql("query ($id: ID!) { adminProduct(id: $id) { name } }", {"id": product})
        assert read["data"]["adminProduct"] == {"name": "Linen shirt"}


async def test_fields_change_with_one_updated_event(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        product = (await app.product())["id"]
        shirts = await app.category("shirts")
        changed = await _update(
            app,
            product,
            name="Linen shirt, white",
            slug="white-linen-shirt",
            description=[{"type": "paragraph", "text": "Cool in summer."}],
            seo={"title": "White linen shirt"},
            categoryIds=[shirts],
        )
        assert changed == {
            "product": {
                "slug": "white-linen-shirt",
                "name": "Linen shirt, white",
                "status": "DRAFT",
                "seo": {"title": "White linen shirt", "description": None},
                "descriptionHtml": "<p>Cool in summer.</p>",
                "categories": [{"path": "shirts"}],
            },
            "errors": [],
        }
        again = await _update(app, product, name="Linen shirt, white", categoryIds=[shirts])
        assert again["errors"] == []
        assert await app.payloads("commerce.product.updated") == [
            {
                "product_id": decode_global_id(product)[1],
                "changed": ["name", "slug", "description", "seo", "categoryIds"],
            }
        ]


async def test_status_moves_along_its_transitions(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        product = (await app.product())["id"]
        for status in ("ACTIVE", "ARCHIVED", "DRAFT"):
            moved = await _update(app, product, status=status)
            assert (moved["product"]["status"], moved["errors"]) == (status, [])
        refused = await _update(app, product, status="ARCHIVED")
        assert [(e["code"], e["field"]) for e in refused["errors"]] == [("CONFLICT", "status")]
        assert "draft" in refused["errors"][0]["message"]
        assert [
            (p["from_status"], p["to_status"])
            for p in await app.payloads("commerce.product.status_changed")
        ] == [("draft", "active"), ("active", "archived"), ("archived", "draft")]
        assert await app.payloads("commerce.product.updated") == []


async def test_bad_changes_write_nothing(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        await app.product(
            slug="taken",
            variants=[
                {
                    "sku": "T",
                    "optionValues": [{"name": "Size", "value": "S"}],
                    "prices": [{"amount": 1, "currency": "EUR"}],
                },
            ],
        )
        product = (await app.product())["id"]
        events = await app.event_types()
        answer = await _update(
            app,
            product,
            name=" ",
            slug="taken",
            description=[{"type": "nonsense"}],
            categoryIds=[encode_global_id("ProductCategory", some_id())],
        )
        assert [(e["code"], e["field"]) for e in answer["errors"]] == [
            ("VALIDATION", "name"),
            ("VALIDATION", "description.0"),
            ("CONFLICT", "slug"),
            ("NOT_FOUND", "categoryIds.0"),
        ]
        missing = await _update(app, encode_global_id("Product", some_id()), name="X")
        assert [(e["code"], e["field"]) for e in missing["errors"]] == [("NOT_FOUND", "id")]
        assert await app.event_types() == events
