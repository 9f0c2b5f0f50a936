"""discountUpdate: absent fields stay, null clears, the result is checked whole."""

from __future__ import annotations

import uuid

from app.ids import decode_global_id, encode_global_id
from modules.commerce.discount_models import DiscountTargetRow
from tests.support.commerce import commerce_app, count_rows
from tests.support.databases import DatabaseTarget
from tests.support.discounts import discount, discount_events, discount_mutate


async def test_the_manage_discounts_permission_decides(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        created = await discount(app)
        refused = app.refused("commerce.manage_discounts", without="commerce.manage_taxes")
        document = (
            "mutation ($input: DiscountUpdateInput!) "
            "{ discountUpdate(input: $input) { errors { code } } }"
        )
        values = {"id": created["id"], "name": "Renamed"}
        for label, (token, code) in refused.items():
            answer = await app.gql(document, {"input": values}, token=token)
            assert answer["data"] is None, label
            assert [e["extensions"]["code"] for e in answer["errors"]] == [code], label
        assert await discount_events(app) == ["commerce.discount.created"]
        allowed = app.member("commerce.manage_discounts")
        answer = await discount_mutate(app, "discountUpdate", values, token=allowed)
        assert answer["discount"]["name"] == "Renamed"


async def test_changes_name_their_fields_and_null_clears(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        created = await discount(app, usageLimit=5, currency="EUR", minSubtotal=1000)
        category = await app.category("shirts")
        changed = await discount_mutate(
            app,
            "discountUpdate",
            {
                "id": created["id"],
                "code": "save10",
                "usageLimit": None,
                "minSubtotal": None,
                "target": "CATEGORIES",
                "targetIds": [category],
                "status": "DISABLED",
            },
        )
        assert changed["errors"] == []
        found = changed["discount"]
        assert (found["code"], found["usageLimit"], found["minSubtotal"]) == ("SAVE10", None, None)
        assert (found["target"], found["targets"], found["status"]) == (
            "CATEGORIES",
            [category],
            "DISABLED",
        )
        assert found["currency"] == "EUR"
        assert await app.payloads("commerce.discount.updated") == [
            {
                "discount_id": decode_global_id(created["id"])[1],
                "code": "SAVE10",
                "changed": ["target", "targetIds", "minSubtotal", "usageLimit", "status"],
            }
        ]
        same = await discount_mutate(
            app, "discountUpdate", {"id": created["id"], "name": "Ten off"}
        )
        assert same["errors"] == []
        assert len(await app.payloads("commerce.discount.updated")) == 1


async def test_a_result_breaking_a_rule_writes_nothing(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        created = await discount(app)
        await discount(app, code="OTHER")
        taken = await discount_mutate(app, "discountUpdate", {"id": created["id"], "code": "other"})
        assert [(e["code"], e["field"]) for e in taken["errors"]] == [("CONFLICT", "code")]
        # Products need targets: the existing (none) fail the result.
        untargeted = await discount_mutate(
            app, "discountUpdate", {"id": created["id"], "target": "PRODUCTS"}
        )
        assert [(e["code"], e["field"]) for e in untargeted["errors"]] == [
            ("VALIDATION", "targetIds")
        ]
        fixed = await discount_mutate(
            app, "discountUpdate", {"id": created["id"], "kind": "FIXED", "value": 300}
        )
        assert [(e["code"], e["field"]) for e in fixed["errors"]] == [("VALIDATION", "currency")]
        missing = await discount_mutate(
            app, "discountUpdate", {"id": encode_global_id("Discount", uuid.uuid4()), "name": "X"}
        )
        assert [e["field"] for e in missing["errors"]] == ["id"]
        assert await count_rows(app, DiscountTargetRow) == 0
        assert await discount_events(app) == ["commerce.discount.created"] * 2
