"""productVariantPricesSet: a variant's base prices replaced, checked against what is sold."""

from __future__ import annotations

from typing import Any

from app.ids import decode_global_id
from tests.support.commerce import CommerceApp, commerce_app
from tests.support.databases import DatabaseTarget

SET = """
mutation ($input: ProductVariantPricesSetInput!) {
  productVariantPricesSet(input: $input) {
    variant {
      basePrices { amount currency }
      price(currency: "USD") { amount currency }
      compareAtPrice { amount currency }
    }
    errors { code field }
  }
}
"""


async def _set(app: CommerceApp, variant: str, **fields: Any) -> dict[str, Any]:
    body = await app.gql(SET, {"input": {"variantId": variant, **fields}})
    payload: dict[str, Any] = body["data"]["productVariantPricesSet"]
    return payload


async def test_the_manage_products_permission_decides(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        variant = (await app.product())["variants"][1]["id"]
        events = await app.event_types()
        variables = {"variantId": variant, "prices": [{"amount": 1, "currency": "EUR"}]}
        for label, (token, code) in app.refused().items():
            answer = await app.gql(SET, {"input": variables}, token=token)
            assert answer["data"] is None, label
            assert [e["extensions"]["code"] for e in answer["errors"]] == [code], label
        assert await app.event_types() == events


async def test_prices_are_replaced_with_one_event(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        product = await app.product()
        variant = product["variants"][1]["id"]
        prices = [{"amount": 1900, "currency": "EUR"}, {"amount": 2100, "currency": "USD"}]
        was = [{"amount": 2500, "currency": "EUR"}]
        answer = await _set(app, variant, prices=prices, compareAtPrices=was)
        assert answer == {
            "variant": {
                "basePrices": prices,
                "price": {"amount": 2100, "currency": "USD"},
                "compareAtPrice": {"amount": 2500, "currency": "EUR"},
            },
            "errors": [],
        }
        assert (await _set(app, variant, prices=prices, compareAtPrices=was))["errors"] == []
        updates = await app.payloads("commerce.variant.prices_updated")
        assert updates[2:] == [
            {
                "product_id": decode_global_id(product["id"])[1],
                "variant_id": decode_global_id(variant)[1],
                "currencies": ["EUR", "USD"],
            }
        ]


async def test_bad_prices_write_nothing(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        variant = (await app.product())["variants"][0]["id"]
        events = await app.event_types()
        answer = await _set(
            app,
            variant,
            prices=[
                {"amount": 100, "currency": "USD"},
                {"amount": 100, "currency": "USD"},
                {"amount": 100, "currency": "usd"},
            ],
            compareAtPrices=[{"amount": -1, "currency": "JPY"}],
        )
        assert answer["errors"] == [
            {"code": "VALIDATION", "field": "prices.1.currency"},
            {"code": "VALIDATION", "field": "prices.2.currency"},
            {"code": "VALIDATION", "field": "prices"},
            {"code": "VALIDATION", "field": "compareAtPrices.0.amount"},
            {"code": "VALIDATION", "field": "compareAtPrices.0.currency"},
        ]
        assert await app.event_types() == events
