"""discountCreate: codes upper-case and unique, kinds, targets, limits, windows, currencies."""

from __future__ import annotations

from app.ids import decode_global_id
from modules.commerce.discount_models import DiscountRow, DiscountTargetRow
from tests.support.commerce import commerce_app, count_rows
from tests.support.databases import DatabaseTarget
from tests.support.discounts import discount, discount_events, discount_mutate

TEN = {"code": "save10", "name": "Ten off", "kind": "PERCENTAGE", "value": 1000}


async def test_the_manage_discounts_permission_decides(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        refused = app.refused("commerce.manage_discounts", without="commerce.manage_shipping")
        document = (
            "mutation ($input: DiscountCreateInput!) "
            "{ discountCreate(input: $input) { errors { code } } }"
        )
        for label, (token, code) in refused.items():
            answer = await app.gql(document, {"input": TEN}, token=token)
            assert answer["data"] is None, label
            assert [e["extensions"]["code"] for e in answer["errors"]] == [code], label
        assert await count_rows(app, DiscountRow) == 0
        assert await app.event_types() == []
        allowed = app.member("commerce.manage_discounts")
        assert (await discount_mutate(app, "discountCreate", TEN, token=allowed))["errors"] == []


async def test_a_code_is_stored_upper_case_with_its_event(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        created = await discount(app, code=" save10 ")
        assert {key: created[key] for key in ("code", "kind", "value", "target", "status")} == {
            "code": "SAVE10",
            "kind": "PERCENTAGE",
            "value": 1000,
            "target": "ORDER",
            "status": "ACTIVE",
        }
        assert created["usageCount"] == 0
        assert created["targets"] == []
        assert await app.payloads("commerce.discount.created") == [
            {"discount_id": decode_global_id(created["id"])[1], "code": "SAVE10"}
        ]


async def test_a_fixed_discount_on_products_with_limits_and_a_window(
    database: DatabaseTarget,
) -> None:
    async with commerce_app(database) as app:
        product = (await app.product())["id"]
        created = await discount(
            app,
            code=None,
            isAutomatic=True,
            kind="FIXED",
            value=500,
            currency="EUR",
            target="PRODUCTS",
            targetIds=[product, product],
            minSubtotal=3000,
            usageLimit=100,
            usageLimitPerCustomer=1,
            startsAt="2026-12-01T00:00:00+00:00",
            endsAt="2026-12-31T00:00:00+00:00",
            combinable=True,
        )
        assert created["code"] is None
        assert created["targets"] == [product]
        assert created["minSubtotal"] == {"amount": 3000, "currency": "EUR"}
        assert (created["usageLimit"], created["usageLimitPerCustomer"]) == (100, 1)
        assert created["startsAt"].startswith("2026-12-01T00:00:00")
        assert await count_rows(app, DiscountTargetRow) == 1
        assert await app.payloads("commerce.discount.created") == [
            {"discount_id": decode_global_id(created["id"])[1], "code": None}
        ]


async def test_every_bad_field_is_refused_at_once(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        bad = await discount_mutate(
            app,
            "discountCreate",
            {
                "code": "NOT A CODE",
                "name": " ",
                "kind": "PERCENTAGE",
                "value": 10_001,
                "currency": "GBP",
                "targetIds": [(await app.product())["id"]],
                "usageLimit": 0,
                "usageLimitPerCustomer": 0,
                "startsAt": "2026-12-01T00:00:00+00:00",
                "endsAt": "2026-12-01T00:00:00+00:00",
            },
        )
        assert bad["discount"] is None
        assert [(e["code"], e["field"]) for e in bad["errors"]] == [
            ("VALIDATION", "code"),
            ("VALIDATION", "name"),
            ("VALIDATION", "value"),
            ("VALIDATION", "currency"),
            ("VALIDATION", "targetIds"),
            ("VALIDATION", "usageLimit"),
            ("VALIDATION", "usageLimitPerCustomer"),
            ("VALIDATION", "endsAt"),
        ]
        fixed = await discount_mutate(
            app, "discountCreate", {**TEN, "kind": "FIXED", "value": 0, "target": "CATEGORIES"}
        )
        assert [(e["code"], e["field"]) for e in fixed["errors"]] == [
            ("VALIDATION", "value"),
            ("VALIDATION", "currency"),
            ("VALIDATION", "targetIds"),
        ]
        automatic = await discount_mutate(app, "discountCreate", {**TEN, "isAutomatic": True})
        assert [(e["code"], e["field"]) for e in automatic["errors"]] == [("VALIDATION", "code")]
        assert await count_rows(app, DiscountRow) == 0
        assert await discount_events(app) == []


async def test_a_taken_code_and_unknown_targets_are_refused(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        await discount(app)
        taken = await discount_mutate(app, "discountCreate", {**TEN, "code": "Save10"})
        assert [(e["code"], e["field"]) for e in taken["errors"]] == [("CONFLICT", "code")]
        product = (await app.product())["id"]
        wrong_table = await discount_mutate(
            app,
            "discountCreate",
            {**TEN, "code": "CATS", "target": "CATEGORIES", "targetIds": [product]},
        )
        assert [(e["code"], e["field"]) for e in wrong_table["errors"]] == [
            ("NOT_FOUND", "targetIds")
        ]
        not_an_id = await discount_mutate(
            app, "discountCreate", {**TEN, "code": "X", "target": "PRODUCTS", "targetIds": ["x"]}
        )
        assert [(e["code"], e["field"]) for e in not_an_id["errors"]] == [
            ("VALIDATION", "targetIds")
        ]
        assert await count_rows(app, DiscountRow) == 1
        assert await discount_events(app) == ["commerce.discount.created"]
