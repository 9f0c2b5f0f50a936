"""productCategoryDelete: a leaf category goes and its products are unfiled."""

from __future__ import annotations

from app.ids import decode_global_id
from modules.commerce.models import CategoryRow, ProductCategoryRow
from tests.support.commerce import commerce_app, count_rows
from tests.support.databases import DatabaseTarget

DELETE = """
mutation ($id: ID!) { productCategoryDelete(id: $id) { deletedId errors { code field } } }
"""


async def test_the_manage_products_permission_decides(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        shirts = await app.category("shirts")
        events = await app.event_types()
        for label, (token, code) in app.refused().items():
            answer = await app.gql(DELETE, {"id": shirts}, token=token)
            assert answer["data"] is None, label
            assert [e["extensions"]["code"] for e in answer["errors"]] == [code], label
        assert (await count_rows(app, CategoryRow), await app.event_types()) == (1, events)


async def test_only_a_leaf_goes_and_products_are_unfiled(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        clothing = await app.category("clothing")
        shirts = await app.category("shirts", clothing)
        await app.product(categoryIds=[shirts, clothing])
        refused = await app.gql(DELETE, {"id": clothing})
        assert refused["data"]["productCategoryDelete"] == {
            "deletedId": None,
            "errors": [{"code": "CONFLICT", "field": "id"}],
        }
        answer = await app.gql(DELETE, {"id": shirts})
        assert answer["data"]["productCategoryDelete"] == {"deletedId": shirts, "errors": []}
        assert await count_rows(app, ProductCategoryRow) == 1
        assert await app.payloads("commerce.category.deleted") == [
            {"category_id": decode_global_id(shirts)[1], "path": "clothing/shirts"}
        ]
