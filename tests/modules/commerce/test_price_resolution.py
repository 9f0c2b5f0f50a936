"""Resolving a variant's price: lists for groups or everyone, windows, tiers, lowest wins.

The shirt S has a base price of 20.00 EUR (M: 22.00). "Trade" (group ``b2b``) sells S at
18.00 from 1 and 15.00 from 10; "Sale" (everyone) at 19.00 from 1 until tomorrow. Lists that
are expired, not started, disabled, in USD, or dearer than the base never count.
"""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

from app.ids import decode_global_id
from modules.commerce.price_resolution import ResolvedPrice, resolve_prices
from tests.support.address_book import customer, group_create, group_mutate
from tests.support.carts import Shop, shop
from tests.support.commerce import CommerceApp, commerce_app
from tests.support.databases import DatabaseTarget
from tests.support.order_list import NamedCustomer
from tests.support.price_lists import create_list, list_mutate, set_tiers
from tests.support.statements import recorded_statements

PRICE = """
query ($id: ID!, $q: Int!) {
  node(id: $id) { ... on ProductVariant { price(currency: "EUR", quantity: $q) { amount } } }
}
"""


def _id(global_id: str) -> uuid.UUID:
    return uuid.UUID(decode_global_id(global_id)[1])


async def _price(app: CommerceApp, variant: str, quantity: int, token: str | None) -> int | None:
    body = await app.gql(PRICE, {"id": variant, "q": quantity}, token=token)
    assert "errors" not in body, body
    found: dict[str, Any] | None = body["data"]["node"]["price"]
    return None if found is None else int(found["amount"])


async def _priced_shop(app: CommerceApp) -> tuple[Shop, NamedCustomer, dict[str, str]]:
    shirts = await shop(app)
    small, medium = shirts.variants["SHIRT-S"], shirts.variants["SHIRT-M"]
    b2b = await group_create(app, "b2b")
    ada = await customer(app, "Ada")
    members = {"id": b2b["id"], "customerIds": [ada.global_id]}
    assert (await group_mutate(app, "customerGroupMembersAdd", members))["errors"] == []
    now = app.clock.now()
    trade = await create_list(app, "Trade", customerGroupIds=[b2b["id"]])
    await set_tiers(app, trade["id"], small, (1, 1800), (10, 1500))
    sale = await create_list(app, "Sale", endsAt=(now + timedelta(days=1)).isoformat())
    await set_tiers(app, sale["id"], small, (1, 1900))
    expired = await create_list(app, "Gone", endsAt=now.isoformat())
    later = await create_list(app, "Later", startsAt=(now + timedelta(days=30)).isoformat())
    off = await create_list(app, "Off", status="DISABLED")
    for unused in (expired, later, off):
        await set_tiers(app, unused["id"], small, (1, 1000))
    dollars = await create_list(app, "Dollars", currency="USD")
    values = {
        "id": dollars["id"],
        "variantId": small,
        "tiers": [{"minQuantity": 1, "price": {"amount": 100, "currency": "USD"}}],
    }
    assert (await list_mutate(app, "priceListEntriesSet", values))["errors"] == []
    dear = await create_list(app, "Dear")
    await set_tiers(app, dear["id"], medium, (1, 2500))
    return shirts, ada, {"trade": trade["id"], "sale": sale["id"], "dollars": dollars["id"]}


async def test_the_lowest_price_for_the_buyer_wins(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        shirts, ada, _ = await _priced_shop(app)
        small, medium = shirts.variants["SHIRT-S"], shirts.variants["SHIRT-M"]
        bob = await customer(app, "Bob")
        assert [await _price(app, small, q, None) for q in (1, 12)] == [1900, 1900]
        assert await _price(app, small, 12, bob.token) == 1900
        assert [await _price(app, small, q, ada.token) for q in (1, 9, 10, 12)] == [
            1800,
            1800,
            1500,
            1500,
        ]
        assert await _price(app, medium, 5, ada.token) == 2200
        app.clock.advance(timedelta(days=2))
        assert await _price(app, small, 1, None) == 2000
        assert await _price(app, small, 1, ada.token) == 1800


async def test_resolution_names_its_source_in_two_statements(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        shirts, ada, lists = await _priced_shop(app)
        small = _id(shirts.variants["SHIRT-S"])
        medium = _id(shirts.variants["SHIRT-M"])
        runtime = app.api.state.runtime
        trade = _id(lists["trade"])
        sale = _id(lists["sale"])
        counts = []
        for items in ([(small, 12)], [(small, 12), (medium, 1), (small, 1)]):
            async with runtime.db.transaction(app.tenant.id, readonly=True) as session:
                with recorded_statements(runtime.db.engine) as statements:
                    found = await resolve_prices(
                        session, app.tenant.id, items, "EUR", ada.id, app.clock.now()
                    )
                    counts.append(len([s for s in statements if s.startswith("SELECT")]))
        assert found == [
            ResolvedPrice(1500, trade, 10),
            ResolvedPrice(2200),
            ResolvedPrice(1800, trade, 1),
        ]
        assert counts == [2, 2]
        async with runtime.db.transaction(app.tenant.id, readonly=True) as session:
            guest = await resolve_prices(
                session, app.tenant.id, [(small, 3)], "EUR", None, app.clock.now()
            )
            usd = await resolve_prices(
                session, app.tenant.id, [(small, 1), (medium, 1)], "USD", None, app.clock.now()
            )
        assert guest == [ResolvedPrice(1900, sale, 1)]
        assert usd == [ResolvedPrice(100, _id(lists["dollars"]), 1), None]


async def test_equal_amounts_name_the_higher_priority_list(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        shirts = await shop(app)
        small = shirts.variants["SHIRT-S"]
        low = await create_list(app, "Low", priority=1)
        high = await create_list(app, "High", priority=9)
        for made in (low, high):
            await set_tiers(app, made["id"], small, (1, 1700))
        runtime = app.api.state.runtime
        variant = _id(small)
        async with runtime.db.transaction(app.tenant.id, readonly=True) as session:
            found = await resolve_prices(
                session, app.tenant.id, [(variant, 1)], "EUR", None, app.clock.now()
            )
        assert found == [ResolvedPrice(1700, _id(high["id"]), 1)]


LISTED = """
{ products(first: 5) { edges { node { variants { sku price(currency: "EUR") { amount } } } } } }
"""


async def _listed(app: CommerceApp, token: str | None) -> dict[str, int]:
    body = await app.gql(LISTED, token=token)
    assert "errors" not in body, body
    variants = body["data"]["products"]["edges"][0]["node"]["variants"]
    return {v["sku"]: v["price"]["amount"] for v in variants}


async def test_the_listing_answers_the_list_price_when_one_applies(
    database: DatabaseTarget,
) -> None:
    async with commerce_app(database) as app:
        _, ada, lists = await _priced_shop(app)
        await app.deliver()
        assert await _listed(app, None) == {"SHIRT-S": 1900, "SHIRT-M": 2200}
        assert await _listed(app, ada.token) == {"SHIRT-S": 1800, "SHIRT-M": 2200}
        deleted = await list_mutate(app, "priceListDelete", lists["sale"])
        assert deleted["errors"] == []
        assert await _listed(app, None) == {"SHIRT-S": 2000, "SHIRT-M": 2200}
