"""paymentCreate: an order paid through the test gateway or a manual method; bad input refused.

Who may pay: a guest by the order token, the order's own customer by its ID, staff with
``commerce.manage_payments``; anyone else is told NOT_FOUND, as for an unknown order.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from app.ids import decode_global_id
from modules.commerce.payment_models import PaymentRow
from tests.support.commerce import count_rows
from tests.support.databases import DatabaseTarget
from tests.support.payments import (
    attempts,
    by_token,
    pay,
    payment_rows,
    payment_shop,
    placed,
    reservation_expiries,
)


def _codes(payload: dict[str, Any]) -> list[tuple[str, str | None]]:
    return [(error["code"], error["field"]) for error in payload["errors"]]


async def test_a_card_payment_pays_the_order(database: DatabaseTarget) -> None:
    async with payment_shop(database) as app:
        order = await placed(app)
        paid = await pay(app, by_token(order), token=None)
        assert paid["errors"] == []
        assert paid["payment"]["status"] == "CAPTURED"
        assert paid["payment"]["amount"] == {"amount": 6200, "currency": "EUR"}
        assert paid["payment"]["captured"] == {"amount": 6200}
        assert paid["payment"]["instructions"] is None
        assert paid["order"]["paymentStatus"] == "PAID"
        assert paid["order"]["paid"] == {"amount": 6200}
        assert paid["order"]["paymentMethod"] == "card"
        assert await attempts(app) == [("authorize", "succeeded"), ("capture", "succeeded")]
        assert await reservation_expiries(app) == [None, None]
        payment_id = decode_global_id(paid["payment"]["id"])[1]
        assert await app.payloads("commerce.order.paid") == [
            {
                "order_id": decode_global_id(order.order)[1],
                "number": "1000",
                "customer_id": None,
                "payment_id": payment_id,
                "currency": "EUR",
                "paid_amount": 6200,
            }
        ]
        types = [t for t in await app.event_types() if t.startswith("commerce.payment.")]
        assert types == [
            "commerce.payment.created",
            "commerce.payment.authorized",
            "commerce.payment.captured",
        ]


async def test_the_same_key_returns_the_same_payment(database: DatabaseTarget) -> None:
    async with payment_shop(database) as app:
        order = await placed(app)
        first = await pay(app, by_token(order), token=None)
        again = await pay(app, by_token(order), token=None)
        assert again["errors"] == []
        assert again["payment"]["id"] == first["payment"]["id"]
        assert await count_rows(app, PaymentRow) == 1
        assert len(await attempts(app)) == 2
        assert len(await app.payloads("commerce.order.paid")) == 1


async def test_a_declined_card_leaves_the_order_unpaid(database: DatabaseTarget) -> None:
    async with payment_shop(database) as app:
        order = await placed(app)
        declined = await pay(app, by_token(order, paymentData={"outcome": "fail"}), token=None)
        assert _codes(declined) == [("PAYMENT_FAILED", None)]
        assert "card_declined" in declined["errors"][0]["message"]
        assert declined["payment"]["status"] == "FAILED"
        assert declined["order"]["paymentStatus"] == "UNPAID"
        failed = await app.payloads("commerce.payment.failed")
        assert [p["error_code"] for p in failed] == ["card_declined"]
        # A new key pays.
        retried = await pay(app, by_token(order, key="pay-2"), token=None)
        assert retried["errors"] == []
        assert retried["order"]["paymentStatus"] == "PAID"
        assert [p["status"] for p in retried["order"]["payments"]] == ["FAILED", "CAPTURED"]


async def test_a_bank_transfer_waits_for_staff(database: DatabaseTarget) -> None:
    async with payment_shop(database, manual_payment_ttl_hours=48) as app:
        order = await placed(app)
        values = by_token(order, paymentProvider="manual", paymentMethod="bank_transfer")
        waiting = await pay(app, values, token=None)
        assert waiting["errors"] == []
        assert waiting["payment"]["status"] == "AUTHORIZED"
        assert waiting["payment"]["instructions"] == (
            "Pay to IBAN DE00 0000, quoting the order number."
        )
        assert waiting["order"]["paymentStatus"] == "AUTHORIZED"
        expected = app.clock.now() + timedelta(hours=48)
        assert await reservation_expiries(app) == [expected, expected]


async def test_cash_on_delivery_does_not_expire(database: DatabaseTarget) -> None:
    async with payment_shop(database) as app:
        order = await placed(app)
        values = by_token(order, paymentProvider="manual", paymentMethod="cash_on_delivery")
        answer = await pay(app, values, token=None)
        assert answer["payment"]["status"] == "AUTHORIZED"
        assert await reservation_expiries(app) == [None, None]


async def test_bad_input_is_refused_with_nothing_written(database: DatabaseTarget) -> None:
    async with payment_shop(database, payment_providers=["manual"]) as app:
        order = await placed(app)
        cases: list[tuple[dict[str, Any], list[tuple[str, str | None]]]] = [
            (by_token(order, paymentProvider="stripe"), [("VALIDATION", "paymentProvider")]),
            (by_token(order), [("VALIDATION", "paymentProvider")]),  # test not enabled
            (
                by_token(order, paymentProvider="manual", paymentMethod="cheque"),
                [("VALIDATION", "paymentMethod")],
            ),
            (
                by_token(
                    order,
                    paymentProvider="manual",
                    paymentMethod="bank_transfer",
                    paymentData={"iban": "x"},
                ),
                [("VALIDATION", "paymentData")],
            ),
            (
                by_token(
                    order, key=" spaced ", paymentProvider="manual", paymentMethod="bank_transfer"
                ),
                [("VALIDATION", "idempotencyKey")],
            ),
            ({**by_token(order), "orderId": order.order}, [("VALIDATION", "orderId")]),
            (by_token(order, orderToken="nope"), [("NOT_FOUND", "orderToken")]),
        ]
        for values, expected in cases:
            answer = await pay(app, values, token=None)
            assert _codes(answer) == expected, values
        assert await count_rows(app, PaymentRow) == 0
        assert await app.payloads("commerce.payment.created") == []


async def test_the_test_gateway_works_only_in_debug_mode(database: DatabaseTarget) -> None:
    async with payment_shop(database, debug=False) as app:
        order = await placed(app)
        answer = await pay(app, by_token(order), token=None)
        assert _codes(answer) == [("VALIDATION", "paymentProvider")]
        assert "debug" in answer["errors"][0]["message"]


async def test_test_gateway_data_is_checked(database: DatabaseTarget) -> None:
    async with payment_shop(database) as app:
        order = await placed(app)
        data = {"outcome": "maybe", "delay_ms": -1, "capture": "later", "pan": "4242"}
        answer = await pay(app, by_token(order, paymentData=data), token=None)
        assert sorted(_codes(answer)) == [
            ("VALIDATION", "paymentData.capture"),
            ("VALIDATION", "paymentData.delay_ms"),
            ("VALIDATION", "paymentData.outcome"),
            ("VALIDATION", "paymentData.pan"),
        ]
        assert _codes(await pay(app, by_token(order, paymentData=[1]), token=None)) == [
            ("VALIDATION", "paymentData")
        ]
        assert await count_rows(app, PaymentRow) == 0


async def test_a_key_of_another_order_and_a_second_payment_conflict(
    database: DatabaseTarget,
) -> None:
    async with payment_shop(database) as app:
        first = await placed(app, key="order-1")
        manual = by_token(first, paymentProvider="manual", paymentMethod="bank_transfer")
        assert (await pay(app, manual, token=None))["errors"] == []
        # The order is authorized: a second payment under another key is refused.
        second = await pay(app, by_token(first, key="pay-2"), token=None)
        assert _codes(second) == [("CONFLICT", None)]
        assert "authorized" in second["errors"][0]["message"]
        other = await placed(app, key="order-2", stocked=first.stocked)
        reused = await pay(app, by_token(other), token=None)
        assert _codes(reused) == [("CONFLICT", "idempotencyKey")]
        assert await count_rows(app, PaymentRow) == 1


async def test_who_may_pay_an_order(database: DatabaseTarget) -> None:
    async with payment_shop(database) as app:
        customer = app.customer()
        mine = await placed(app, key="mine", token=customer)
        values = {
            "orderId": mine.order,
            "idempotencyKey": "pay-mine",
            "paymentProvider": "manual",
            "paymentMethod": "bank_transfer",
        }
        refused = {
            "anonymous": None,
            "another customer": app.customer(),
            "member without manage_payments": app.member("commerce.view_orders"),
        }
        for who, token in refused.items():
            answer = await pay(app, values, token=token)
            assert _codes(answer) == [("NOT_FOUND", "orderId")], who
        assert await count_rows(app, PaymentRow) == 0
        own = await pay(app, values, token=customer)
        assert own["errors"] == []
        guest = await placed(app, key="guest", stocked=mine.stocked)
        staff = app.member("commerce.manage_payments", "commerce.view_orders")
        by_staff = {**values, "orderId": guest.order, "idempotencyKey": "pay-staff"}
        assert (await pay(app, by_staff, token=staff))["errors"] == []
        assert await count_rows(app, PaymentRow) == 2


async def test_a_cancelled_order_takes_no_payment(database: DatabaseTarget) -> None:
    async with payment_shop(database) as app:
        order = await placed(app)
        body = await app.gql(
            "mutation ($i: OrderCancelInput!) { orderCancel(input: $i) { errors { code } } }",
            {"i": {"id": order.order, "reason": "asked"}},
        )
        assert body["data"]["orderCancel"]["errors"] == []
        answer = await pay(app, by_token(order), token=None)
        assert _codes(answer) == [("CONFLICT", None)]
        assert answer["errors"][0]["message"] == (
            "the order is cancelled; only a placed order can be paid"
        )
        assert await payment_rows(app) == []
