"""cartLinesRemove: take the cart's own lines out; what is left is repriced."""

from __future__ import annotations

from typing import Any

from modules.commerce.cart_models import CartLineRow
from tests.support.carts import create, remove, shop
from tests.support.commerce import commerce_app, count_rows
from tests.support.databases import DatabaseTarget


def _codes(payload: dict[str, Any]) -> list[tuple[str, str]]:
    return [(error["code"], error["field"]) for error in payload["errors"]]


async def test_lines_leave_and_the_totals_follow(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        shirts = await shop(app)
        created = await create(app, lines=[shirts.line("SHIRT-S", 2), shirts.line("SHIRT-M", 1)])
        cart, (small, medium) = created["token"], created["cart"]["lines"]
        removed = await remove(app, cart, [small["id"]])
        assert removed["errors"] == []
        assert [line["id"] for line in removed["cart"]["lines"]] == [medium["id"]]
        assert removed["cart"]["totals"]["total"] == {"amount": 2200, "currency": "EUR"}
        emptied = await remove(app, cart, [medium["id"]])
        assert emptied["cart"]["lines"] == []
        assert emptied["cart"]["totals"]["total"] == {"amount": 0, "currency": "EUR"}


async def test_unknown_lines_and_other_carts_are_refused(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        shirts = await shop(app)
        created = await create(app, lines=[shirts.line("SHIRT-S", 1)])
        other = await create(app, lines=[shirts.line("SHIRT-M", 1)])
        cart, line = created["token"], created["cart"]["lines"][0]["id"]
        foreign = other["cart"]["lines"][0]["id"]
        assert _codes(await remove(app, cart, [])) == [("VALIDATION", "lineIds")]
        assert _codes(await remove(app, cart, [line, foreign])) == [("NOT_FOUND", "lineIds.1")]
        assert _codes(await remove(app, cart, ["bad"])) == [("VALIDATION", "lineIds.0")]
        assert _codes(await remove(app, other["token"], [line])) == [("NOT_FOUND", "lineIds.0")]
        assert _codes(await remove(app, cart, [line], app.customer())) == []
        assert _codes(await remove(app, cart, [line])) == [("NOT_FOUND", "token")]
        assert await count_rows(app, CartLineRow) == 1
