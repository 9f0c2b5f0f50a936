"""cartUpdate: addresses and the shipping rate, and the totals with shipping and tax.

The worked numbers: three tees at 1.02, 1.02 and 1.01 EUR (subtotal 3.05), 19% in DE. Per
line, 0.1938, 0.1938 and 0.1919 round to 0.19 each (0.57); per order, 0.5795 rounds to 0.58 and
the extra cent goes to the first line. Shipping ``Standard`` (4.90, taxed at 19%: 0.931) joins
the 19% group, so per order the four amounts' 1.5105 rounds to 1.51 and per line to 1.50.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from modules.commerce.cart_models import CartRow
from tests.support.carts import create
from tests.support.commerce import CommerceApp, commerce_app
from tests.support.databases import DatabaseTarget
from tests.support.statements import recorded_statements
from tests.support.taxed_shop import CART, TaxedShop, cart_update, set_settings, taxed_shop

READ = f"query ($t: String!) {{ cart(token: $t) {{ {CART} }} }}"
GERMANY = {"country": "DE", "city": "Berlin", "line1": "Unter den Linden 1"}


async def _cart(app: CommerceApp, shop: TaxedShop, caller: str | None = None) -> str:
    created = await create(app, caller, lines=shop.lines())
    assert created["errors"] == [], created
    token: str = created["token"]
    return token


def _amounts(cart: dict[str, Any]) -> dict[str, int]:
    return {name: money["amount"] for name, money in cart["totals"].items()}


async def test_exclusive_prices_rounded_per_line(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        shop = await taxed_shop(app)
        token = await _cart(app, shop)
        addressed = (await cart_update(app, token, shippingAddress=GERMANY))["cart"]
        assert [rate["name"] for rate in addressed["availableShippingRates"]] == [
            "Standard",
            "Parcel",
        ]
        assert [r["cartPrice"]["amount"] for r in addressed["availableShippingRates"]] == [490, 900]
        assert _amounts(addressed) == {
            "subtotal": 305,
            "discount": 0,
            "shipping": 0,
            "tax": 57,
            "total": 362,
        }
        chosen = await cart_update(app, token, shippingRateId=shop.rates["Standard"])
        cart = chosen["cart"]
        assert [line["tax"]["amount"] for line in cart["lines"]] == [19, 19, 19]
        assert _amounts(cart) == {
            "subtotal": 305,
            "discount": 0,
            "shipping": 490,
            "tax": 150,
            "total": 945,
        }
        assert cart["shippingRate"] == {"name": "Standard", "cartPrice": {"amount": 490}}
        assert (cart["taxIncluded"], cart["taxEstimated"]) == (False, False)
        assert cart["shippingAddress"] == {
            "country": "DE",
            "region": None,
            "city": "Berlin",
            "line1": "Unter den Linden 1",
        }
        # The cart read answers what the change cached.
        read = await app.gql(READ, {"t": token}, token=None)
        assert read["data"]["cart"] == cart


async def test_exclusive_prices_rounded_per_order(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        await set_settings(app, tax_rounding="order")
        shop = await taxed_shop(app)
        token = await _cart(app, shop)
        cart = (
            await cart_update(
                app, token, shippingAddress=GERMANY, shippingRateId=shop.rates["Standard"]
            )
        )["cart"]
        assert [line["tax"]["amount"] for line in cart["lines"]] == [20, 19, 19]
        assert _amounts(cart) == {
            "subtotal": 305,
            "discount": 0,
            "shipping": 490,
            "tax": 151,
            "total": 946,
        }


async def test_inclusive_prices_hold_their_tax(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        shop = await taxed_shop(app)
        # Inside 1.02 at 19%: 0.162857; inside 1.01: 0.161261; inside 4.90: 0.782353.
        for rounding, lines, tax in (("line", [16, 16, 16], 126), ("order", [17, 16, 16], 127)):
            await set_settings(app, prices_include_tax=True, tax_rounding=rounding)
            token = await _cart(app, shop)
            cart = (
                await cart_update(
                    app, token, shippingAddress=GERMANY, shippingRateId=shop.rates["Standard"]
                )
            )["cart"]
            assert [line["tax"]["amount"] for line in cart["lines"]] == lines, rounding
            assert [line["total"]["amount"] for line in cart["lines"]] == [102, 102, 101]
            assert _amounts(cart) == {
                "subtotal": 305,
                "discount": 0,
                "shipping": 490,
                "tax": tax,
                "total": 795,
            }, rounding
            assert cart["taxIncluded"] is True


async def test_weight_rates_free_shipping_and_dropped_rates(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        shop = await taxed_shop(app)
        token = await _cart(app, shop)
        # 1,100 g: the second bracket, 9.00, untaxed.
        parcel = (
            await cart_update(
                app, token, shippingAddress=GERMANY, shippingRateId=shop.rates["Parcel"]
            )
        )["cart"]
        assert _amounts(parcel) == {
            "subtotal": 305,
            "discount": 0,
            "shipping": 900,
            "tax": 57,
            "total": 1262,
        }
        # Austria taxes at 20%: 0.204 + 0.204 + 0.202 -> 0.20 each.
        austria = (await cart_update(app, token, shippingAddress={"country": "at"}))["cart"]
        assert austria["shippingRate"]["name"] == "Parcel"
        assert _amounts(austria)["tax"] == 60
        # Switzerland is in a zone without rates: the chosen rate is dropped.
        swiss = (await cart_update(app, token, shippingAddress={"country": "CH"}))["cart"]
        assert swiss["shippingRate"] is None
        assert swiss["availableShippingRates"] == []
        assert _amounts(swiss) == {
            "subtotal": 305,
            "discount": 0,
            "shipping": 0,
            "tax": 0,
            "total": 305,
        }


async def test_the_tax_address_and_the_estimate(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        shop = await taxed_shop(app)
        token = await _cart(app, shop)
        cart = (await cart_update(app, token, email="a@example.com"))["cart"]
        assert (cart["taxEstimated"], _amounts(cart)["tax"]) == (True, 0)
        await set_settings(app, default_tax_country="DE", tax_address="billing")
        estimated = (await cart_update(app, token, email="b@example.com"))["cart"]
        assert (estimated["taxEstimated"], _amounts(estimated)["tax"]) == (True, 57)
        # Billing is the tax address: shipping to Germany alone is still an estimate.
        shipped = (await cart_update(app, token, shippingAddress=GERMANY))["cart"]
        assert (shipped["taxEstimated"], _amounts(shipped)["tax"]) == (True, 57)
        billed = (await cart_update(app, token, billingAddress={"country": "AT"}))["cart"]
        assert (billed["taxEstimated"], _amounts(billed)["tax"]) == (False, 60)
        assert billed["email"] == "b@example.com"


async def test_bad_addresses_and_unavailable_rates_write_nothing(
    database: DatabaseTarget,
) -> None:
    async with commerce_app(database) as app:
        shop = await taxed_shop(app)
        token = await _cart(app, shop)
        cases: list[tuple[dict[str, Any], list[tuple[str, str]]]] = [
            ({"shippingAddress": {"country": "FR"}}, [("VALIDATION", "shippingAddress.country")]),
            ({"shippingAddress": {"country": "XX"}}, [("VALIDATION", "shippingAddress.country")]),
            (
                {"billingAddress": {"country": "DE", "line1": "x" * 201}, "email": "nope"},
                [("VALIDATION", "email"), ("VALIDATION", "billingAddress.line1")],
            ),
            ({"shippingRateId": shop.rates["Standard"]}, [("VALIDATION", "shippingRateId")]),
            ({"shippingRateId": shop.variants["TEE-A"]}, [("VALIDATION", "shippingRateId")]),
        ]
        for values, expected in cases:
            payload = await cart_update(app, token, **values)
            assert payload["cart"] is None
            assert [(e["code"], e["field"]) for e in payload["errors"]] == expected, values
        # Too heavy for the parcel: 6 x 400 g.
        heavy = await create(app, lines=shop.lines({"TEE-A": 6}))
        refused = await cart_update(
            app, heavy["token"], shippingAddress=GERMANY, shippingRateId=shop.rates["Parcel"]
        )
        assert [(e["code"], e["field"]) for e in refused["errors"]] == [
            ("VALIDATION", "shippingRateId")
        ]
        unknown = await cart_update(app, "no-such-token", email="a@example.com")
        assert [(e["code"], e["field"]) for e in unknown["errors"]] == [("NOT_FOUND", "token")]
        runtime = app.api.state.runtime
        async with runtime.db.transaction(app.tenant.id, readonly=True) as session:
            rows = list(
                await session.scalars(select(CartRow).where(CartRow.tenant_id == app.tenant.id))
            )
        assert [
            (r.shipping_address, r.billing_address, r.email, r.shipping_rate_id) for r in rows
        ] == [(None, None, None, None)] * 2


async def test_anyone_with_the_token_but_not_another_customer(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        shop = await taxed_shop(app)
        guest = await _cart(app, shop)
        events = await app.event_types()
        for caller in (None, app.member("commerce.view_orders"), app.customer()):
            payload = await cart_update(app, guest, caller, shippingAddress=GERMANY)
            assert payload["errors"] == []
        owner = app.customer()
        mine = await _cart(app, shop, owner)
        for caller in (None, app.customer()):
            refused = await cart_update(app, mine, caller, email="x@example.com")
            assert [(e["code"], e["field"]) for e in refused["errors"]] == [("NOT_FOUND", "token")]
        assert (await cart_update(app, mine, owner, email="me@example.com"))["errors"] == []
        # Cart edits emit nothing: only the second cart's creation.
        assert await app.event_types() == [*events, "commerce.cart.created"]


async def test_reading_shipping_costs_the_same_statements_for_any_size(
    database: DatabaseTarget,
) -> None:
    async with commerce_app(database) as app:
        shop = await taxed_shop(app)
        engine = app.api.state.runtime.db.engine
        counts = []
        for quantities in ({"TEE-A": 1}, {"TEE-A": 1, "TEE-B": 1, "TEE-C": 1}):
            created = await create(app, lines=shop.lines(quantities))
            token = created["token"]
            await cart_update(
                app, token, shippingAddress=GERMANY, shippingRateId=shop.rates["Standard"]
            )
            with recorded_statements(engine) as statements:
                body = await app.gql(READ, {"t": token}, token=None)
            assert "errors" not in body, body
            assert len(body["data"]["cart"]["lines"]) == len(quantities)
            counts.append(len(statements))
        assert counts[0] == counts[1], counts
