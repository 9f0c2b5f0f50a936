"""paymentCapture and paymentVoid: staff take or release an authorized payment.

The authorization matrix: anonymous, a member without ``commerce.manage_payments``, a member of
another tenant and a customer are refused, and nothing moves.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from app.ids import encode_global_id
from modules.commerce.order_jobs import RELEASE_EXPIRED_RESERVATIONS
from tests.support.commerce import CommerceApp
from tests.support.databases import DatabaseTarget
from tests.support.orders import ORDER_BY_TOKEN, cancel
from tests.support.payments import (
    attempts,
    by_token,
    capture,
    pay,
    payment_rows,
    payment_shop,
    placed,
    reservation_expiries,
    run_job,
    void,
)

_CAPTURE_ONLY = (
    "mutation ($i: PaymentCaptureInput!) { paymentCapture(input: $i) { errors { code } } }"
)
_ACTIONS = "query ($id: ID!) { order(id: $id) { allowedActions } }"


def _codes(payload: dict[str, Any]) -> list[tuple[str, str | None]]:
    return [(error["code"], error["field"]) for error in payload["errors"]]


async def _bank_transfer(app: CommerceApp, **fields: Any) -> tuple[Any, str]:
    order = await placed(app)
    values = by_token(order, paymentProvider="manual", paymentMethod="bank_transfer", **fields)
    answer = await pay(app, values, token=None)
    assert answer["errors"] == [], answer
    return order, answer["payment"]["id"]


async def _actions(app: CommerceApp, order: str, token: str = "") -> list[str]:
    body = await app.gql(_ACTIONS, {"id": order}, token=token)
    found: list[str] = body["data"]["order"]["allowedActions"]
    return found


async def test_staff_capture_a_bank_transfer(database: DatabaseTarget) -> None:
    async with payment_shop(database) as app:
        order, payment = await _bank_transfer(app)
        assert await _actions(app, order.order) == ["CANCEL", "CAPTURE_PAYMENT", "VOID_PAYMENT"]
        captured = await capture(app, payment)
        assert captured["errors"] == []
        assert captured["payment"]["status"] == "CAPTURED"
        assert captured["order"]["paymentStatus"] == "PAID"
        assert captured["order"]["paid"] == {"amount": 6200}
        assert await reservation_expiries(app) == [None, None]
        assert await _actions(app, order.order) == ["FULFIL", "REFUND"]
        assert len(await app.payloads("commerce.order.paid")) == 1
        again = await capture(app, payment, key="cap-2")
        assert again["errors"] == []
        assert again["payment"]["status"] == "CAPTURED"
        assert await attempts(app) == [("authorize", "succeeded"), ("capture", "succeeded")]
        assert len(await app.payloads("commerce.payment.captured")) == 1


async def test_a_voided_payment_lets_the_order_be_paid_again(database: DatabaseTarget) -> None:
    async with payment_shop(database) as app:
        order, payment = await _bank_transfer(app)
        voided = await void(app, payment)
        assert voided["errors"] == []
        assert voided["payment"]["status"] == "VOIDED"
        assert voided["order"]["paymentStatus"] == "VOIDED"
        assert _codes(await capture(app, payment)) == [("CONFLICT", None)]
        again = await pay(app, by_token(order, key="pay-2"), token=None)
        assert again["errors"] == []
        assert again["order"]["paymentStatus"] == "PAID"


async def test_cancelling_voids_the_authorization(database: DatabaseTarget) -> None:
    async with payment_shop(database) as app:
        order, _ = await _bank_transfer(app)
        cancelled = await cancel(app, order.order)
        assert cancelled["errors"] == []
        assert cancelled["order"]["status"] == "CANCELLED"
        assert cancelled["order"]["paymentStatus"] == "VOIDED"
        assert [row.status for row in await payment_rows(app)] == ["voided"]
        assert len(await app.payloads("commerce.payment.voided")) == 1


async def test_a_captured_payment_cannot_be_voided_nor_its_order_cancelled(
    database: DatabaseTarget,
) -> None:
    async with payment_shop(database) as app:
        order = await placed(app)
        paid = await pay(app, by_token(order), token=None)
        refused = await void(app, paid["payment"]["id"])
        assert _codes(refused) == [("CONFLICT", None)]
        assert refused["errors"][0]["message"] == (
            "the payment is captured; only an authorized one can void"
        )
        not_cancelled = await cancel(app, order.order)
        assert not_cancelled["errors"][0]["message"] == (
            "the order is paid; refund the payment first"
        )


async def test_an_unpaid_bank_transfer_expires_after_its_window(database: DatabaseTarget) -> None:
    async with payment_shop(database, manual_payment_ttl_hours=24) as app:
        order, _ = await _bank_transfer(app)
        app.clock.advance(timedelta(hours=2))  # past the checkout's 30 minutes: still held
        await run_job(app, RELEASE_EXPIRED_RESERVATIONS)
        body = await app.gql(ORDER_BY_TOKEN, {"token": order.token}, token=None)
        assert body["data"]["orderByToken"]["status"] == "PLACED"
        app.clock.advance(timedelta(hours=23))
        await run_job(app, RELEASE_EXPIRED_RESERVATIONS)
        body = await app.gql(ORDER_BY_TOKEN, {"token": order.token}, token=None)
        expired = body["data"]["orderByToken"]
        assert (expired["status"], expired["paymentStatus"]) == ("CANCELLED", "VOIDED")
        assert expired["cancelReason"] == "expired"


async def test_an_authorized_card_expires_with_its_reservation(database: DatabaseTarget) -> None:
    async with payment_shop(database) as app:
        order = await placed(app)
        held = await pay(app, by_token(order, paymentData={"capture": "manual"}), token=None)
        assert held["payment"]["status"] == "AUTHORIZED"
        app.clock.advance(timedelta(hours=1))
        await run_job(app, RELEASE_EXPIRED_RESERVATIONS)
        body = await app.gql(ORDER_BY_TOKEN, {"token": order.token}, token=None)
        assert body["data"]["orderByToken"]["paymentStatus"] == "VOIDED"
        assert await attempts(app) == [("authorize", "succeeded"), ("void", "succeeded")]


async def test_bad_input_and_who_may_capture(database: DatabaseTarget) -> None:
    async with payment_shop(database) as app:
        _, payment = await _bank_transfer(app)
        unknown = encode_global_id("Payment", "0190f0f0-0000-7000-8000-000000000000")
        assert _codes(await capture(app, unknown)) == [("NOT_FOUND", "paymentId")]
        assert _codes(await capture(app, "nonsense")) == [("VALIDATION", "paymentId")]
        assert _codes(await capture(app, payment, key="")) == [("VALIDATION", "idempotencyKey")]
        for who, (token, code) in app.refused(
            "commerce.manage_payments", without="commerce.view_orders"
        ).items():
            body = await app.gql(
                _CAPTURE_ONLY,
                {"i": {"paymentId": payment, "idempotencyKey": "k"}},
                token=token,
            )
            assert body["errors"][0]["extensions"]["code"] == code, who
        assert [row.status for row in await payment_rows(app)] == ["authorized"]
