"""productCategoryCreate: categories form a tree with materialized paths."""

from __future__ import annotations

from app.ids import decode_global_id
from modules.commerce.models import CategoryRow
from tests.support.commerce import CATEGORY_CREATE, commerce_app, count_rows
from tests.support.databases import DatabaseTarget

TREE = """
{ productCategories { edges { node { slug path depth children { slug path parent { slug } } } } } }
"""


async def test_the_manage_products_permission_decides(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        for label, (token, code) in app.refused().items():
            answer = await app.gql(
                CATEGORY_CREATE, {"input": {"slug": "shirts", "name": "Shirts"}}, token=token
            )
            assert answer["data"] is None, label
            assert [e["extensions"]["code"] for e in answer["errors"]] == [code], label
        assert (await count_rows(app, CategoryRow), await app.event_types()) == (0, [])


async def test_a_tree_is_public_with_paths(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        clothing = await app.category("clothing")
        shirts = await app.category("shirts", clothing)
        answer = await app.gql(TREE, token=None)
        assert answer["data"]["productCategories"]["edges"] == [
            {
                "node": {
                    "slug": "clothing",
                    "path": "clothing",
                    "depth": 0,
                    "children": [
                        {
                            "slug": "shirts",
                            "path": "clothing/shirts",
                            "parent": {"slug": "clothing"},
                        }
                    ],
                }
            }
        ]
        assert await app.payloads("commerce.category.created") == [
            {"category_id": decode_global_id(clothing)[1], "parent_id": None, "path": "clothing"},
            {
                "category_id": decode_global_id(shirts)[1],
                "parent_id": decode_global_id(clothing)[1],
                "path": "clothing/shirts",
            },
        ]


async def test_a_sibling_slug_is_a_conflict(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        clothing = await app.category("clothing")
        await app.category("shirts", clothing)
        await app.category("shirts")
        events = await app.event_types()
        answer = await app.gql(
            CATEGORY_CREATE, {"input": {"slug": "shirts", "name": "Again", "parentId": clothing}}
        )
        assert answer["data"]["productCategoryCreate"]["errors"][0]["code"] == "CONFLICT"
        bad = await app.gql(CATEGORY_CREATE, {"input": {"slug": "Not Slug", "name": " "}})
        assert [
            (e["code"], e["field"]) for e in bad["data"]["productCategoryCreate"]["errors"]
        ] == [("VALIDATION", "slug"), ("VALIDATION", "name")]
        assert await app.event_types() == events
