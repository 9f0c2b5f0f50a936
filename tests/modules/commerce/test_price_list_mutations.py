"""priceListCreate/Update/Delete/EntriesSet: staff with manage_prices only; typed refusals."""

from __future__ import annotations

import uuid

from app.ids import decode_global_id, encode_global_id
from modules.commerce.price_list_models import PriceListEntryRow, PriceListGroupRow, PriceListRow
from tests.support.address_book import customer, group_create
from tests.support.commerce import commerce_app, count_rows
from tests.support.databases import DatabaseTarget
from tests.support.price_lists import create_list, list_mutate, set_tiers, tiers

_KINDS = {
    "priceListCreate": "PriceListCreateInput",
    "priceListUpdate": "PriceListUpdateInput",
    "priceListEntriesSet": "PriceListEntriesSetInput",
}


def _document(operation: str) -> str:
    if operation == "priceListDelete":
        return "mutation ($v: ID!) { priceListDelete(id: $v) { errors { code } } }"
    return (
        f"mutation ($v: {_KINDS[operation]}!) {{ {operation}(input: $v) {{ errors {{ code }} }} }}"
    )


async def test_the_manage_prices_permission_decides(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        product = await app.product()
        variant = product["variants"][0]["id"]
        trade = await create_list(app, "Trade")
        before = await app.event_types()
        refused = app.refused("commerce.manage_prices", without="commerce.manage_products")
        refused["signed-in customer of the shop"] = (
            (await customer(app)).token,
            "PERMISSION_DENIED",
        )
        operations = {
            "priceListCreate": {"name": "B2B", "currency": "EUR"},
            "priceListUpdate": {"id": trade["id"], "name": "Wholesale"},
            "priceListDelete": trade["id"],
            "priceListEntriesSet": {
                "id": trade["id"],
                "variantId": variant,
                "tiers": tiers((1, 900)),
            },
        }
        for operation, values in operations.items():
            for label, (token, code) in refused.items():
                answer = await app.gql(_document(operation), {"v": values}, token=token)
                assert answer["data"] is None, (operation, label)
                assert [e["extensions"]["code"] for e in answer["errors"]] == [code], label
        assert await count_rows(app, PriceListRow) == 1
        assert await count_rows(app, PriceListEntryRow) == 0
        assert await app.event_types() == before
        allowed = app.member("commerce.manage_prices")
        for operation, values in operations.items():
            if operation != "priceListDelete":
                answer = await app.gql(_document(operation), {"v": values}, token=allowed)
                assert answer["data"][operation]["errors"] == [], operation
        answer = await app.gql(_document("priceListDelete"), {"v": trade["id"]}, token=allowed)
        assert answer["data"]["priceListDelete"]["errors"] == []
        assert await count_rows(app, PriceListRow) == 1
        assert await count_rows(app, PriceListEntryRow) == 0


async def test_a_list_is_created_changed_and_deleted_with_its_events(
    database: DatabaseTarget,
) -> None:
    async with commerce_app(database) as app:
        b2b = await group_create(app, "b2b")
        made = await create_list(
            app, "Trade", priority=5, customerGroupIds=[b2b["id"]], startsAt="2026-12-01T00:00:00Z"
        )
        list_id = decode_global_id(made["id"])[1]
        assert made["customerGroupIds"] == [b2b["id"]]
        assert (made["status"], made["priority"], made["startsAt"]) == (
            "ACTIVE",
            5,
            "2026-12-01T00:00:00+00:00",
        )
        changes = {"id": made["id"], "startsAt": None, "customerGroupIds": [], "status": "DISABLED"}
        changed = await list_mutate(app, "priceListUpdate", changes)
        assert changed["errors"] == []
        assert (changed["priceList"]["startsAt"], changed["priceList"]["customerGroupIds"]) == (
            None,
            [],
        )
        same = await list_mutate(app, "priceListUpdate", {"id": made["id"], "name": " Trade "})
        assert same["errors"] == []
        assert await count_rows(app, PriceListGroupRow) == 0
        gone = await list_mutate(app, "priceListDelete", made["id"])
        assert gone == {"deletedId": made["id"], "errors": []}
        assert await app.payloads("commerce.price_list.created") == [
            {"price_list_id": list_id, "currency": "EUR"}
        ]
        assert await app.payloads("commerce.price_list.updated") == [
            {"price_list_id": list_id, "changed": ["status", "startsAt", "customerGroupIds"]}
        ]
        assert await app.payloads("commerce.price_list.deleted") == [
            {"price_list_id": list_id, "currency": "EUR"}
        ]


async def test_bad_lists_are_refused_whole_with_nothing_written(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        stranger = encode_global_id("CustomerGroup", uuid.uuid4())
        values = {
            "name": " ",
            "currency": "GBP",
            "priority": 1001,
            "startsAt": "2026-12-02T00:00:00Z",
            "endsAt": "2026-12-01T00:00:00Z",
            "customerGroupIds": [stranger],
        }
        refused = await list_mutate(app, "priceListCreate", values)
        assert [(e["code"], e["field"]) for e in refused["errors"]] == [
            ("VALIDATION", "name"),
            ("VALIDATION", "currency"),
            ("VALIDATION", "endsAt"),
            ("VALIDATION", "priority"),
            ("NOT_FOUND", "customerGroupIds.0"),
        ]
        made = await create_list(app, "Trade")
        late = await list_mutate(
            app,
            "priceListUpdate",
            {
                "id": made["id"],
                "endsAt": "2026-11-01T00:00:00Z",
                "startsAt": "2026-11-02T00:00:00Z",
            },
        )
        assert [(e["code"], e["field"]) for e in late["errors"]] == [("VALIDATION", "endsAt")]
        unknown = encode_global_id("PriceList", uuid.uuid4())
        missing = await list_mutate(app, "priceListUpdate", {"id": unknown, "name": "X"})
        assert [(e["code"], e["field"]) for e in missing["errors"]] == [("NOT_FOUND", "id")]
        assert await count_rows(app, PriceListRow) == 1
        assert await app.event_types() == ["commerce.price_list.created"]


async def test_tiers_are_checked_and_replace_a_variants_tiers(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        product = await app.product()
        variant = product["variants"][0]["id"]
        trade = await create_list(app, "Trade")
        bad = tiers((0, 100), (5, 0), (5, 90)) + tiers((10, 80), currency="USD")
        values = {"id": trade["id"], "variantId": variant, "tiers": bad}
        refused = await list_mutate(app, "priceListEntriesSet", values)
        assert [(e["code"], e["field"]) for e in refused["errors"]] == [
            ("VALIDATION", "tiers.0.minQuantity"),
            ("VALIDATION", "tiers.1.price.amount"),
            ("VALIDATION", "tiers.2.minQuantity"),
            ("VALIDATION", "tiers.3.price.currency"),
        ]
        stranger = encode_global_id("ProductVariant", uuid.uuid4())
        values = {"id": trade["id"], "variantId": stranger, "tiers": tiers((1, 100))}
        missing = await list_mutate(app, "priceListEntriesSet", values)
        assert [(e["code"], e["field"]) for e in missing["errors"]] == [("NOT_FOUND", "variantId")]
        assert await count_rows(app, PriceListEntryRow) == 0
        await set_tiers(app, trade["id"], variant, (10, 1500), (1, 1800))
        await set_tiers(app, trade["id"], variant, (1, 1700), (5, 1600))
        read = await app.gql(
            "query ($id: ID!, $v: ID!) { node(id: $id) { ... on PriceList { name "
            "tiers(variantId: $v) { minQuantity price { amount currency } } } } }",
            {"id": trade["id"], "v": variant},
        )
        assert read["data"]["node"]["tiers"] == [
            {"minQuantity": 1, "price": {"amount": 1700, "currency": "EUR"}},
            {"minQuantity": 5, "price": {"amount": 1600, "currency": "EUR"}},
        ]
        variant_id = decode_global_id(variant)[1]
        assert [
            p["min_quantities"] for p in await app.payloads("commerce.price_list.entries_set")
        ] == [
            [1, 10],
            [1, 5],
        ]
        assert {p["variant_id"] for p in await app.payloads("commerce.price_list.entries_set")} == {
            variant_id
        }


async def test_lists_are_listed_and_nodes_only_for_price_managers(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        trade = await create_list(app, "Trade")
        await create_list(app, "Dollar deals", currency="USD")
        listed = await app.gql(
            '{ priceLists(currency: "EUR") { totalCount edges { node { name } } } }'
        )
        assert listed["data"]["priceLists"] == {
            "totalCount": 1,
            "edges": [{"node": {"name": "Trade"}}],
        }
        every = await app.gql("{ priceLists { totalCount } }")
        assert every["data"]["priceLists"]["totalCount"] == 2
        node = "query ($id: ID!) { node(id: $id) { ... on PriceList { name } } }"
        outsider = app.member("commerce.manage_products")
        assert (await app.gql(node, {"id": trade["id"]}, token=outsider))["data"]["node"] is None
        assert (await app.gql(node, {"id": trade["id"]}))["data"]["node"] == {"name": "Trade"}
