"""cartLinesUpdate: set quantities by line (0 removes); only the cart's own lines."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from modules.commerce.cart_models import CartLineRow
from tests.support.carts import create, shop, update
from tests.support.commerce import CommerceApp, commerce_app, count_rows
from tests.support.databases import DatabaseTarget


def _codes(payload: dict[str, Any]) -> list[tuple[str, str]]:
    return [(error["code"], error["field"]) for error in payload["errors"]]


async def test_quantities_change_and_zero_removes(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        shirts = await shop(app)
        created = await create(app, lines=[shirts.line("SHIRT-S", 1), shirts.line("SHIRT-M", 1)])
        cart, (small, medium) = created["token"], created["cart"]["lines"]
        changed = await update(
            app,
            cart,
            [{"lineId": small["id"], "quantity": 4}, {"lineId": medium["id"], "quantity": 0}],
        )
        assert changed["errors"] == []
        assert [(ln["id"], ln["quantity"]) for ln in changed["cart"]["lines"]] == [(small["id"], 4)]
        assert changed["cart"]["totals"]["total"] == {"amount": 8000, "currency": "EUR"}
        assert await count_rows(app, CartLineRow) == 1


async def test_bad_changes_are_refused_with_nothing_written(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        shirts = await shop(app)
        created = await create(app, lines=[shirts.line("SHIRT-S", 1)])
        other = await create(app, lines=[shirts.line("SHIRT-M", 1)])
        cart, line = created["token"], created["cart"]["lines"][0]["id"]
        foreign = other["cart"]["lines"][0]["id"]
        assert _codes(await update(app, cart, [])) == [("VALIDATION", "lines")]
        bad = await update(
            app,
            cart,
            [
                {"lineId": line, "quantity": -1},
                {"lineId": line, "quantity": 1000},
            ],
        )
        assert _codes(bad) == [
            ("VALIDATION", "lines.0.quantity"),
            ("VALIDATION", "lines.1.quantity"),
            ("VALIDATION", "lines.1.lineId"),
        ]
        assert _codes(await update(app, cart, [{"lineId": foreign, "quantity": 2}])) == [
            ("NOT_FOUND", "lines.0.lineId")
        ]
        assert _codes(await update(app, cart, [{"lineId": "nope", "quantity": 2}])) == [
            ("VALIDATION", "lines.0.lineId")
        ]
        assert _codes(await update(app, "nope", [{"lineId": line, "quantity": 2}])) == [
            ("NOT_FOUND", "token")
        ]
        owner = app.customer()
        mine = await create(app, owner, lines=[shirts.line("SHIRT-S", 1)])
        mine_line = mine["cart"]["lines"][0]["id"]
        assert _codes(
            await update(app, mine["token"], [{"lineId": mine_line, "quantity": 2}], app.customer())
        ) == [("NOT_FOUND", "token")]
        assert (await update(app, mine["token"], [{"lineId": mine_line, "quantity": 2}], owner))[
            "errors"
        ] == []
        quantities = await _quantities(app)
        assert sorted(quantities) == [1, 1, 2]


async def _quantities(app: CommerceApp) -> list[int]:
    runtime = app.api.state.runtime
    async with runtime.db.transaction(app.tenant.id, readonly=True) as session:
        rows = await session.scalars(
            select(CartLineRow.quantity).where(CartLineRow.tenant_id == app.tenant.id)
        )
        return list(rows)
