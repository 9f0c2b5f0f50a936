"""Cart totals with discounts: codes, automatic ones, targets, the combination, tax, shipping.

The shirt costs 20.00 (S) and 22.00 EUR (M); the taxed shop's tees 1.02 EUR at 19% in DE.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from tests.support.carts import Shop, add, create, shop, update
from tests.support.commerce import CommerceApp, commerce_app
from tests.support.databases import DatabaseTarget
from tests.support.discounts import apply_code, cart_discounts, discount
from tests.support.shipping import mutate
from tests.support.statements import recorded_statements
from tests.support.taxed_shop import cart_update, set_settings, taxed_shop

GERMANY = {"country": "DE", "city": "Berlin", "line1": "Unter den Linden 1"}
_REMOVE = """
mutation ($input: CartDiscountCodeInput!) {
  cartDiscountCodeRemove(input: $input) { errors { code field message } }
}
"""


def _totals(cart: dict[str, Any]) -> dict[str, int]:
    return {name: money["amount"] for name, money in cart["totals"].items()}


def _lines(cart: dict[str, Any]) -> list[tuple[str, int, int]]:
    return [
        (line["variant"]["sku"], line["discount"]["amount"], line["total"]["amount"])
        for line in cart["lines"]
    ]


async def _shirts(app: CommerceApp) -> tuple[Shop, str]:
    shirts = await shop(app)
    created = await create(app, lines=[shirts.line("SHIRT-S", 1), shirts.line("SHIRT-M", 1)])
    assert created["errors"] == []
    token: str = created["token"]
    return shirts, token


async def test_a_code_takes_its_discount_off_the_lines_and_the_total(
    database: DatabaseTarget,
) -> None:
    async with commerce_app(database) as app:
        _, cart = await _shirts(app)
        await discount(app)
        assert (await apply_code(app, cart, "save10"))["errors"] == []
        found = await cart_discounts(app, cart)
        assert _totals(found) == {
            "subtotal": 4200,
            "discount": 420,
            "shipping": 0,
            "tax": 0,
            "total": 3780,
        }
        assert _lines(found) == [("SHIRT-S", 200, 1800), ("SHIRT-M", 220, 1980)]
        assert found["discounts"] == [
            {"code": "SAVE10", "name": "Ten off", "amount": {"amount": 420, "currency": "EUR"}}
        ]
        assert found["discountCodes"] == ["SAVE10"]
        assert found["discountCodeStates"] == [
            {"code": "SAVE10", "amount": {"amount": 420}, "problem": None}
        ]
        removed = await app.gql(_REMOVE, {"input": {"token": cart, "code": "SAVE10"}}, token=None)
        assert removed["data"]["cartDiscountCodeRemove"]["errors"] == []
        found = await cart_discounts(app, cart)
        assert _totals(found)["discount"] == 0
        assert found["discounts"] == []


async def _cap(app: CommerceApp, category: str) -> dict[str, Any]:
    return await app.product(
        slug="cap",
        name="Cap",
        status="ACTIVE",
        categoryIds=[category],
        options=[{"name": "Size", "values": ["One"]}],
        variants=[
            {
                "sku": "CAP",
                "optionValues": [{"name": "Size", "value": "One"}],
                "prices": [{"amount": 1000, "currency": "EUR"}],
            }
        ],
    )


async def test_a_category_discount_takes_off_products_filed_below_it(
    database: DatabaseTarget,
) -> None:
    async with commerce_app(database) as app:
        clothing = await app.category("clothing")
        hats = await app.category("hats", parent=clothing)
        other = await app.category("other")
        cap = await _cap(app, hats)
        await discount(
            app,
            code=None,
            isAutomatic=True,
            name="Clothing sale",
            value=2000,
            target="CATEGORIES",
            targetIds=[clothing],
            combinable=True,
        )
        await discount(
            app,
            code="OTHER",
            name="Other only",
            value=5000,
            target="CATEGORIES",
            targetIds=[other],
            combinable=True,
        )
        cart = (await create(app, lines=[{"variantId": cap["variants"][0]["id"], "quantity": 1}]))[
            "token"
        ]
        assert (await apply_code(app, cart, "OTHER"))["errors"] == []
        found = await cart_discounts(app, cart)
        assert _lines(found) == [("CAP", 200, 800)]
        assert [(d["name"], d["amount"]["amount"]) for d in found["discounts"]] == [
            ("Clothing sale", 200)
        ]
        assert found["discountCodeStates"] == [
            {"code": "OTHER", "amount": {"amount": 0}, "problem": "nothing in the cart qualifies"}
        ]


async def test_automatic_discounts_take_off_the_products_and_categories_they_target(
    database: DatabaseTarget,
) -> None:
    async with commerce_app(database) as app:
        shirt = await app.product(status="ACTIVE")
        hats = await app.category("hats")
        cap = await _cap(app, hats)
        await discount(
            app,
            code=None,
            isAutomatic=True,
            name="Shirt deal",
            kind="FIXED",
            value=100,
            currency="EUR",
            target="PRODUCTS",
            targetIds=[shirt["id"]],
            combinable=True,
        )
        await discount(
            app,
            code=None,
            isAutomatic=True,
            name="Hat sale",
            value=5000,
            target="CATEGORIES",
            targetIds=[hats],
            combinable=True,
        )
        lines = [
            {"variantId": shirt["variants"][0]["id"], "quantity": 2},
            {"variantId": cap["variants"][0]["id"], "quantity": 1},
        ]
        cart = (await create(app, lines=lines))["token"]
        found = await cart_discounts(app, cart)
        assert _lines(found) == [("SHIRT-S", 200, 3800), ("CAP", 500, 500)]
        assert _totals(found)["discount"] == 700
        assert _totals(found)["total"] == 4300
        assert [(d["code"], d["name"], d["amount"]["amount"]) for d in found["discounts"]] == [
            (None, "Shirt deal", 200),
            (None, "Hat sale", 500),
        ]
        assert found["discountCodeStates"] == []


async def test_the_discounts_saving_most_are_chosen_and_a_losing_code_says_why(
    database: DatabaseTarget,
) -> None:
    async with commerce_app(database) as app:
        shirts, cart = await _shirts(app)
        await discount(
            app, code="TENNER", name="Ten euros", kind="FIXED", value=1000, currency="EUR"
        )
        await discount(app, code=None, isAutomatic=True, name="Autumn", value=2000)
        assert (await apply_code(app, cart, "TENNER"))["errors"] == []
        found = await cart_discounts(app, cart)
        # 20% of 42.00 (8.40) saves less than 10.00, and neither combines.
        assert [d["name"] for d in found["discounts"]] == ["Ten euros"]
        assert _totals(found)["discount"] == 1000
        await discount(app, code=None, isAutomatic=True, name="Big autumn", value=3000)
        assert (await add(app, cart, [shirts.line("SHIRT-S", 1)]))["errors"] == []
        found = await cart_discounts(app, cart)
        assert [d["name"] for d in found["discounts"]] == ["Big autumn"]
        assert found["discountCodeStates"] == [
            {
                "code": "TENNER",
                "amount": {"amount": 0},
                "problem": "another discount saves more, and they do not combine",
            }
        ]


async def test_a_code_that_stops_applying_stays_on_the_cart_and_says_why(
    database: DatabaseTarget,
) -> None:
    async with commerce_app(database) as app:
        _, cart = await _shirts(app)
        ends = (app.clock.now() + timedelta(hours=1)).isoformat()
        await discount(app, code="MIN40", minSubtotal=4000, currency="EUR", endsAt=ends)
        assert (await apply_code(app, cart, "MIN40"))["errors"] == []
        assert _totals(await cart_discounts(app, cart))["discount"] == 420
        body = await app.gql(
            "query ($t: String!) { cart(token: $t) { lines { id variant { sku } } } }",
            {"t": cart},
            token=None,
        )
        medium = body["data"]["cart"]["lines"][1]["id"]
        assert (await update(app, cart, [{"lineId": medium, "quantity": 0}]))["errors"] == []
        found = await cart_discounts(app, cart)
        assert _totals(found) == {
            "subtotal": 2000,
            "discount": 0,
            "shipping": 0,
            "tax": 0,
            "total": 2000,
        }
        assert found["discountCodes"] == ["MIN40"]
        assert found["discountCodeStates"] == [
            {
                "code": "MIN40",
                "amount": {"amount": 0},
                "problem": "the cart's subtotal is below this code's minimum",
            }
        ]
        app.clock.advance(timedelta(hours=2))
        states = (await cart_discounts(app, cart))["discountCodeStates"]
        assert states[0]["problem"] == "this code is not valid now"


async def _taxed_cart(app: CommerceApp) -> str:
    tees = await taxed_shop(app)
    cart: str = (await create(app, lines=tees.lines({"TEE-A": 10})))["token"]
    assert (await cart_update(app, cart, shippingAddress=GERMANY))["errors"] == []
    await discount(app)
    assert (await apply_code(app, cart, "SAVE10"))["errors"] == []
    return cart


async def test_tax_is_added_on_the_discounted_amounts_when_prices_exclude_it(
    database: DatabaseTarget,
) -> None:
    async with commerce_app(database) as app:
        cart = await _taxed_cart(app)
        found = await cart_discounts(app, cart)
        # 10.20 less 10% is 9.18; 19% of it is 1.7442, so 1.74 added.
        assert _totals(found) == {
            "subtotal": 1020,
            "discount": 102,
            "shipping": 0,
            "tax": 174,
            "total": 1092,
        }
        assert found["lines"][0]["tax"] == {"amount": 174}


async def test_tax_is_inside_the_discounted_amounts_when_prices_include_it(
    database: DatabaseTarget,
) -> None:
    async with commerce_app(database) as app:
        await set_settings(app, prices_include_tax=True)
        cart = await _taxed_cart(app)
        found = await cart_discounts(app, cart)
        # 9.18 gross holds 9.18 * 19 / 119 = 1.4657 of tax: 1.47, and nothing is added.
        assert _totals(found) == {
            "subtotal": 1020,
            "discount": 102,
            "shipping": 0,
            "tax": 147,
            "total": 918,
        }


async def test_free_shipping_counts_the_subtotal_after_discounts(
    database: DatabaseTarget,
) -> None:
    async with commerce_app(database) as app:
        tees = await taxed_shop(app)
        free_over = {"amount": 1000, "currency": "EUR"}
        changed = await mutate(
            app, "shippingRateUpdate", {"id": tees.rates["Standard"], "freeOver": free_over}
        )
        assert changed["errors"] == []
        cart = (await create(app, lines=tees.lines({"TEE-A": 10})))["token"]
        chosen = await cart_update(
            app, cart, shippingAddress=GERMANY, shippingRateId=tees.rates["Standard"]
        )
        assert chosen["cart"]["totals"]["shipping"] == {"amount": 0}
        await discount(app)
        assert (await apply_code(app, cart, "SAVE10"))["errors"] == []
        found = await cart_discounts(app, cart)
        # 9.18 after the discount is under the 10.00 threshold: the 4.90 is charged again.
        assert _totals(found)["shipping"] == 490


async def test_reading_a_discounted_cart_costs_the_same_statements_for_any_size(
    database: DatabaseTarget,
) -> None:
    async with commerce_app(database) as app:
        engine = app.api.state.runtime.db.engine
        hats = await app.category("hats")
        await discount(
            app,
            code=None,
            isAutomatic=True,
            name="Hats",
            value=500,
            target="CATEGORIES",
            targetIds=[hats],
            combinable=True,
        )
        await discount(app, combinable=True)
        counts = []
        for size in (1, 12):
            product = await app.product(
                slug=f"tee-{size}",
                status="ACTIVE",
                categoryIds=[hats],
                options=[{"name": "Size", "values": [f"S{n}" for n in range(size)]}],
                variants=[
                    {
                        "sku": f"TEE-{size}-{n}",
                        "optionValues": [{"name": "Size", "value": f"S{n}"}],
                        "prices": [{"amount": 1000, "currency": "EUR"}],
                    }
                    for n in range(size)
                ],
            )
            lines = [{"variantId": v["id"], "quantity": 1} for v in product["variants"]]
            cart = (await create(app, lines=lines))["token"]
            assert (await apply_code(app, cart, "SAVE10"))["errors"] == []
            with recorded_statements(engine) as statements:
                found = await cart_discounts(app, cart)
            assert [d["name"] for d in found["discounts"]] == ["Hats", "Ten off"]
            counts.append(len(statements))
        assert counts[0] == counts[1], counts
