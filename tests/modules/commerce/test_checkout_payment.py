"""checkoutComplete with a payment provider: the order is placed and paid in one call.

The provider, method and data are checked before anything is placed; a refused payment leaves
the order placed and unpaid; a retry with the same key returns the same order and payment.
"""

from __future__ import annotations

from typing import Any

from modules.commerce.order_models import OrderRow
from modules.commerce.payment_models import PaymentRow
from tests.support.commerce import CommerceApp, count_rows
from tests.support.databases import DatabaseTarget
from tests.support.orders import ORDER_FIELDS, cart_with, stocked_shop
from tests.support.payments import payment_shop

CHECKOUT = f"""
mutation ($input: CheckoutCompleteInput!) {{
  checkoutComplete(input: $input) {{
    orderToken order {{ {ORDER_FIELDS} }} payment {{ id status method }}
    errors {{ code field message }}
  }}
}}
"""


def _codes(payload: dict[str, Any]) -> list[tuple[str, str | None]]:
    return [(error["code"], error["field"]) for error in payload["errors"]]


async def _checkout(app: CommerceApp, cart: str, **fields: Any) -> dict[str, Any]:
    values = {"token": cart, "idempotencyKey": "key-1", **fields}
    body = await app.gql(CHECKOUT, {"input": values}, token=None)
    assert "errors" not in body, body
    payload: dict[str, Any] = body["data"]["checkoutComplete"]
    return payload


async def _cart(app: CommerceApp) -> str:
    stocked = await stocked_shop(app)
    return await cart_with(app, [stocked.line("SHIRT-S", 2), stocked.line("SHIRT-M", 1)])


async def test_a_checkout_with_a_card_is_placed_and_paid(database: DatabaseTarget) -> None:
    async with payment_shop(database) as app:
        cart = await _cart(app)
        card = {"paymentProvider": "test", "paymentMethod": "card"}
        placed = await _checkout(app, cart, **card)
        assert placed["errors"] == []
        assert placed["order"]["paymentStatus"] == "PAID"
        assert placed["payment"]["status"] == "CAPTURED"
        again = await _checkout(app, cart, **card)
        assert again["order"]["id"] == placed["order"]["id"]
        assert again["payment"]["id"] == placed["payment"]["id"]
        assert await count_rows(app, PaymentRow) == 1
        assert len(await app.payloads("commerce.order.paid")) == 1


async def test_a_bad_payment_places_nothing(database: DatabaseTarget) -> None:
    async with payment_shop(database) as app:
        cart = await _cart(app)
        cases: list[tuple[dict[str, Any], list[tuple[str, str | None]]]] = [
            (
                {"paymentProvider": "nope", "paymentMethod": "card"},
                [("VALIDATION", "paymentProvider")],
            ),
            ({"paymentProvider": "test"}, [("VALIDATION", "paymentMethod")]),
            ({"paymentMethod": "card"}, [("VALIDATION", "paymentProvider")]),
            ({"paymentData": {"outcome": "fail"}}, [("VALIDATION", "paymentData")]),
            (
                {"paymentProvider": "test", "paymentMethod": "card", "paymentData": {"x": 1}},
                [("VALIDATION", "paymentData.x")],
            ),
        ]
        for fields, expected in cases:
            answer = await _checkout(app, cart, **fields)
            assert _codes(answer) == expected, fields
            assert answer["order"] is None
        assert await count_rows(app, OrderRow) == 0


async def test_a_declined_card_leaves_the_order_placed(database: DatabaseTarget) -> None:
    async with payment_shop(database) as app:
        cart = await _cart(app)
        declined = await _checkout(
            app,
            cart,
            paymentProvider="test",
            paymentMethod="card",
            paymentData={"outcome": "fail"},
        )
        assert _codes(declined) == [("PAYMENT_FAILED", None)]
        assert declined["order"]["status"] == "PLACED"
        assert declined["order"]["paymentStatus"] == "UNPAID"
        assert declined["payment"]["status"] == "FAILED"
        assert declined["orderToken"]
