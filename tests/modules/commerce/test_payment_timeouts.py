"""A payment whose provider does not answer is never charged twice, and is settled later.

The test gateway can be told to time out after moving the money (``time_out``: the dangerous
case), to lose the request (``lost``), or to answer after the tenant's deadline
(``delay_ms``). The payment then stays PENDING; the same request again, or
``commerce.reconcile_payments``, settles it with the first outcome.
"""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

from app.ids import decode_global_id
from modules.commerce.order_jobs import RELEASE_EXPIRED_RESERVATIONS
from modules.commerce.payment_builtin import LEDGER
from modules.commerce.payment_jobs import RECONCILE_PAYMENTS
from modules.commerce.payment_models import PaymentRow
from tests.support.commerce import count_rows
from tests.support.databases import DatabaseTarget
from tests.support.orders import ORDER_BY_TOKEN, cancel
from tests.support.payments import (
    attempts,
    by_token,
    pay,
    payment_rows,
    payment_shop,
    placed,
    run_job,
)

LATER = timedelta(minutes=5)


def _codes(payload: dict[str, Any]) -> list[tuple[str, str | None]]:
    return [(error["code"], error["field"]) for error in payload["errors"]]


def _charges(payment_id: str) -> int:
    """How many times the test gateway moved money for the payment."""
    local = decode_global_id(payment_id)[1]
    return sum(
        1
        for key, result in LEDGER.items()
        if key.startswith(local) and result.outcome == "succeeded"
    )


async def test_a_retry_after_a_timeout_charges_once(database: DatabaseTarget) -> None:
    async with payment_shop(database) as app:
        order = await placed(app)
        values = by_token(order, paymentData={"outcome": "time_out"})
        first = await pay(app, values, token=None)
        assert first["errors"] == []
        assert first["payment"]["status"] == "PENDING"
        assert first["order"]["paymentStatus"] == "UNPAID"
        # The gateway took the money; nobody knows yet.
        assert _charges(first["payment"]["id"]) == 1
        again = await pay(app, values, token=None)
        assert again["payment"]["id"] == first["payment"]["id"]
        assert again["payment"]["status"] == "CAPTURED"
        assert again["order"]["paymentStatus"] == "PAID"
        assert again["order"]["paid"] == {"amount": 6200}
        assert _charges(first["payment"]["id"]) == 2  # the authorization, then the capture
        assert await attempts(app) == [
            ("authorize", "timed_out"),
            ("authorize", "succeeded"),
            ("capture", "succeeded"),
        ]
        assert len(await app.payloads("commerce.order.paid")) == 1


async def test_concurrent_retries_settle_one_payment_once(database: DatabaseTarget) -> None:
    async with payment_shop(database) as app:
        order = await placed(app)
        values = by_token(order)
        answers = await asyncio.gather(*(pay(app, values, token=None) for _ in range(4)))
        assert {answer["payment"]["id"] for answer in answers} == {answers[0]["payment"]["id"]}
        assert all(answer["errors"] == [] for answer in answers)
        assert await count_rows(app, PaymentRow) == 1
        body = await app.gql(ORDER_BY_TOKEN, {"token": order.token}, token=None)
        assert body["data"]["orderByToken"]["paid"] == {"amount": 6200}
        assert len(await app.payloads("commerce.order.paid")) == 1
        assert len(await app.payloads("commerce.payment.captured")) == 1


async def test_the_reconcile_job_settles_a_timed_out_payment(database: DatabaseTarget) -> None:
    async with payment_shop(database) as app:
        order = await placed(app)
        first = await pay(app, by_token(order, paymentData={"outcome": "time_out"}), token=None)
        assert first["payment"]["status"] == "PENDING"
        await run_job(app, RECONCILE_PAYMENTS)  # too recent: a request may still be waiting
        assert [row.status for row in await payment_rows(app)] == ["pending"]
        app.clock.advance(LATER)
        await run_job(app, RECONCILE_PAYMENTS)
        [row] = await payment_rows(app)
        assert (row.status, row.pending_operation) == ("captured", None)
        body = await app.gql(ORDER_BY_TOKEN, {"token": order.token}, token=None)
        assert body["data"]["orderByToken"]["paymentStatus"] == "PAID"
        assert await attempts(app) == [
            ("authorize", "timed_out"),
            ("authorize", "succeeded"),
            ("capture", "succeeded"),
        ]


async def test_a_lost_request_is_settled_as_failed(database: DatabaseTarget) -> None:
    async with payment_shop(database) as app:
        order = await placed(app)
        first = await pay(app, by_token(order, paymentData={"outcome": "lost"}), token=None)
        assert first["payment"]["status"] == "PENDING"
        app.clock.advance(LATER)
        await run_job(app, RECONCILE_PAYMENTS)
        [row] = await payment_rows(app)
        assert row.status == "failed"
        assert row.last_error is not None
        assert row.last_error.startswith("not_received")
        failed = await app.payloads("commerce.payment.failed")
        assert [p["error_code"] for p in failed] == ["not_received"]
        # Nothing moved: the customer pays again under a new key.
        again = await pay(app, by_token(order, key="pay-2"), token=None)
        assert again["order"]["paymentStatus"] == "PAID"


async def test_a_provider_past_the_deadline_counts_as_timed_out(database: DatabaseTarget) -> None:
    async with payment_shop(database, payment_timeout_seconds=1) as app:
        order = await placed(app)
        slow = by_token(order, paymentData={"delay_ms": 1500})
        answer = await pay(app, slow, token=None)
        assert answer["errors"] == []
        assert answer["payment"]["status"] == "PENDING"
        [row] = await payment_rows(app)
        assert row.last_error is not None
        assert "no answer within 1 s" in row.last_error


async def test_a_pending_payment_holds_the_order(database: DatabaseTarget) -> None:
    async with payment_shop(database) as app:
        order = await placed(app)
        await pay(app, by_token(order, paymentData={"outcome": "time_out"}), token=None)
        refused = await cancel(app, order.order)
        assert _codes(refused) == [("CONFLICT", None)]
        assert "still being settled" in refused["errors"][0]["message"]
        # Past the reservation, the sweep leaves the order for the reconcile job.
        app.clock.advance(timedelta(hours=1))
        await run_job(app, RELEASE_EXPIRED_RESERVATIONS)
        body = await app.gql(ORDER_BY_TOKEN, {"token": order.token}, token=None)
        assert body["data"]["orderByToken"]["status"] == "PLACED"
        await run_job(app, RECONCILE_PAYMENTS)
        await run_job(app, RELEASE_EXPIRED_RESERVATIONS)
        body = await app.gql(ORDER_BY_TOKEN, {"token": order.token}, token=None)
        assert body["data"]["orderByToken"]["status"] == "PLACED"
        assert body["data"]["orderByToken"]["paymentStatus"] == "PAID"
