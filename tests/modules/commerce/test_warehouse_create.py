"""warehouseCreate: a place to keep stock; the `main` one comes with commerce; codes unique."""

from __future__ import annotations

from typing import Any

from app.ids import decode_global_id
from modules.commerce.models import WarehouseRow
from tests.support.commerce import CommerceApp, commerce_app, count_rows
from tests.support.databases import DatabaseTarget

CREATE = """
mutation ($input: WarehouseCreateInput!) {
  warehouseCreate(input: $input) {
    warehouse { id code name address isActive position }
    errors { code field }
  }
}
"""
LIST = "{ warehouses { code name isActive position } }"
OFF = 'mutation { moduleDisable(module: "commerce") { errors { code } } }'
ON = 'mutation { moduleEnable(module: "commerce") { errors { code } } }'


async def _create(app: CommerceApp, **fields: Any) -> dict[str, Any]:
    body = await app.gql(CREATE, {"input": fields})
    payload: dict[str, Any] = body["data"]["warehouseCreate"]
    return payload


async def test_enabling_commerce_gives_one_main_warehouse(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        main = {"code": "main", "name": "Main warehouse", "isActive": True, "position": 0}
        assert (await app.gql(LIST))["data"]["warehouses"] == [main]
        owner = app.member("core.manage_modules")
        for toggle in (OFF, ON, OFF, ON):
            answer = await app.gql(toggle, token=owner)
            assert "errors" not in answer, answer
        assert (await app.gql(LIST))["data"]["warehouses"] == [main]
        assert await app.event_types() == []


async def test_the_manage_inventory_permission_decides(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        refused = app.refused("commerce.manage_inventory", without="commerce.view_inventory")
        for label, (token, code) in refused.items():
            answer = await app.gql(CREATE, {"input": {"code": "x", "name": "X"}}, token=token)
            assert answer["data"] is None, label
            assert [e["extensions"]["code"] for e in answer["errors"]] == [code], label
        assert await count_rows(app, WarehouseRow) == 1
        assert await app.event_types() == []
        allowed = app.member("commerce.manage_inventory")
        answer = await app.gql(CREATE, {"input": {"code": "x", "name": "X"}}, token=allowed)
        assert answer["data"]["warehouseCreate"]["errors"] == []


async def test_a_warehouse_is_created_last_with_its_event(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        address = {"line1": "Hafenstraße 1", "city": "Hamburg", "country": "DE"}
        created = await _create(app, code="hamburg", name="  Hamburg  ", address=address)
        warehouse = created["warehouse"]
        assert created["errors"] == []
        assert {k: v for k, v in warehouse.items() if k != "id"} == {
            "code": "hamburg",
            "name": "Hamburg",
            "address": address,
            "isActive": True,
            "position": 1,
        }
        placed = await _create(app, code="spare", name="Spare", isActive=False, position=0)
        assert placed["warehouse"]["position"] == 0
        assert placed["warehouse"]["isActive"] is False
        assert await app.payloads("commerce.warehouse.created") == [
            {"warehouse_id": decode_global_id(warehouse["id"])[1], "code": "hamburg"},
            {"warehouse_id": decode_global_id(placed["warehouse"]["id"])[1], "code": "spare"},
        ]
        listed = (await app.gql(LIST))["data"]["warehouses"]
        assert [row["code"] for row in listed] == ["main", "spare", "hamburg"]


async def test_bad_fields_and_taken_codes_are_refused(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        bad = await _create(app, code="Not A Code", name=" ", address={"city": 5}, position=-1)
        assert bad == {
            "warehouse": None,
            "errors": [
                {"code": "VALIDATION", "field": "code"},
                {"code": "VALIDATION", "field": "name"},
                {"code": "VALIDATION", "field": "address"},
                {"code": "VALIDATION", "field": "position"},
            ],
        }
        not_an_object = await _create(app, code="x", name="X", address=["line"])
        assert not_an_object["errors"] == [{"code": "VALIDATION", "field": "address"}]
        taken = await _create(app, code="main", name="Another main")
        assert taken == {"warehouse": None, "errors": [{"code": "CONFLICT", "field": "code"}]}
        assert await count_rows(app, WarehouseRow) == 1
        assert await app.event_types() == []
