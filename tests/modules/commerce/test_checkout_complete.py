"""checkoutComplete: a cart becomes one order, its stock reserved, or nothing is written.

The authorization matrix of checkout follows the cart's: a guest cart checks out for whoever
holds its token; a customer's cart only for that customer (everyone else is told NOT_FOUND);
guests are refused with UNAUTHENTICATED while the shop's ``guest_checkout`` is off.
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from app.ids import decode_global_id
from modules.commerce.cart_models import CartRow
from modules.commerce.order_models import OrderLineRow, OrderRow, ReservationRow
from modules.commerce.permissions import PERMISSIONS
from tests.support.carts import ADD
from tests.support.commerce import CommerceApp, commerce_app, count_rows
from tests.support.databases import DatabaseTarget
from tests.support.orders import (
    CHECKOUT,
    ORDER_BY_TOKEN,
    cart_with,
    checkout,
    levels,
    stocked_shop,
)

_SETTINGS = """
mutation ($input: ModuleSettingsUpdateInput!) {
  moduleSettingsUpdate(input: $input) { errors { code field message } }
}
"""
_PRICES_SET = """
mutation ($input: ProductVariantPricesSetInput!) {
  productVariantPricesSet(input: $input) { errors { code field } }
}
"""


def _codes(payload: dict[str, Any]) -> list[tuple[str, str | None]]:
    return [(error["code"], error["field"]) for error in payload["errors"]]


async def _nothing_placed(app: CommerceApp) -> None:
    assert await count_rows(app, OrderRow) == 0
    assert await count_rows(app, OrderLineRow) == 0
    assert await count_rows(app, ReservationRow) == 0
    assert not [t for t in await app.event_types() if t.startswith("commerce.order.")]


async def _add_answer(app: CommerceApp, cart: str, line: dict[str, Any]) -> dict[str, Any]:
    body = await app.gql(ADD, {"input": {"token": cart, "lines": [line]}}, token=None)
    payload: dict[str, Any] = body["data"]["cartLinesAdd"]
    return payload


async def test_a_guest_checkout_places_the_order_and_reserves_its_stock(
    database: DatabaseTarget,
) -> None:
    async with commerce_app(database) as app:
        stocked = await stocked_shop(app)
        cart = await cart_with(app, [stocked.line("SHIRT-S", 2), stocked.line("SHIRT-M", 1)])
        placed = await checkout(app, cart)
        assert placed["errors"] == []
        order = placed["order"]
        assert order["number"] == "1000"
        assert (order["status"], order["paymentStatus"], order["fulfilmentStatus"]) == (
            "PLACED",
            "UNPAID",
            "UNFULFILLED",
        )
        assert [
            (ln["sku"], ln["quantity"], ln["unitPrice"]["amount"]) for ln in order["lines"]
        ] == [
            ("SHIRT-S", 2, 2000),
            ("SHIRT-M", 1, 2200),
        ]
        assert order["lines"][0]["productName"] == "Linen shirt"
        assert order["lines"][0]["taxRatePercent"] == "0"
        assert order["totals"]["subtotal"] == {"amount": 6200}
        assert order["totals"]["total"] == {"amount": 6200, "currency": "EUR"}
        assert await levels(app, stocked) == {"SHIRT-S": (10, 2), "SHIRT-M": (10, 1)}
        assert _codes(await _add_answer(app, cart, stocked.line("SHIRT-S", 1))) == [
            ("CONFLICT", "token")
        ]
        order_id = decode_global_id(order["id"])[1]
        assert await app.payloads("commerce.order.placed") == [
            {
                "order_id": order_id,
                "number": "1000",
                "customer_id": None,
                "currency": "EUR",
                "total_amount": 6200,
                "line_count": 2,
                "payment_method": None,
                "discount_amount": 0,
                "discount_ids": [],
            }
        ]
        reasons = [p["reason"] for p in await app.payloads("commerce.stock.changed")]
        assert reasons[-2:] == ["reservation", "reservation"]
        token = placed["orderToken"]
        assert isinstance(token, str)
        read = await app.gql(ORDER_BY_TOKEN, {"token": token}, token=None)
        assert read["data"]["orderByToken"] == order


async def test_the_order_keeps_the_prices_and_names_of_checkout(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        stocked = await stocked_shop(app)
        cart = await cart_with(app, [stocked.line("SHIRT-S", 1)])
        prices = {
            "variantId": stocked.shirts.variants["SHIRT-S"],
            "prices": [{"amount": 1500, "currency": "EUR"}],
        }
        changed = await app.gql(_PRICES_SET, {"input": prices})
        assert changed["data"]["productVariantPricesSet"]["errors"] == []
        placed = await checkout(app, cart)
        # The server priced the cart again: the price of checkout, not of the cart's last change.
        assert placed["order"]["totals"]["total"]["amount"] == 1500
        prices["prices"] = [{"amount": 9900, "currency": "EUR"}]
        await app.gql(_PRICES_SET, {"input": prices})
        read = await app.gql(ORDER_BY_TOKEN, {"token": placed["orderToken"]}, token=None)
        assert read["data"]["orderByToken"]["lines"][0]["unitPrice"]["amount"] == 1500


async def test_the_same_key_returns_the_same_order(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        stocked = await stocked_shop(app)
        cart = await cart_with(app, [stocked.line("SHIRT-S", 1)])
        first = await checkout(app, cart, "retry-me")
        again = await checkout(app, cart, "retry-me")
        assert again == first
        assert _codes(await checkout(app, cart, "another-key")) == [("CONFLICT", "token")]
        other = await cart_with(app, [stocked.line("SHIRT-M", 1)])
        assert _codes(await checkout(app, other, "retry-me")) == [("CONFLICT", "idempotencyKey")]
        assert await count_rows(app, OrderRow) == 1
        assert await levels(app, stocked) == {"SHIRT-S": (10, 1), "SHIRT-M": (10, 0)}
        assert len(await app.payloads("commerce.order.placed")) == 1


async def test_concurrent_retries_with_one_key_place_one_order(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        stocked = await stocked_shop(app)
        cart = await cart_with(app, [stocked.line("SHIRT-S", 3)])
        answers = await asyncio.gather(*(checkout(app, cart, "once") for _ in range(8)))
        assert {answer["order"]["number"] for answer in answers} == {"1000"}
        assert all(answer["errors"] == [] for answer in answers)
        assert await count_rows(app, OrderRow) == 1
        assert await levels(app, stocked) == {"SHIRT-S": (10, 3), "SHIRT-M": (10, 0)}


async def test_one_key_raced_by_two_carts_places_one_order(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        stocked = await stocked_shop(app)
        carts = [await cart_with(app, [stocked.line("SHIRT-S", 1)]) for _ in range(2)]
        answers = await asyncio.gather(*(checkout(app, cart, "shared") for cart in carts))
        assert sorted(_codes(answer) for answer in answers) == [
            [],
            [("CONFLICT", "idempotencyKey")],
        ]
        assert await count_rows(app, OrderRow) == 1
        assert await levels(app, stocked) == {"SHIRT-S": (10, 1), "SHIRT-M": (10, 0)}


async def test_an_empty_cart_is_refused_with_nothing_written(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        await stocked_shop(app)
        cart = await cart_with(app, [])
        assert _codes(await checkout(app, cart)) == [("VALIDATION", "token")]
        await _nothing_placed(app)


async def test_stock_short_names_the_line_and_writes_nothing(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        stocked = await stocked_shop(app, small=5, medium=1)
        cart = await cart_with(app, [stocked.line("SHIRT-S", 5), stocked.line("SHIRT-M", 2)])
        refused = await checkout(app, cart)
        assert _codes(refused) == [("INSUFFICIENT_STOCK", "lines.1.quantity")]
        assert refused["errors"][0]["message"] == "only 1 available"
        assert refused["order"] is None
        await _nothing_placed(app)
        assert await levels(app, stocked) == {"SHIRT-S": (5, 0), "SHIRT-M": (1, 0)}
        assert _codes(await _add_answer(app, cart, stocked.line("SHIRT-S", 1))) == []
        assert await count_rows(app, CartRow) == 1


async def test_a_bad_key_or_token_is_refused(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        stocked = await stocked_shop(app)
        cart = await cart_with(app, [stocked.line("SHIRT-S", 1)])
        for key in ("", " padded ", "x" * 101, "tab\there"):
            assert _codes(await checkout(app, cart, key)) == [("VALIDATION", "idempotencyKey")]
        assert _codes(await checkout(app, "no-such-cart")) == [("NOT_FOUND", "token")]
        await _nothing_placed(app)


async def test_a_customers_cart_checks_out_for_that_customer_only(
    database: DatabaseTarget,
) -> None:
    async with commerce_app(database) as app:
        stocked = await stocked_shop(app)
        owner = app.customer()
        cart = await cart_with(app, [stocked.line("SHIRT-S", 1)], owner)
        others = {
            "anonymous": None,
            "member with every commerce permission": app.member(*(p.name for p in PERMISSIONS)),
            "another customer": app.customer(),
        }
        for label, token in others.items():
            assert _codes(await checkout(app, cart, token=token)) == [("NOT_FOUND", "token")], label
        await _nothing_placed(app)
        placed = await checkout(app, cart, token=owner)
        assert placed["errors"] == []
        assert placed["orderToken"] is None
        payload = (await app.payloads("commerce.order.placed"))[0]
        assert payload["customer_id"] is not None


async def test_a_customer_checking_out_a_guest_cart_owns_the_order(
    database: DatabaseTarget,
) -> None:
    async with commerce_app(database) as app:
        stocked = await stocked_shop(app)
        cart = await cart_with(app, [stocked.line("SHIRT-S", 1)])
        placed = await checkout(app, cart, token=app.customer())
        assert placed["errors"] == []
        assert placed["orderToken"] is None
        assert (await app.payloads("commerce.order.placed"))[0]["customer_id"] is not None


async def test_without_guest_checkout_a_guest_is_refused(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        stocked = await stocked_shop(app)
        values = {"default_currency": "EUR", "currencies": ["EUR"], "guest_checkout": False}
        owner = app.member("core.manage_modules")
        answer = await app.gql(
            _SETTINGS, {"input": {"module": "commerce", "settings": values}}, token=owner
        )
        assert answer["data"]["moduleSettingsUpdate"]["errors"] == []
        cart = await cart_with(app, [stocked.line("SHIRT-S", 1)])
        values = {"token": cart, "idempotencyKey": "k"}
        refused = await app.gql(CHECKOUT, {"input": values}, token=None)
        assert refused["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
        await _nothing_placed(app)
        # A customer may still check out, the guest's cart too (it becomes theirs).
        assert (await checkout(app, cart, token=app.customer()))["errors"] == []


async def test_fifty_checkouts_for_the_last_ten_units_sell_exactly_ten(
    database: DatabaseTarget,
) -> None:
    if not database.is_postgres:
        pytest.skip("needs PostgreSQL: SQLite runs one writer at a time, so nothing races")
    async with commerce_app(database) as app:
        stocked = await stocked_shop(app, small=10, medium=0)
        carts = [await cart_with(app, [stocked.line("SHIRT-S", 1)]) for _ in range(50)]
        answers = await asyncio.gather(
            *(checkout(app, cart, f"race-{number}") for number, cart in enumerate(carts))
        )
        sold = [answer for answer in answers if answer["errors"] == []]
        refused = [answer for answer in answers if answer["errors"]]
        assert len(sold) == 10
        assert {code for answer in refused for code in _codes(answer)} == {
            ("INSUFFICIENT_STOCK", "lines.0.quantity")
        }
        assert await levels(app, stocked) == {"SHIRT-S": (10, 10)}
        assert await count_rows(app, OrderRow) == 10
        assert len({answer["order"]["number"] for answer in sold}) == 10
