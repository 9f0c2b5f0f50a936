"""refundCreate: staff give back captured money, by amount and optionally by lines.

The authorization matrix: anonymous, a member without ``commerce.manage_payments``, a member of
another tenant and a customer are refused, and nothing is written.
"""

from __future__ import annotations

from typing import Any

from app.ids import decode_global_id, encode_global_id
from modules.commerce.payment_models import RefundRow
from tests.support.commerce import CommerceApp, count_rows
from tests.support.databases import DatabaseTarget
from tests.support.orders import cancel, levels
from tests.support.payments import (
    Placed,
    attempts,
    by_token,
    pay,
    payment_shop,
    placed,
    refund,
)

_ONLY = "mutation ($i: RefundCreateInput!) { refundCreate(input: $i) { errors { code } } }"


def _codes(payload: dict[str, Any]) -> list[tuple[str, str | None]]:
    return [(error["code"], error["field"]) for error in payload["errors"]]


async def _paid(app: CommerceApp) -> Placed:
    order = await placed(app)
    answer = await pay(app, by_token(order), token=None)
    assert answer["order"]["paymentStatus"] == "PAID", answer
    return order


def _values(order: Placed, amount: int, key: str = "refund-1", **fields: Any) -> dict[str, Any]:
    return {
        "orderId": order.order,
        "idempotencyKey": key,
        "amount": {"amount": amount, "currency": "EUR"},
        "reason": "damaged in transit",
        **fields,
    }


async def test_partial_then_full_refund(database: DatabaseTarget) -> None:
    async with payment_shop(database) as app:
        order = await _paid(app)
        first = await refund(app, _values(order, 2000))
        assert first["errors"] == []
        assert first["refund"]["status"] == "SUCCEEDED"
        assert first["order"]["paymentStatus"] == "PARTIALLY_REFUNDED"
        assert first["order"]["refunded"] == {"amount": 2000}
        rest = await refund(app, _values(order, 4200, key="refund-2"))
        assert rest["order"]["paymentStatus"] == "REFUNDED"
        assert rest["order"]["refunded"] == {"amount": 6200}
        assert [r["status"] for r in rest["order"]["refunds"]] == ["SUCCEEDED", "SUCCEEDED"]
        order_id = decode_global_id(order.order)[1]
        partial = await app.payloads("commerce.order.partially_refunded")
        whole = await app.payloads("commerce.order.refunded")
        assert [(p["order_id"], p["refunded_amount"]) for p in partial] == [(order_id, 2000)]
        assert [(p["order_id"], p["refunded_amount"]) for p in whole] == [(order_id, 6200)]
        # Everything captured was given back: the order may now be cancelled.
        cancelled = await cancel(app, order.order)
        assert cancelled["errors"] == []
        assert await levels(app, order.stocked) == {"SHIRT-S": (10, 0), "SHIRT-M": (10, 0)}


async def test_a_refund_by_lines_restocks_what_was_reserved(database: DatabaseTarget) -> None:
    async with payment_shop(database) as app:
        order = await _paid(app)
        lines = [{"orderLineId": order.lines[0], "quantity": 1}]
        answer = await refund(app, _values(order, 2000, lines=lines, restock=True))
        assert answer["errors"] == []
        assert answer["refund"]["lines"] == [{"orderLineId": order.lines[0], "quantity": 1}]
        assert [line["refundedQuantity"] for line in answer["order"]["lines"]] == [1, 0]
        assert await levels(app, order.stocked) == {"SHIRT-S": (10, 1), "SHIRT-M": (10, 1)}
        again = _values(order, 2000, key="refund-2", lines=[{**lines[0], "quantity": 2}])
        assert _codes(await refund(app, again)) == [("VALIDATION", "lines.0.quantity")]


async def test_the_same_key_returns_the_same_refund(database: DatabaseTarget) -> None:
    async with payment_shop(database) as app:
        order = await _paid(app)
        first = await refund(app, _values(order, 1000))
        again = await refund(app, _values(order, 1000))
        assert again["refund"]["id"] == first["refund"]["id"]
        assert again["order"]["refunded"] == {"amount": 1000}
        assert await count_rows(app, RefundRow) == 1


