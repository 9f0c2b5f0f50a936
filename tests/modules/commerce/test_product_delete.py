"""productDelete: a product goes with its options, variants and prices, in one event."""

from __future__ import annotations

from app.ids import decode_global_id, encode_global_id, new_id
from modules.commerce.models import OptionValueRow, PriceRow, ProductRow, VariantRow
from tests.support.commerce import commerce_app, count_rows
from tests.support.databases import DatabaseTarget

DELETE = "mutation ($id: ID!) { productDelete(id: $id) { deletedId errors { code field } } }"


async def test_the_manage_products_permission_decides(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        product = (await app.product())["id"]
        events = await app.event_types()
        for label, (token, code) in app.refused().items():
            answer = await app.gql(DELETE, {"id": product}, token=token)
            assert answer["data"] is None, label
            assert [e["extensions"]["code"] for e in answer["errors"]] == [code], label
        assert (await count_rows(app, ProductRow), await app.event_types()) == (1, events)


async def test_a_product_goes_with_everything_it_owns(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        created = await app.product()
        answer = await app.gql(DELETE, {"id": created["id"]})
        assert answer["data"]["productDelete"] == {"deletedId": created["id"], "errors": []}
        for model in (ProductRow, VariantRow, PriceRow, OptionValueRow):
            assert await count_rows(app, model) == 0, model
        assert await app.payloads("commerce.product.deleted") == [
            {
                "product_id": decode_global_id(created["id"])[1],
                "variant_ids": [decode_global_id(v["id"])[1] for v in created["variants"]],
            }
        ]
        again = await app.gql(DELETE, {"id": created["id"]})
        assert again["data"]["productDelete"] == {
            "deletedId": None,
            "errors": [{"code": "NOT_FOUND", "field": "id"}],
        }
        wrong_kind = await app.gql(DELETE, {"id": encode_global_id("ProductVariant", new_id())})
        assert wrong_kind["data"]["productDelete"]["errors"] == [
            {"code": "VALIDATION", "field": "id"}
        ]
