"""discountDelete: the discount goes with its targets; a second delete is NOT_FOUND."""

from __future__ import annotations

from app.ids import decode_global_id
from modules.commerce.discount_models import DiscountRow, DiscountTargetRow
from tests.support.commerce import commerce_app, count_rows
from tests.support.databases import DatabaseTarget
from tests.support.discounts import discount, discount_events, discount_mutate


async def test_the_manage_discounts_permission_decides(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        created = await discount(app)
        refused = app.refused("commerce.manage_discounts", without="commerce.manage_orders")
        document = "mutation ($id: ID!) { discountDelete(id: $id) { errors { code } } }"
        for label, (token, code) in refused.items():
            answer = await app.gql(document, {"id": created["id"]}, token=token)
            assert answer["data"] is None, label
            assert [e["extensions"]["code"] for e in answer["errors"]] == [code], label
        assert await count_rows(app, DiscountRow) == 1
        assert await discount_events(app) == ["commerce.discount.created"]
        allowed = app.member("commerce.manage_discounts")
        answer = await discount_mutate(app, "discountDelete", created["id"], token=allowed)
        assert answer == {"deletedId": created["id"], "errors": []}


async def test_a_discount_goes_with_its_targets(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        product = (await app.product())["id"]
        created = await discount(app, target="PRODUCTS", targetIds=[product])
        assert await count_rows(app, DiscountTargetRow) == 1
        gone = await discount_mutate(app, "discountDelete", created["id"])
        assert gone["errors"] == []
        assert await count_rows(app, DiscountRow) == 0
        assert await count_rows(app, DiscountTargetRow) == 0
        assert await app.payloads("commerce.discount.deleted") == [
            {"discount_id": decode_global_id(created["id"])[1], "code": "SAVE10"}
        ]
        again = await discount_mutate(app, "discountDelete", created["id"])
        assert again["deletedId"] is None
        assert [(e["code"], e["field"]) for e in again["errors"]] == [("NOT_FOUND", "id")]
        assert await discount_events(app) == [
            "commerce.discount.created",
            "commerce.discount.deleted",
        ]