async def test_a_refused_refund_changes_nothing(database: DatabaseTarget) -> None:
    async with payment_shop(database) as app:
        order = await _paid(app)
        answer = await refund(app, _values(order, 1000, paymentData={"outcome": "fail"}))
        assert _codes(answer) == [("PAYMENT_FAILED", None)]
        assert answer["refund"]["status"] == "FAILED"
        assert answer["order"]["refunded"] == {"amount": 0}
        assert answer["order"]["paymentStatus"] == "PAID"
        assert [p["error_code"] for p in await app.payloads("commerce.refund.failed")] == [
            "refund_refused"
        ]


async def test_a_timed_out_refund_is_asked_again_with_its_key(database: DatabaseTarget) -> None:
    async with payment_shop(database) as app:
        order = await _paid(app)
        values = _values(order, 1000, paymentData={"outcome": "time_out"})
        first = await refund(app, values)
        assert first["refund"]["status"] == "PENDING"
        # While it is pending, it counts: at most 5200 is left.
        over = await refund(app, _values(order, 5300, key="refund-2"))
        assert _codes(over) == [("VALIDATION", "amount.amount")]
        again = await refund(app, values)
        assert again["refund"]["status"] == "SUCCEEDED"
        assert again["order"]["refunded"] == {"amount": 1000}
        refunds = [a for a in await attempts(app) if a[0] == "refund"]
        assert refunds == [("refund", "timed_out"), ("refund", "succeeded")]


async def test_bad_input_is_refused_with_nothing_written(database: DatabaseTarget) -> None:
    async with payment_shop(database) as app:
        order = await _paid(app)
        unknown_line = encode_global_id("OrderLine", "0190f0f0-0000-7000-8000-000000000000")
        cases: list[tuple[dict[str, Any], list[tuple[str, str | None]]]] = [
            (_values(order, 6201), [("VALIDATION", "amount.amount")]),
            (_values(order, 0), [("VALIDATION", "amount.amount")]),
            (
                {**_values(order, 100), "amount": {"amount": 100, "currency": "USD"}},
                [("VALIDATION", "amount.currency")],
            ),
            (_values(order, 100, reason="  "), [("VALIDATION", "reason")]),
            (
                _values(order, 100, lines=[{"orderLineId": unknown_line, "quantity": 1}]),
                [("NOT_FOUND", "lines.0.orderLineId")],
            ),
            (
                _values(order, 100, lines=[{"orderLineId": order.lines[1], "quantity": 0}]),
                [("VALIDATION", "lines.0.quantity")],
            ),
            (
                _values(
                    order,
                    100,
                    lines=[
                        {"orderLineId": order.lines[0], "quantity": 1},
                        {"orderLineId": order.lines[0], "quantity": 1},
                    ],
                ),
                [("VALIDATION", "lines.1.orderLineId")],
            ),
        ]
        for values, expected in cases:
            assert _codes(await refund(app, values)) == expected, values
        assert await count_rows(app, RefundRow) == 0


async def test_an_unpaid_order_has_nothing_to_refund(database: DatabaseTarget) -> None:
    async with payment_shop(database) as app:
        order = await placed(app)
        answer = await refund(app, _values(order, 100))
        assert _codes(answer) == [("CONFLICT", None)]
        assert answer["errors"][0]["message"] == (
            "the order is unpaid; only captured money can be refunded"
        )
        other = await placed(app, key="key-2", stocked=order.stocked)
        await pay(app, by_token(other), token=None)
        assert (await refund(app, _values(other, 100)))["errors"] == []
        # The key of the other order's refund is refused before the order's state.
        reused = await refund(app, _values(order, 100))
        assert _codes(reused) == [("CONFLICT", "idempotencyKey")]


async def test_who_may_refund(database: DatabaseTarget) -> None:
    async with payment_shop(database) as app:
        order = await _paid(app)
        for who, (token, code) in app.refused(
            "commerce.manage_payments", without="commerce.view_orders"
        ).items():
            body = await app.gql(_ONLY, {"i": _values(order, 100)}, token=token)
            assert body["errors"][0]["extensions"]["code"] == code, who
        assert await count_rows(app, RefundRow) == 0
