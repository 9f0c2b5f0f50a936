"""productVariantDelete: a variant goes with its prices; a product keeps its last one."""

from __future__ import annotations

from app.ids import decode_global_id
from modules.commerce.models import PriceRow, VariantRow
from tests.support.commerce import commerce_app, count_rows
from tests.support.databases import DatabaseTarget

DELETE = "mutation ($id: ID!) { productVariantDelete(id: $id) { deletedId errors { code field } } }"


async def test_the_manage_products_permission_decides(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        variant = (await app.product())["variants"][0]["id"]
        events = await app.event_types()
        for label, (token, code) in app.refused().items():
            answer = await app.gql(DELETE, {"id": variant}, token=token)
            assert answer["data"] is None, label
            assert [e["extensions"]["code"] for e in answer["errors"]] == [code], label
        assert (await count_rows(app, VariantRow), await app.event_types()) == (2, events)


async def test_a_variant_goes_but_never_the_last(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        product = await app.product()
        first, last = (variant["id"] for variant in product["variants"])
        answer = await app.gql(DELETE, {"id": first})
        assert answer["data"]["productVariantDelete"] == {"deletedId": first, "errors": []}
        assert (await count_rows(app, VariantRow), await count_rows(app, PriceRow)) == (1, 1)
        assert await app.payloads("commerce.variant.deleted") == [
            {
                "product_id": decode_global_id(product["id"])[1],
                "variant_id": decode_global_id(first)[1],
                "sku": "SHIRT-S",
            }
        ]
        refused = await app.gql(DELETE, {"id": last})
        assert refused["data"]["productVariantDelete"] == {
            "deletedId": None,
            "errors": [{"code": "CONFLICT", "field": "id"}],
        }
        assert await count_rows(app, VariantRow) == 1
