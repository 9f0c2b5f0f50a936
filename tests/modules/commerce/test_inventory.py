"""Inventory reads and the reservation primitives checkout builds on.

`isInStock` is public and `stock` needs `commerce.view_inventory`; both come from one batch
whatever the page size. `reserve` and `release` change `reserved` all or nothing.
"""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from app.errors import ValidationFailed
from app.ids import decode_global_id, new_id
from modules.commerce.inventory import Reference, StockLine, release, reserve
from modules.commerce.models import StockMovementRow
from tests.support.commerce import CommerceApp, commerce_app, count_rows
from tests.support.databases import DatabaseTarget
from tests.support.statements import recorded_statements

LIST = """
query ($first: Int) {
  products(first: $first) {
    edges { node { slug isInStock variants {
      sku isInStock stock { warehouse { code } onHand reserved available }
    } } }
  }
}
"""
PUBLIC = """
query ($slug: String) { product(slug: $slug) { isInStock variants { sku isInStock } } }
"""
CREATE_WAREHOUSE = """
mutation ($input: WarehouseCreateInput!) {
  warehouseCreate(input: $input) { warehouse { id } errors { code } }
}
"""
DEACTIVATE = """
mutation ($id: ID!) { warehouseUpdate(input: {id: $id, isActive: false}) { errors { code } } }
"""
VARIANT = """
mutation ($input: ProductVariantUpdateInput!) {
  productVariantUpdate(input: $input) { errors { code } }
}
"""
ACTIVATE = """
mutation ($id: ID!) { productUpdate(input: {id: $id, status: ACTIVE}) { errors { code } } }
"""
TRAIL = """
query ($variant: ID!, $warehouse: ID) {
  stockMovements(variantId: $variant, warehouseId: $warehouse, first: 1) {
    totalCount pageInfo { hasNextPage }
    edges { node { id reason reservedDelta actor { kind displayName } } }
  }
}
"""
NODES = """
query ($ids: [ID!]!) {
  nodes(ids: $ids) { __typename ... on Warehouse { code } ... on StockMovement { reason } }
}
"""


def _uuid(global_id: str) -> uuid.UUID:
    return uuid.UUID(decode_global_id(global_id)[1])


async def _active_shirt(app: CommerceApp) -> dict[str, Any]:
    product = await app.product()
    assert (await app.gql(ACTIVATE, {"id": product["id"]}))["data"]["productUpdate"] == {
        "errors": []
    }
    return product


async def _reserve(app: CommerceApp, lines: list[StockLine], order: uuid.UUID) -> None:
    ctx = await app.system()
    async with ctx.runtime.db.transaction(app.tenant.id) as session:
        await reserve(ctx, session, lines, Reference("order", order))


async def _release(app: CommerceApp, lines: list[StockLine], order: uuid.UUID) -> None:
    ctx = await app.system()
    async with ctx.runtime.db.transaction(app.tenant.id) as session:
        await release(ctx, session, lines, Reference("order", order))


async def _refusal(app: CommerceApp, act: Any, lines: list[StockLine]) -> list[tuple[str, str]]:
    with pytest.raises(ValidationFailed) as refused:
        await act(app, lines, new_id())
    return [(problem.code.value, problem.field or "") for problem in refused.value.problems]


async def test_in_stock_follows_available_stock_in_active_warehouses(
    database: DatabaseTarget,
) -> None:
    async with commerce_app(database) as app:
        product = await _active_shirt(app)
        small, medium = (variant["id"] for variant in product["variants"])
        main = await app.warehouse()

        async def public() -> Any:
            return (await app.gql(PUBLIC, {"slug": "linen-shirt"}, token=None))["data"]

        assert await public() == {
            "product": {
                "isInStock": False,
                "variants": [
                    {"sku": "SHIRT-S", "isInStock": False},
                    {"sku": "SHIRT-M", "isInStock": False},
                ],
            }
        }
        assert (await app.adjust(small, main, onHand=2))["errors"] == []
        assert [v["isInStock"] for v in (await public())["product"]["variants"]] == [True, False]
        assert (await app.gql(DEACTIVATE, {"id": main}))["data"]["warehouseUpdate"] == {
            "errors": []
        }
        assert (await public())["product"]["isInStock"] is False
        untracked = {"id": medium, "trackInventory": False}
        assert (await app.gql(VARIANT, {"input": untracked}))["data"]["productVariantUpdate"] == {
            "errors": []
        }
        backorder = {"id": small, "allowBackorder": True}
        assert (await app.gql(VARIANT, {"input": backorder}))["data"]["productVariantUpdate"] == {
            "errors": []
        }
        assert await public() == {
            "product": {
                "isInStock": True,
                "variants": [
                    {"sku": "SHIRT-S", "isInStock": True},
                    {"sku": "SHIRT-M", "isInStock": True},
                ],
            }
        }


