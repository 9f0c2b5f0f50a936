"""checkoutComplete with taxes and shipping: the order copies the totals, tax, addresses, rate.

Worked numbers as in test_cart_update: three tees (1.02, 1.02, 1.01 EUR) and ``Standard``
shipping (4.90) at 19% in DE; per order, the tax is 1.51 (0.20 + 0.19 + 0.19 on the lines,
0.93 on shipping) and the total 9.46.
"""

from __future__ import annotations

from typing import Any

from modules.commerce.order_models import OrderRow, ReservationRow
from tests.support.carts import create
from tests.support.commerce import CommerceApp, commerce_app, count_rows
from tests.support.databases import DatabaseTarget
from tests.support.shipping import mutate
from tests.support.taxed_shop import TaxedShop, cart_update, set_settings, taxed_shop

GERMANY = {"country": "DE", "city": "Berlin", "line1": "Unter den Linden 1"}
CHECKOUT = """
mutation ($input: CheckoutCompleteInput!) {
  checkoutComplete(input: $input) {
    order {
      id number
      lines { sku unitPrice { amount } tax { amount } taxRatePercent total { amount } }
      totals {
        subtotal { amount } discount { amount } shipping { amount } tax { amount } total { amount }
      }
      shippingAddress { country city line1 } billingAddress { country } shippingRateName
    }
    errors { code field message }
  }
}
"""


async def _stocked(app: CommerceApp) -> TaxedShop:
    shop = await taxed_shop(app)
    warehouse = await app.warehouse()
    for variant in shop.variants.values():
        assert (await app.adjust(variant, warehouse, onHand=20))["errors"] == []
    return shop


async def _checkout(app: CommerceApp, token: str, key: str = "key-1") -> dict[str, Any]:
    body = await app.gql(CHECKOUT, {"input": {"token": token, "idempotencyKey": key}}, token=None)
    assert "errors" not in body, body
    payload: dict[str, Any] = body["data"]["checkoutComplete"]
    return payload


def _amounts(order: dict[str, Any]) -> dict[str, int]:
    return {name: money["amount"] for name, money in order["totals"].items()}


async def test_the_order_copies_taxes_shipping_and_addresses(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        await set_settings(app, tax_rounding="order")
        shop = await _stocked(app)
        token = (await create(app, lines=shop.lines()))["token"]
        updated = await cart_update(
            app,
            token,
            shippingAddress=GERMANY,
            billingAddress={"country": "AT"},
            shippingRateId=shop.rates["Standard"],
        )
        assert updated["errors"] == []
        placed = await _checkout(app, token)
        assert placed["errors"] == []
        order = placed["order"]
        assert [(line["tax"]["amount"], line["taxRatePercent"]) for line in order["lines"]] == [
            (20, "19"),
            (19, "19"),
            (19, "19"),
        ]
        assert [line["total"]["amount"] for line in order["lines"]] == [102, 102, 101]
        assert _amounts(order) == {
            "subtotal": 305,
            "discount": 0,
            "shipping": 490,
            "tax": 151,
            "total": 946,
        }
        assert order["shippingAddress"] == {
            "country": "DE",
            "city": "Berlin",
            "line1": "Unter den Linden 1",
        }
        assert order["billingAddress"] == {"country": "AT"}
        assert order["shippingRateName"] == "Standard"
        [event] = await app.payloads("commerce.order.placed")
        assert event["total_amount"] == 946
        # A later change of the rate leaves the order as it was placed.
        renamed = await mutate(
            app, "shippingRateUpdate", {"id": shop.rates["Standard"], "name": "Slow"}
        )
        assert renamed["errors"] == []
        again = await _checkout(app, token)
        assert again["order"]["shippingRateName"] == "Standard"
        assert again["order"]["id"] == order["id"]


async def test_inclusive_prices_are_copied_as_computed(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        await set_settings(app, prices_include_tax=True)
        shop = await _stocked(app)
        token = (await create(app, lines=shop.lines()))["token"]
        await cart_update(app, token, shippingAddress=GERMANY, shippingRateId=shop.rates["Parcel"])
        order = (await _checkout(app, token))["order"]
        # Inside 1.02, 1.02, 1.01 at 19%: 0.16 each per line; the parcel (9.00) is untaxed.
        assert [line["tax"]["amount"] for line in order["lines"]] == [16, 16, 16]
        assert _amounts(order) == {
            "subtotal": 305,
            "discount": 0,
            "shipping": 900,
            "tax": 48,
            "total": 1205,
        }
        assert order["shippingRateName"] == "Parcel"


async def test_a_shop_that_ships_needs_an_address_and_a_rate(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        shop = await _stocked(app)
        token = (await create(app, lines=shop.lines()))["token"]
        events = await app.event_types()
        bare = await _checkout(app, token)
        assert bare["order"] is None
        assert [(e["code"], e["field"]) for e in bare["errors"]] == [
            ("VALIDATION", "shippingAddress")
        ]
        await cart_update(app, token, shippingAddress=GERMANY)
        no_rate = await _checkout(app, token)
        assert [(e["code"], e["field"]) for e in no_rate["errors"]] == [
            ("VALIDATION", "shippingRateId")
        ]
        assert await app.event_types() == events
        # A rate chosen, then deactivated: no longer ships the cart.
        await cart_update(app, token, shippingRateId=shop.rates["Standard"])
        off = await mutate(
            app, "shippingRateUpdate", {"id": shop.rates["Standard"], "isActive": False}
        )
        assert off["errors"] == []
        events = await app.event_types()
        gone = await _checkout(app, token)
        assert [(e["code"], e["field"]) for e in gone["errors"]] == [
            ("VALIDATION", "shippingRateId")
        ]
        assert await count_rows(app, OrderRow) == 0
        assert await count_rows(app, ReservationRow) == 0
        assert await app.event_types() == events
        # The other rate still ships it.
        await cart_update(app, token, shippingRateId=shop.rates["Parcel"])
        placed = await _checkout(app, token)
        assert placed["errors"] == []
        assert _amounts(placed["order"])["shipping"] == 900
