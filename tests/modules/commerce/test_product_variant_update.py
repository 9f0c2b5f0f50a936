"""productVariantUpdate: a variant's fields and picks; SKU and combination clashes refused."""

from __future__ import annotations

from typing import Any

from app.ids import decode_global_id
from tests.support.commerce import CommerceApp, commerce_app
from tests.support.databases import DatabaseTarget

UPDATE = """
mutation ($input: ProductVariantUpdateInput!) {
  productVariantUpdate(input: $input) {
    variant { sku title weightGrams barcode trackInventory allowBackorder
              selectedOptions { name value } }
    errors { code field }
  }
}
"""


async def _update(app: CommerceApp, **fields: Any) -> dict[str, Any]:
    body = await app.gql(UPDATE, {"input": fields})
    payload: dict[str, Any] = body["data"]["productVariantUpdate"]
    return payload


async def test_the_manage_products_permission_decides(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        variant = (await app.product())["variants"][0]["id"]
        events = await app.event_types()
        for label, (token, code) in app.refused().items():
            answer = await app.gql(UPDATE, {"input": {"id": variant, "sku": "X"}}, token=token)
            assert answer["data"] is None, label
            assert [e["extensions"]["code"] for e in answer["errors"]] == [code], label
        assert await app.event_types() == events


async def test_fields_and_picks_change_with_one_event(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        product = await app.product(options=[{"name": "Size", "values": ["S", "M", "L"]}])
        variant = product["variants"][0]["id"]
        changed = await _update(
            app,
            id=variant,
            sku="SHIRT-L",
            title="Large",
            weightGrams=250,
            barcode="4006381333931",
            trackInventory=False,
            allowBackorder=True,
            optionValues=[{"name": "Size", "value": "L"}],
        )
        assert changed == {
            "variant": {
                "sku": "SHIRT-L",
                "title": "Large",
                "weightGrams": 250,
                "barcode": "4006381333931",
                "trackInventory": False,
                "allowBackorder": True,
                "selectedOptions": [{"name": "Size", "value": "L"}],
            },
            "errors": [],
        }
        assert (await _update(app, id=variant, sku="SHIRT-L"))["errors"] == []
        assert await app.payloads("commerce.variant.updated") == [
            {
                "product_id": decode_global_id(product["id"])[1],
                "variant_id": decode_global_id(variant)[1],
                "changed": [
                    "sku",
                    "title",
                    "weightGrams",
                    "barcode",
                    "trackInventory",
                    "allowBackorder",
                    "optionValues",
                ],
            }
        ]


async def test_clashes_and_bad_values_are_refused(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        variant = (await app.product())["variants"][0]["id"]
        events = await app.event_types()
        clash = await _update(
            app, id=variant, sku="SHIRT-M", optionValues=[{"name": "Size", "value": "M"}]
        )
        assert clash["errors"] == [
            {"code": "CONFLICT", "field": "optionValues"},
            {"code": "CONFLICT", "field": "sku"},
        ]
        bad = await _update(app, id=variant, sku="has space", weightGrams=-5)
        assert bad["errors"] == [
            {"code": "VALIDATION", "field": "sku"},
            {"code": "VALIDATION", "field": "weightGrams"},
        ]
        assert await app.event_types() == events
