"""stockAdjust: count stock up or down; one movement and one event per change; never lost."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

from sqlalchemy import func, select

from app.ids import decode_global_id, encode_global_id, new_id
from modules.commerce.inventory import Reference, StockLine, reserve
from modules.commerce.models import StockLevelRow, StockMovementRow
from tests.support.commerce import STOCK_ADJUST, CommerceApp, commerce_app, count_rows
from tests.support.databases import DatabaseTarget

MOVEMENTS = """
query ($variant: ID!) {
  stockMovements(variantId: $variant) {
    totalCount
    edges { node {
      onHandDelta reservedDelta reason note
      variant { sku } warehouse { code }
    } }
  }
}
"""
BACKORDER = """
mutation ($id: ID!) {
  productVariantUpdate(input: {id: $id, allowBackorder: true}) { errors { code } }
}
"""


async def _variant(app: CommerceApp) -> tuple[str, str]:
    """Create the shirt; return its product's and its first variant's global IDs."""
    product = await app.product()
    return product["id"], product["variants"][0]["id"]


async def _reserve(app: CommerceApp, variant: str, warehouse: str, quantity: int) -> None:
    ctx = await app.system()
    line = StockLine(_uuid(variant), _uuid(warehouse), quantity)
    async with ctx.runtime.db.transaction(app.tenant.id) as session:
        await reserve(ctx, session, [line], Reference("order", new_id()))


def _uuid(global_id: str) -> uuid.UUID:
    return uuid.UUID(decode_global_id(global_id)[1])


async def _trail_total(app: CommerceApp) -> tuple[int, int]:
    """Return the tenant's number of movements and the sum of their on-hand deltas."""
    runtime = app.api.state.runtime
    async with runtime.db.transaction(app.tenant.id, readonly=True) as session:
        count, total = (
            await session.execute(
                select(func.count(), func.sum(StockMovementRow.on_hand_delta)).where(
                    StockMovementRow.tenant_id == app.tenant.id
                )
            )
        ).one()
    return int(count), int(total or 0)


