"""productVariantCreate: a new variant of an existing product, its picks and prices checked."""

from __future__ import annotations

from typing import Any

from app.ids import decode_global_id
from modules.commerce.models import VariantRow
from tests.support.commerce import CommerceApp, commerce_app, count_rows
from tests.support.databases import DatabaseTarget

CREATE = """
mutation ($input: ProductVariantCreateInput!) {
  productVariantCreate(input: $input) {
    variant { sku title selectedOptions { name value } price { amount currency } }
    errors { code field }
  }
}
"""
EUR = [{"amount": 2600, "currency": "EUR"}]


async def _create(app: CommerceApp, **fields: Any) -> dict[str, Any]:
    body = await app.gql(CREATE, {"input": fields})
    payload: dict[str, Any] = body["data"]["productVariantCreate"]
    return payload


async def test_the_manage_products_permission_decides(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        product = (await app.product(options=[{"name": "Size", "values": ["S", "M", "L"]}]))["id"]
        events = await app.event_types()
        variables = {
            "productId": product,
            "sku": "SHIRT-L",
            "optionValues": [{"name": "Size", "value": "L"}],
            "prices": EUR,
        }
        for label, (token, code) in app.refused().items():
            answer = await app.gql(CREATE, {"input": variables}, token=token)
            assert answer["data"] is None, label
            assert [e["extensions"]["code"] for e in answer["errors"]] == [code], label
        assert (await count_rows(app, VariantRow), await app.event_types()) == (2, events)
        allowed = await app.gql(
            CREATE, {"input": variables}, token=app.member("commerce.manage_products")
        )
        assert allowed["data"]["productVariantCreate"] == {
            "variant": {
                "sku": "SHIRT-L",
                "title": "L",
                "selectedOptions": [{"name": "Size", "value": "L"}],
                "price": {"amount": 2600, "currency": "EUR"},
            },
            "errors": [],
        }
        assert (await app.event_types())[len(events) :] == [
            "commerce.variant.created",
            "commerce.variant.prices_updated",
        ]
        created = (await app.payloads("commerce.variant.created"))[-1]
        assert (created["product_id"], created["sku"]) == (decode_global_id(product)[1], "SHIRT-L")


async def test_picks_skus_and_prices_are_checked(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        product = (await app.product(options=[{"name": "Size", "values": ["S", "M", "L"]}]))["id"]
        events = await app.event_types()
        taken = await _create(
            app,
            productId=product,
            sku="SHIRT-S",
            optionValues=[{"name": "Size", "value": "S"}],
            prices=[{"amount": 100, "currency": "USD"}],
        )
        assert [(e["code"], e["field"]) for e in taken["errors"]] == [
            ("VALIDATION", "prices"),
            ("CONFLICT", "optionValues"),
            ("CONFLICT", "sku"),
        ]
        assert await app.event_types() == events
        plain = await app.product(
            name="Mug",
            options=[],
            variants=[{"sku": "MUG", "prices": EUR}],
        )
        second = await _create(app, productId=plain["id"], sku="MUG-2", prices=EUR)
        assert second["errors"] == [{"code": "CONFLICT", "field": "optionValues"}]
