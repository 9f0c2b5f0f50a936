"""warehouseUpdate: rename, recode, reorder, deactivate; taken codes and unknown IDs refused."""

from __future__ import annotations

from typing import Any

from app.ids import decode_global_id, encode_global_id, new_id
from tests.support.commerce import CommerceApp, commerce_app
from tests.support.databases import DatabaseTarget

UPDATE = """
mutation ($input: WarehouseUpdateInput!) {
  warehouseUpdate(input: $input) {
    warehouse { code name address isActive position }
    errors { code field }
  }
}
"""
CREATE = """
mutation ($input: WarehouseCreateInput!) {
  warehouseCreate(input: $input) { warehouse { id } errors { code } }
}
"""


async def _update(app: CommerceApp, **fields: Any) -> dict[str, Any]:
    body = await app.gql(UPDATE, {"input": fields})
    payload: dict[str, Any] = body["data"]["warehouseUpdate"]
    return payload


async def test_the_manage_inventory_permission_decides(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        main = await app.warehouse()
        refused = app.refused("commerce.manage_inventory", without="commerce.view_inventory")
        for label, (token, code) in refused.items():
            answer = await app.gql(UPDATE, {"input": {"id": main, "name": "X"}}, token=token)
            assert answer["data"] is None, label
            assert [e["extensions"]["code"] for e in answer["errors"]] == [code], label
        assert await app.event_types() == []
        assert (await _update(app, id=main))["warehouse"]["name"] == "Main warehouse"


async def test_changes_are_saved_with_one_event_naming_them(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        main = await app.warehouse()
        changed = await _update(
            app,
            id=main,
            code="berlin",
            name="Berlin",
            address={"city": "Berlin"},
            isActive=False,
            position=3,
        )
        assert changed == {
            "warehouse": {
                "code": "berlin",
                "name": "Berlin",
                "address": {"city": "Berlin"},
                "isActive": False,
                "position": 3,
            },
            "errors": [],
        }
        same = await _update(app, id=main, code="berlin", name="Berlin")
        assert same["errors"] == []
        cleared = await _update(app, id=main, address={})
        assert cleared["warehouse"]["address"] is None
        assert await app.payloads("commerce.warehouse.updated") == [
            {
                "warehouse_id": decode_global_id(main)[1],
                "code": "berlin",
                "changed": ["code", "name", "address", "isActive", "position"],
            },
            {"warehouse_id": decode_global_id(main)[1], "code": "berlin", "changed": ["address"]},
        ]


async def test_taken_codes_bad_fields_and_unknown_ids_are_refused(
    database: DatabaseTarget,
) -> None:
    async with commerce_app(database) as app:
        main = await app.warehouse()
        other = await app.gql(CREATE, {"input": {"code": "other", "name": "Other"}})
        assert other["data"]["warehouseCreate"]["errors"] == []
        events = await app.event_types()
        taken = await _update(app, id=main, code="other", name="Renamed")
        assert taken == {"warehouse": None, "errors": [{"code": "CONFLICT", "field": "code"}]}
        bad = await _update(app, id=main, code="", name="", position=-2)
        assert bad["errors"] == [
            {"code": "VALIDATION", "field": "code"},
            {"code": "VALIDATION", "field": "name"},
            {"code": "VALIDATION", "field": "position"},
        ]
        unknown = await _update(app, id=encode_global_id("Warehouse", new_id()), name="X")
        assert unknown["errors"] == [{"code": "NOT_FOUND", "field": "id"}]
        wrong_type = await _update(app, id=encode_global_id("Product", new_id()), name="X")
        assert wrong_type["errors"] == [{"code": "VALIDATION", "field": "id"}]
        assert await app.event_types() == events
        assert (await app.gql("{ warehouses { code name } }"))["data"]["warehouses"] == [
            {"code": "main", "name": "Main warehouse"},
            {"code": "other", "name": "Other"},
        ]