async def test_the_manage_inventory_permission_decides(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        _, variant = await _variant(app)
        main = await app.warehouse()
        events = await app.event_types()
        values = {"variantId": variant, "warehouseId": main, "onHandDelta": 5}
        refused = app.refused("commerce.manage_inventory", without="commerce.view_inventory")
        for label, (token, code) in refused.items():
            answer = await app.gql(STOCK_ADJUST, {"input": values}, token=token)
            assert answer["data"] is None, label
            assert [e["extensions"]["code"] for e in answer["errors"]] == [code], label
        assert await count_rows(app, StockLevelRow) == 0
        assert await count_rows(app, StockMovementRow) == 0
        assert await app.event_types() == events
        allowed = app.member("commerce.manage_inventory")
        answer = await app.gql(STOCK_ADJUST, {"input": values}, token=allowed)
        assert answer["data"]["stockAdjust"]["errors"] == []


async def test_deltas_and_counts_move_stock_with_a_trail(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        product, variant = await _variant(app)
        main = await app.warehouse()
        received = await app.adjust(variant, main, onHandDelta=12, reason="RECEIPT", note="PO 7")
        assert received == {
            "stockLevel": {
                "warehouse": {"code": "main"},
                "onHand": 12,
                "reserved": 0,
                "available": 12,
            },
            "errors": [],
        }
        assert (await app.adjust(variant, main, onHand=9))["stockLevel"]["onHand"] == 9
        assert (await app.adjust(variant, main, onHand=9))["stockLevel"]["onHand"] == 9
        returned = await app.adjust(variant, main, onHandDelta=1, reason="RETURN")
        assert returned["stockLevel"]["available"] == 10
        trail = (await app.gql(MOVEMENTS, {"variant": variant}))["data"]["stockMovements"]
        assert trail["totalCount"] == 3
        expected = [(1, "RETURN", None), (-3, "ADJUSTMENT", None), (12, "RECEIPT", "PO 7")]
        assert [edge["node"] for edge in trail["edges"]] == [
            {
                "onHandDelta": delta,
                "reservedDelta": 0,
                "reason": reason,
                "note": note,
                "variant": {"sku": "SHIRT-S"},
                "warehouse": {"code": "main"},
            }
            for delta, reason, note in expected
        ]
        runtime = app.api.state.runtime
        async with runtime.db.transaction(app.tenant.id, readonly=True) as session:
            actors = set(
                await session.execute(
                    select(StockMovementRow.actor_kind, StockMovementRow.actor_id).where(
                        StockMovementRow.tenant_id == app.tenant.id
                    )
                )
            )
        assert [kind for kind, _ in actors] == ["user"]
        ids = {
            "product_id": decode_global_id(product)[1],
            "variant_id": decode_global_id(variant)[1],
            "warehouse_id": decode_global_id(main)[1],
        }
        assert await app.payloads("commerce.stock.changed") == [
            {**ids, "reason": "receipt", "available": 12},
            {**ids, "reason": "adjustment", "available": 9},
            {**ids, "reason": "return", "available": 10},
        ]


async def test_bad_input_is_refused_with_nothing_written(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        _, variant = await _variant(app)
        main = await app.warehouse()
        assert (await app.adjust(variant, main, onHandDelta=3))["errors"] == []
        events, trail = await app.event_types(), await _trail_total(app)
        cases: list[tuple[dict[str, Any], list[tuple[str, str]]]] = [
            ({}, [("VALIDATION", "onHandDelta")]),
            ({"onHandDelta": 1, "onHand": 4}, [("VALIDATION", "onHandDelta")]),
            ({"onHandDelta": 0}, [("VALIDATION", "onHandDelta")]),
            ({"onHand": -1, "note": "x" * 501}, [("VALIDATION", "onHand"), ("VALIDATION", "note")]),
            ({"onHandDelta": -4}, [("VALIDATION", "onHandDelta")]),
            ({"onHandDelta": -1, "reason": "RECEIPT"}, [("VALIDATION", "reason")]),
            ({"onHand": 2, "reason": "RETURN"}, [("VALIDATION", "reason")]),
        ]
        for fields, errors in cases:
            answer = await app.adjust(variant, main, **fields)
            assert answer["stockLevel"] is None, fields
            assert [(e["code"], e["field"]) for e in answer["errors"]] == errors, fields
        unknown = await app.adjust(
            encode_global_id("ProductVariant", new_id()),
            encode_global_id("Warehouse", new_id()),
            onHandDelta=1,
        )
        assert [(e["code"], e["field"]) for e in unknown["errors"]] == [
            ("NOT_FOUND", "variantId"),
            ("NOT_FOUND", "warehouseId"),
        ]
        wrong = await app.adjust(main, main, onHandDelta=1)
        assert [(e["code"], e["field"]) for e in wrong["errors"]] == [("VALIDATION", "variantId")]
        assert await app.event_types() == events
        assert await _trail_total(app) == trail
        assert await count_rows(app, StockLevelRow) == 1


async def test_reserved_stock_is_not_counted_away_unless_backordered(
    database: DatabaseTarget,
) -> None:
    async with commerce_app(database) as app:
        _, variant = await _variant(app)
        main = await app.warehouse()
        assert (await app.adjust(variant, main, onHand=5))["errors"] == []
        await _reserve(app, variant, main, 4)
        events = await app.event_types()
        short = await app.adjust(variant, main, onHand=3)
        assert short["stockLevel"] is None
        assert [(e["code"], e["field"]) for e in short["errors"]] == [
            ("INSUFFICIENT_STOCK", "onHand")
        ]
        assert short["errors"][0]["message"] == "only 1 available"
        assert await app.event_types() == events
        down = await app.adjust(variant, main, onHandDelta=-1)
        assert down["stockLevel"] == {
            "warehouse": {"code": "main"},
            "onHand": 4,
            "reserved": 4,
            "available": 0,
        }
        assert (await app.gql(BACKORDER, {"id": variant}))["data"]["productVariantUpdate"] == {
            "errors": []
        }
        oversold = await app.adjust(variant, main, onHand=1)
        assert oversold["stockLevel"] == {
            "warehouse": {"code": "main"},
            "onHand": 1,
            "reserved": 4,
            "available": -3,
        }


async def test_concurrent_adjustments_never_lose_an_update(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        _, variant = await _variant(app)
        main = await app.warehouse()
        assert (await app.adjust(variant, main, onHand=100))["errors"] == []
        deltas = [5 if number % 2 else -2 for number in range(20)]
        answers = await asyncio.gather(
            *(app.adjust(variant, main, onHandDelta=delta) for delta in deltas)
        )
        assert [answer["errors"] for answer in answers] == [[]] * 20
        runtime = app.api.state.runtime
        async with runtime.db.transaction(app.tenant.id, readonly=True) as session:
            level = await session.scalar(
                select(StockLevelRow).where(
                    StockLevelRow.tenant_id == app.tenant.id,
                    StockLevelRow.variant_id == _uuid(variant),
                )
            )
        assert level is not None
        assert level.on_hand == 100 + sum(deltas) == 130
        assert await _trail_total(app) == (21, 130)
        assert len(await app.payloads("commerce.stock.changed")) == 21
