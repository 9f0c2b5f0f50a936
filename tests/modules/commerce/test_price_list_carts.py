"""A cart and its order at the buyer's price: a group's list, tiers moving with the quantity."""

from __future__ import annotations

from modules.commerce.price_list_models import PriceListRow
from tests.support.address_book import customer, group_create, group_mutate
from tests.support.carts import add, create, update
from tests.support.commerce import commerce_app, count_rows
from tests.support.databases import DatabaseTarget
from tests.support.orders import checkout, stocked_shop
from tests.support.price_lists import create_list, list_mutate, set_tiers
from tests.support.statements import recorded_statements


async def test_a_member_sees_the_group_price_and_tiers_move_with_quantity(
    database: DatabaseTarget,
) -> None:
    async with commerce_app(database) as app:
        stocked = await stocked_shop(app, small=20)
        small = stocked.shirts.variants["SHIRT-S"]
        b2b = await group_create(app, "b2b")
        ada = await customer(app)
        members = {"id": b2b["id"], "customerIds": [ada.global_id]}
        assert (await group_mutate(app, "customerGroupMembersAdd", members))["errors"] == []
        trade = await create_list(app, "Trade", customerGroupIds=[b2b["id"]])
        await set_tiers(app, trade["id"], small, (1, 1800), (10, 1500))
        guest = await create(app, None, lines=[stocked.line("SHIRT-S", 2)])
        assert guest["cart"]["lines"][0]["unitPrice"]["amount"] == 2000
        made = await create(app, ada.token, lines=[stocked.line("SHIRT-S", 2)])
        token, line = made["token"], made["cart"]["lines"][0]
        assert (line["unitPrice"]["amount"], line["total"]["amount"]) == (1800, 3600)
        more = await update(app, token, [{"lineId": line["id"], "quantity": 12}], ada.token)
        line = more["cart"]["lines"][0]
        assert (line["unitPrice"]["amount"], line["total"]["amount"]) == (1500, 18000)
        assert more["cart"]["totals"]["subtotal"]["amount"] == 18000
        fewer = await update(app, token, [{"lineId": line["id"], "quantity": 9}], ada.token)
        assert fewer["cart"]["lines"][0]["unitPrice"]["amount"] == 1800
        await update(app, token, [{"lineId": line["id"], "quantity": 10}], ada.token)
        await set_tiers(app, trade["id"], small, (1, 1800), (10, 1400))
        placed = await checkout(app, token, token=ada.token)
        assert placed["errors"] == [], placed
        ordered = placed["order"]["lines"][0]
        assert (ordered["unitPrice"]["amount"], ordered["total"]["amount"]) == (1400, 14000)


async def test_a_cart_costs_the_same_statements_whatever_its_lines(
    database: DatabaseTarget,
) -> None:
    async with commerce_app(database) as app:
        stocked = await stocked_shop(app)
        everyone = await create_list(app, "Sale")
        for sku in ("SHIRT-S", "SHIRT-M"):
            await set_tiers(app, everyone["id"], stocked.shirts.variants[sku], (1, 1000), (3, 900))
        engine = app.api.state.runtime.db.engine
        counts = []
        for skus in (["SHIRT-S"], ["SHIRT-S", "SHIRT-M"]):
            token = (await create(app, None, lines=[]))["token"]
            with recorded_statements(engine) as statements:
                added = await add(app, token, [stocked.line(sku, 3) for sku in skus])
            assert added["errors"] == [], added
            assert {line["unitPrice"]["amount"] for line in added["cart"]["lines"]} == {900}
            counts.append(len(statements))
        assert counts[0] == counts[1], counts


async def test_deleting_a_list_brings_back_the_base_price(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        stocked = await stocked_shop(app)
        sale = await create_list(app, "Sale")
        await set_tiers(app, sale["id"], stocked.shirts.variants["SHIRT-S"], (1, 1200))
        made = await create(app, None, lines=[stocked.line("SHIRT-S", 1)])
        assert made["cart"]["lines"][0]["unitPrice"]["amount"] == 1200
        assert (await list_mutate(app, "priceListDelete", sale["id"]))["errors"] == []
        line = made["cart"]["lines"][0]
        again = await update(app, made["token"], [{"lineId": line["id"], "quantity": 1}])
        assert again["cart"]["lines"][0]["unitPrice"]["amount"] == 2000
        assert await count_rows(app, PriceListRow) == 0
