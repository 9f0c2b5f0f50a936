"""fulfilmentCreate, fulfilmentShip, orderComplete and the auto-completion job.

The authorization matrix: anonymous, a member without ``commerce.manage_orders``, a member of
another tenant and a customer are refused, and nothing is written.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import select

from app.ids import encode_global_id
from modules.commerce.fulfilment_jobs import COMPLETE_ORDERS
from modules.commerce.fulfilment_models import FulfilmentRow
from modules.commerce.models import StockMovementRow
from tests.support.commerce import CommerceApp, count_rows
from tests.support.databases import DatabaseTarget
from tests.support.orders import ORDER_BY_TOKEN, cancel, levels
from tests.support.payments import (
    Placed,
    by_token,
    capture,
    pay,
    payment_shop,
    placed,
    refund,
    run_job,
)

_ERRORS = "errors { code field message }"
_ORDER = "id status fulfilmentStatus allowedActions lines { fulfilledQuantity refundedQuantity }"
_FULFILMENT = "id status carrier trackingNumber shippedAt lines { orderLineId quantity }"
CREATE = f"""
mutation ($input: FulfilmentCreateInput!) {{
  fulfilmentCreate(input: $input) {{
    fulfilment {{ {_FULFILMENT} warehouse {{ code }} }} order {{ {_ORDER} }} {_ERRORS}
  }}
}}
"""
SHIP = f"""
mutation ($input: FulfilmentShipInput!) {{
  fulfilmentShip(input: $input) {{ fulfilment {{ {_FULFILMENT} }} {_ERRORS} }}
}}
"""
COMPLETE = f"""
mutation ($input: OrderCompleteInput!) {{
  orderComplete(input: $input) {{ order {{ {_ORDER} completedAt }} {_ERRORS} }}
}}
"""


def _codes(payload: dict[str, Any]) -> list[tuple[str, str | None]]:
    return [(error["code"], error["field"]) for error in payload["errors"]]


async def _paid(app: CommerceApp) -> Placed:
    order = await placed(app)
    answer = await pay(app, by_token(order), token=None)
    assert answer["order"]["paymentStatus"] == "PAID", answer
    return order


def _fulfil(order: Placed, *quantities: int, **fields: Any) -> dict[str, Any]:
    lines = [
        {"orderLineId": line, "quantity": quantity}
        for line, quantity in zip(order.lines, quantities, strict=False)
        if quantity
    ]
    return {
        "orderId": order.order,
        "warehouseId": order.stocked.warehouse,
        "lines": lines,
        **fields,
    }


async def _run(app: CommerceApp, document: str, values: dict[str, Any], token: str = "") -> Any:
    body = await app.gql(document, {"input": values}, token=token)
    assert "errors" not in body, body
    return next(iter(body["data"].values()))


async def test_an_order_ships_in_parts_and_is_completed(database: DatabaseTarget) -> None:
    async with payment_shop(database) as app:
        order = await _paid(app)
        first = await _run(app, CREATE, _fulfil(order, 1))
        assert first["errors"] == []
        assert first["fulfilment"]["status"] == "CREATED"
        assert first["fulfilment"]["warehouse"] == {"code": "main"}
        assert first["order"]["fulfilmentStatus"] == "PARTIALLY_FULFILLED"
        assert first["order"]["allowedActions"] == ["FULFIL", "REFUND"]
        assert await levels(app, order.stocked) == {"SHIRT-S": (9, 1), "SHIRT-M": (10, 1)}
        rest = await _run(app, CREATE, _fulfil(order, 1, 1, trackingNumber="TRK-1"))
        assert rest["fulfilment"]["status"] == "SHIPPED"
        assert rest["fulfilment"]["trackingNumber"] == "TRK-1"
        assert rest["order"]["fulfilmentStatus"] == "FULFILLED"
        assert rest["order"]["lines"] == [
            {"fulfilledQuantity": 2, "refundedQuantity": 0},
            {"fulfilledQuantity": 1, "refundedQuantity": 0},
        ]
        assert rest["order"]["allowedActions"] == ["COMPLETE", "REFUND"]
        assert await levels(app, order.stocked) == {"SHIRT-S": (8, 0), "SHIRT-M": (9, 0)}
        done = await _run(app, COMPLETE, {"id": order.order})
        assert done["errors"] == []
        assert done["order"]["status"] == "COMPLETED"
        assert done["order"]["completedAt"] is not None
        again = await _run(app, COMPLETE, {"id": order.order})
        assert again["errors"][0]["message"] == (
            "the order is completed; only a placed order can be completed"
        )
        types = [t for t in await app.event_types() if "fulfil" in t or "completed" in t]
        assert types == [
            "commerce.fulfilment.created",
            "commerce.order.partially_fulfilled",
            "commerce.fulfilment.created",
            "commerce.fulfilment.shipped",
            "commerce.order.fulfilled",
            "commerce.order.completed",
        ]
        runtime = app.api.state.runtime
        async with runtime.db.transaction(app.tenant.id, readonly=True) as session:
            reasons = await session.scalars(
                select(StockMovementRow.reason).where(
                    StockMovementRow.tenant_id == app.tenant.id,
                    StockMovementRow.reason == "fulfilment",
                )
            )
            assert len(list(reasons)) == 3
        # A completed order still takes refunds.
        late = {
            "orderId": order.order,
            "idempotencyKey": "late",
            "amount": {"amount": 100, "currency": "EUR"},
            "reason": "goodwill",
        }
        assert (await refund(app, late))["errors"] == []


async def test_a_fulfilment_ships_later(database: DatabaseTarget) -> None:
    async with payment_shop(database) as app:
        order = await _paid(app)
        created = await _run(app, CREATE, _fulfil(order, 2, 1))
        fulfilment = created["fulfilment"]["id"]
        shipped = await _run(
            app, SHIP, {"id": fulfilment, "carrier": "DHL", "trackingNumber": "JD014600"}
        )
        assert shipped["errors"] == []
        assert shipped["fulfilment"]["status"] == "SHIPPED"
        assert shipped["fulfilment"]["carrier"] == "DHL"
        again = await _run(app, SHIP, {"id": fulfilment})
        assert _codes(again) == [("CONFLICT", None)]
        assert len(await app.payloads("commerce.fulfilment.shipped")) == 1
        # Something shipped: the order can no longer be cancelled.
        refused = await cancel(app, order.order)
        assert refused["errors"][0]["message"] == (
            "the order is fulfilled; a fulfilled order cannot be cancelled"
        )


async def test_an_unpaid_order_does_not_ship_unless_cash_on_delivery(
    database: DatabaseTarget,
) -> None:
    async with payment_shop(database) as app:
        order = await placed(app)
        refused = await _run(app, CREATE, _fulfil(order, 1))
        assert _codes(refused) == [("CONFLICT", None)]
        assert refused["errors"][0]["message"] == "the order is unpaid; it ships once paid"
        values = by_token(order, paymentProvider="manual", paymentMethod="cash_on_delivery")
        payment = (await pay(app, values, token=None))["payment"]["id"]
        shipped = await _run(app, CREATE, _fulfil(order, 2, 1))
        assert shipped["order"]["fulfilmentStatus"] == "FULFILLED"
        assert shipped["order"]["allowedActions"] == ["CAPTURE_PAYMENT", "VOID_PAYMENT"]
        unsettled = await _run(app, COMPLETE, {"id": order.order})
        assert unsettled["errors"][0]["message"] == (
            "the order is authorized; settle its payment first"
        )
        assert (await capture(app, payment))["errors"] == []
        assert (await _run(app, COMPLETE, {"id": order.order}))["errors"] == []


async def test_refunded_units_need_no_shipping(database: DatabaseTarget) -> None:
    async with payment_shop(database) as app:
        order = await _paid(app)
        values = {
            "orderId": order.order,
            "idempotencyKey": "r1",
            "amount": {"amount": 2200, "currency": "EUR"},
            "lines": [{"orderLineId": order.lines[1], "quantity": 1}],
            "reason": "out of stock after all",
            "restock": True,
        }
        assert (await refund(app, values))["errors"] == []
        over = await _run(app, CREATE, _fulfil(order, 2, 1))
        assert _codes(over) == [("VALIDATION", "lines.1.quantity")]
        assert over["errors"][0]["message"] == "nothing is left of this line to fulfil"
        shipped = await _run(app, CREATE, _fulfil(order, 2))
        assert shipped["order"]["fulfilmentStatus"] == "FULFILLED"


async def test_bad_input_is_refused_with_nothing_written(database: DatabaseTarget) -> None:
    async with payment_shop(database) as app:
        order = await _paid(app)
        unknown_line = encode_global_id("OrderLine", "0190f0f0-0000-7000-8000-000000000000")
        unknown_warehouse = encode_global_id("Warehouse", "0190f0f0-0000-7000-8000-000000000000")
        twice = _fulfil(order, 1)
        twice["lines"] = twice["lines"] * 2
        cases: list[tuple[dict[str, Any], list[tuple[str, str | None]]]] = [
            (_fulfil(order), [("VALIDATION", "lines")]),
            (_fulfil(order, 3), [("VALIDATION", "lines.0.quantity")]),
            (_fulfil(order, 0, 2), [("VALIDATION", "lines.0.quantity")]),
            (twice, [("VALIDATION", "lines.1.orderLineId")]),
            (
                {**_fulfil(order, 1), "lines": [{"orderLineId": unknown_line, "quantity": 1}]},
                [("NOT_FOUND", "lines.0.orderLineId")],
            ),
            (
                {**_fulfil(order, 1), "warehouseId": unknown_warehouse},
                [("NOT_FOUND", "warehouseId")],
            ),
            (_fulfil(order, 1, carrier=" "), [("VALIDATION", "carrier")]),
        ]
        for values, expected in cases:
            assert _codes(await _run(app, CREATE, values)) == expected, values
        other = await app.gql(
            "mutation ($i: WarehouseCreateInput!) { warehouseCreate(input: $i) "
            "{ warehouse { id } errors { code } } }",
            {"i": {"code": "north", "name": "North"}},
        )
        north = other["data"]["warehouseCreate"]["warehouse"]["id"]
        elsewhere = await _run(app, CREATE, {**_fulfil(order, 1), "warehouseId": north})
        assert _codes(elsewhere) == [("CONFLICT", "lines.0.quantity")]
        assert elsewhere["errors"][0]["message"] == (
            "only 0 reserved for this order in this warehouse"
        )
        assert await count_rows(app, FulfilmentRow) == 0
        assert await levels(app, order.stocked) == {"SHIRT-S": (10, 2), "SHIRT-M": (10, 1)}


async def test_orders_complete_themselves_after_the_set_days(database: DatabaseTarget) -> None:
    async with payment_shop(database, auto_complete_days=14) as app:
        order = await _paid(app)
        await _run(app, CREATE, _fulfil(order, 2, 1))
        app.clock.advance(timedelta(days=13))
        await run_job(app, COMPLETE_ORDERS)
        body = await app.gql(ORDER_BY_TOKEN, {"token": order.token}, token=None)
        assert body["data"]["orderByToken"]["status"] == "PLACED"
        app.clock.advance(timedelta(days=1))
        await run_job(app, COMPLETE_ORDERS)
        body = await app.gql(ORDER_BY_TOKEN, {"token": order.token}, token=None)
        assert body["data"]["orderByToken"]["status"] == "COMPLETED"
        assert len(await app.payloads("commerce.order.completed")) == 1


async def test_auto_completion_can_be_off(database: DatabaseTarget) -> None:
    async with payment_shop(database, auto_complete_days=0) as app:
        order = await _paid(app)
        await _run(app, CREATE, _fulfil(order, 2, 1))
        app.clock.advance(timedelta(days=400))
        await run_job(app, COMPLETE_ORDERS)
        body = await app.gql(ORDER_BY_TOKEN, {"token": order.token}, token=None)
        assert body["data"]["orderByToken"]["status"] == "PLACED"


async def test_who_may_fulfil_and_complete(database: DatabaseTarget) -> None:
    async with payment_shop(database) as app:
        order = await _paid(app)
        only = (
            "mutation ($i: FulfilmentCreateInput!) "
            "{ fulfilmentCreate(input: $i) { errors { code } } }"
        )
        done = "mutation ($i: OrderCompleteInput!) { orderComplete(input: $i) { errors { code } } }"
        for who, (token, code) in app.refused(
            "commerce.manage_orders", without="commerce.view_orders"
        ).items():
            body = await app.gql(only, {"i": _fulfil(order, 1)}, token=token)
            assert body["errors"][0]["extensions"]["code"] == code, who
            body = await app.gql(done, {"i": {"id": order.order}}, token=token)
            assert body["errors"][0]["extensions"]["code"] == code, who
        assert await count_rows(app, FulfilmentRow) == 0