async def test_stock_needs_view_inventory(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        product = await _active_shirt(app)
        main = await app.warehouse()
        adjusted = await app.adjust(product["variants"][0]["id"], main, onHand=1)
        stock = "query ($slug: String) { product(slug: $slug) { variants { stock { onHand } } } }"
        refused = app.refused("commerce.view_inventory", without="commerce.view_products")
        for label, (token, code) in refused.items():
            for query, variables in (
                (stock, {"slug": "linen-shirt"}),
                ("{ warehouses { code } }", {}),
                (TRAIL, {"variant": product["variants"][0]["id"]}),
            ):
                answer = await app.gql(query, variables, token=token)
                assert answer["data"] is None, label
                assert [e["extensions"]["code"] for e in answer["errors"]] == [code], label
        viewer = app.member("commerce.view_inventory")
        answer = await app.gql(stock, {"slug": "linen-shirt"}, token=viewer)
        assert answer["data"]["product"]["variants"][0]["stock"] == [{"onHand": 1}]
        assert adjusted["errors"] == []


async def test_warehouses_and_movements_are_nodes_for_inventory_viewers(
    database: DatabaseTarget,
) -> None:
    async with commerce_app(database) as app:
        variant = (await app.product())["variants"][0]["id"]
        main = await app.warehouse()
        assert (await app.adjust(variant, main, onHandDelta=2))["errors"] == []
        trail = await app.gql(TRAIL, {"variant": variant})
        movement = trail["data"]["stockMovements"]["edges"][0]["node"]["id"]
        viewer = app.member("commerce.view_inventory")
        seen = await app.gql(NODES, {"ids": [main, movement]}, token=viewer)
        assert seen["data"]["nodes"] == [
            {"__typename": "Warehouse", "code": "main"},
            {"__typename": "StockMovement", "reason": "ADJUSTMENT"},
        ]
        for token in (None, app.member("commerce.view_products"), app.customer()):
            hidden = await app.gql(
                "query ($ids: [ID!]!) { nodes(ids: $ids) { id } }",
                {"ids": [main, movement]},
                token=token,
            )
            assert hidden["data"]["nodes"] == [None, None]


async def test_reserve_and_release_are_all_or_nothing(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        product = await app.product()
        small, medium = (_uuid(variant["id"]) for variant in product["variants"])
        main_id = await app.warehouse()
        main = _uuid(main_id)
        assert (await app.adjust(product["variants"][0]["id"], main_id, onHand=3))["errors"] == []
        assert (await app.adjust(product["variants"][1]["id"], main_id, onHand=1))["errors"] == []
        movements, events = await count_rows(app, StockMovementRow), await app.event_types()

        too_many = [StockLine(small, main, 2), StockLine(medium, main, 2)]
        assert await _refusal(app, _reserve, too_many) == [
            ("INSUFFICIENT_STOCK", "lines.1.quantity")
        ]
        merged = [StockLine(small, main, 2), StockLine(small, main, 2)]
        assert await _refusal(app, _reserve, merged) == [("INSUFFICIENT_STOCK", "lines.0.quantity")]
        unknown = [StockLine(small, main, 0), StockLine(new_id(), new_id(), 1)]
        assert await _refusal(app, _reserve, unknown) == [
            ("VALIDATION", "lines.0.quantity"),
            ("NOT_FOUND", "lines.1.variantId"),
            ("NOT_FOUND", "lines.1.warehouseId"),
        ]
        assert await _refusal(app, _release, [StockLine(small, main, 1)]) == [
            ("CONFLICT", "lines.0.quantity")
        ]
        assert await count_rows(app, StockMovementRow) == movements
        assert await app.event_types() == events

        order = new_id()
        await _reserve(app, [StockLine(small, main, 2), StockLine(medium, main, 1)], order)
        await _release(app, [StockLine(small, main, 1)], order)
        body = await app.gql(
            "query ($id: ID!) { adminProduct(id: $id) { variants { isInStock stock {"
            " onHand reserved available } } } }",
            {"id": product["id"]},
        )
        assert body["data"]["adminProduct"]["variants"] == [
            {"isInStock": True, "stock": [{"onHand": 3, "reserved": 1, "available": 2}]},
            {"isInStock": False, "stock": [{"onHand": 1, "reserved": 1, "available": 0}]},
        ]
        trail = await app.gql(
            TRAIL, {"variant": product["variants"][0]["id"], "warehouse": main_id}
        )
        page = trail["data"]["stockMovements"]
        assert page["totalCount"] == 3
        assert page["pageInfo"] == {"hasNextPage": True}
        node = page["edges"][0]["node"]
        assert (node["reason"], node["reservedDelta"], node["actor"]) == (
            "RELEASE",
            -1,
            {"kind": "SYSTEM", "displayName": "System"},
        )
        changed = await app.payloads("commerce.stock.changed")
        assert [(e["reason"], e["available"]) for e in changed[-3:]] == [
            ("reservation", 1),
            ("reservation", 0),
            ("release", 2),
        ]


async def test_an_inactive_warehouse_takes_no_reservation(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        product = await app.product(
            variants=[
                {
                    "sku": "SHIRT-S",
                    "optionValues": [{"name": "Size", "value": "S"}],
                    "prices": [{"amount": 2000, "currency": "EUR"}],
                    "allowBackorder": True,
                }
            ]
        )
        variant = _uuid(product["variants"][0]["id"])
        created = await app.gql(CREATE_WAREHOUSE, {"input": {"code": "old", "name": "Old"}})
        old = created["data"]["warehouseCreate"]["warehouse"]["id"]
        order = new_id()
        await _reserve(app, [StockLine(variant, _uuid(old), 4)], order)
        assert (await app.gql(DEACTIVATE, {"id": old}))["data"]["warehouseUpdate"] == {"errors": []}
        assert await _refusal(app, _reserve, [StockLine(variant, _uuid(old), 1)]) == [
            ("CONFLICT", "lines.0.warehouseId")
        ]
        await _release(app, [StockLine(variant, _uuid(old), 4)], order)
        assert await count_rows(app, StockMovementRow) == 2


async def test_stock_fields_cost_the_same_statements_for_any_page(
    database: DatabaseTarget,
) -> None:
    async with commerce_app(database) as app:
        main = await app.warehouse()
        for number in range(12):
            product = await app.product(
                name=f"Shirt {number}",
                status="ACTIVE",
                variants=[
                    {
                        "sku": f"S{number}-{size}",
                        "optionValues": [{"name": "Size", "value": size}],
                        "prices": [{"amount": 1000 + number, "currency": "EUR"}],
                    }
                    for size in ("S", "M")
                ],
            )
            adjusted = await app.adjust(product["variants"][0]["id"], main, onHand=number)
            assert adjusted["errors"] == []
        await app.deliver()
        engine = app.api.state.runtime.db.engine
        counts: list[int] = []
        for size in (2, 12):
            with recorded_statements(engine) as statements:
                body = await app.gql(LIST, {"first": size})
            assert "errors" not in body, body
            edges = body["data"]["products"]["edges"]
            assert len(edges) == size
            counts.append(len(statements))
        assert counts[0] == counts[1], counts
        newest = edges[0]["node"]
        assert newest == {
            "slug": "shirt-11",
            "isInStock": True,
            "variants": [
                {
                    "sku": "S11-S",
                    "isInStock": True,
                    "stock": [
                        {
                            "warehouse": {"code": "main"},
                            "onHand": 11,
                            "reserved": 0,
                            "available": 11,
                        }
                    ],
                },
                {"sku": "S11-M", "isInStock": False, "stock": []},
            ],
        }
        assert edges[-1]["node"]["slug"] == "shirt-0"
        assert edges[-1]["node"]["isInStock"] is False


async def test_the_trail_costs_the_same_statements_for_any_page(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        variant = (await app.product())["variants"][0]["id"]
        main = await app.warehouse()
        for _ in range(12):
            assert (await app.adjust(variant, main, onHandDelta=1))["errors"] == []
        query = """
        query ($variant: ID!, $first: Int) {
          stockMovements(variantId: $variant, first: $first) {
            totalCount
            edges { node { onHandDelta variant { sku } warehouse { code } actor { kind } } }
          }
        }
        """
        engine = app.api.state.runtime.db.engine
        counts: list[int] = []
        for size in (2, 12):
            with recorded_statements(engine) as statements:
                body = await app.gql(query, {"variant": variant, "first": size})
            assert "errors" not in body, body
            page = body["data"]["stockMovements"]
            assert (page["totalCount"], len(page["edges"])) == (12, size)
            counts.append(len(statements))
        assert counts[0] == counts[1], counts
        assert page["edges"][0]["node"]["warehouse"] == {"code": "main"}
