"""productCategoryUpdate: rename, reorder, or move a category with its whole subtree."""

from __future__ import annotations

from typing import Any

from app.ids import decode_global_id
from tests.support.commerce import CommerceApp, commerce_app
from tests.support.databases import DatabaseTarget

UPDATE = """
mutation ($input: ProductCategoryUpdateInput!) {
  productCategoryUpdate(input: $input) {
    category { path depth children { path depth } }
    errors { code field }
  }
}
"""


async def _update(app: CommerceApp, **fields: Any) -> dict[str, Any]:
    body = await app.gql(UPDATE, {"input": fields})
    payload: dict[str, Any] = body["data"]["productCategoryUpdate"]
    return payload


async def test_the_manage_products_permission_decides(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        shirts = await app.category("shirts")
        events = await app.event_types()
        for label, (token, code) in app.refused().items():
            answer = await app.gql(UPDATE, {"input": {"id": shirts, "name": "X"}}, token=token)
            assert answer["data"] is None, label
            assert [e["extensions"]["code"] for e in answer["errors"]] == [code], label
        assert await app.event_types() == events


async def test_a_move_carries_the_subtree(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        clothing = await app.category("clothing")
        shirts = await app.category("shirts")
        await app.category("linen", shirts)
        moved = await _update(app, id=shirts, parentId=clothing)
        assert moved == {
            "category": {
                "path": "clothing/shirts",
                "depth": 1,
                "children": [{"path": "clothing/shirts/linen", "depth": 2}],
            },
            "errors": [],
        }
        back = await _update(app, id=shirts, parentId=None, slug="tops")
        assert back["category"] == {
            "path": "tops",
            "depth": 0,
            "children": [{"path": "tops/linen", "depth": 1}],
        }
        assert (await _update(app, id=shirts, name="Tops"))["errors"] == []
        assert (await _update(app, id=shirts, name="Tops"))["errors"] == []
        shirts_id = decode_global_id(shirts)[1]
        assert await app.payloads("commerce.category.updated") == [
            {
                "category_id": shirts_id,
                "parent_id": decode_global_id(clothing)[1],
                "path": "clothing/shirts",
                "previous_path": "shirts",
            },
            {
                "category_id": shirts_id,
                "parent_id": None,
                "path": "tops",
                "previous_path": "clothing/shirts",
            },
            {"category_id": shirts_id, "parent_id": None, "path": "tops", "previous_path": None},
        ]


async def test_cycles_and_clashes_are_refused(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        shirts = await app.category("shirts")
        linen = await app.category("linen", shirts)
        await app.category("linen")
        events = await app.event_types()
        assert (await _update(app, id=shirts, parentId=linen))["errors"] == [
            {"code": "CONFLICT", "field": "parentId"}
        ]
        assert (await _update(app, id=shirts, parentId=shirts))["errors"] == [
            {"code": "CONFLICT", "field": "parentId"}
        ]
        assert (await _update(app, id=linen, parentId=None))["errors"] == [
            {"code": "CONFLICT", "field": "slug"}
        ]
        assert await app.event_types() == events
