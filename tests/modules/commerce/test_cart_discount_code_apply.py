"""cartDiscountCodeApply: a code the cart may use is kept on it; any other is VALIDATION on code.

Unknown, another shop's, automatic, disabled, outside its window, used up, in another currency,
above the cart's subtotal as a minimum, already applied, or past ``discount_codes_per_cart``:
each is refused with nothing written.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import update

from modules.commerce.discount_models import CartDiscountRow, DiscountRow
from modules.commerce.permissions import PERMISSIONS
from tests.support.carts import add, create, shop
from tests.support.client import create_tenant
from tests.support.commerce import CommerceApp, commerce_app, count_rows
from tests.support.databases import DatabaseTarget
from tests.support.discounts import apply_code, discount

_SETTINGS = """
mutation ($input: ModuleSettingsUpdateInput!) {
  moduleSettingsUpdate(input: $input) { errors { code field message } }
}
"""


async def _cart(app: CommerceApp, subtotal_sku: str = "SHIRT-S", currency: str = "EUR") -> str:
    sold = await shop(app)
    token: str = (await create(app, currency=currency))["token"]
    await add(app, token, [sold.line(subtotal_sku, 1)])
    return token


def _fields(payload: Any) -> list[tuple[str, str]]:
    return [(e["code"], e["field"]) for e in payload["errors"]]


async def test_a_guest_applies_a_code_in_any_case(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        await discount(app)
        cart = await _cart(app)
        applied = await apply_code(app, cart, " save10 ")
        assert applied == {"cart": {"discountCodes": ["SAVE10"]}, "errors": []}
        again = await apply_code(app, cart, "SAVE10")
        assert _fields(again) == [("VALIDATION", "code")]
        assert await count_rows(app, CartDiscountRow) == 1


async def test_codes_that_may_not_apply_are_refused(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        now = app.clock.now()
        await discount(app, code="OFF", status="DISABLED")
        await discount(app, code="LATER", startsAt=(now + timedelta(days=1)).isoformat())
        await discount(app, code="OVER", endsAt=now.isoformat())
        await discount(app, code="DOLLARS", kind="FIXED", value=100, currency="USD")
        await discount(app, code="BIG", currency="EUR", minSubtotal=2001)
        cart = await _cart(app)  # one shirt S: 20.00 EUR
        for code in ("NOPE", "OFF", "LATER", "OVER", "DOLLARS", "BIG"):
            refused = await apply_code(app, cart, code)
            assert refused["cart"] is None, code
            assert _fields(refused) == [("VALIDATION", "code")], code
        assert await count_rows(app, CartDiscountRow) == 0


async def test_another_shops_code_is_unknown(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        other = await create_tenant(app.api)
        owner = app.api.auth.member(other.id, "core.manage_modules")
        answer = await app.api.gql(
            _SETTINGS,
            {
                "input": {
                    "module": "commerce",
                    "settings": {"default_currency": "EUR", "currencies": ["EUR"]},
                }
            },
            tenant=other.slug,
            token=owner,
        )
        assert answer["data"]["moduleSettingsUpdate"]["errors"] == []
        manager = app.api.auth.member(other.id, *(p.name for p in PERMISSIONS))
        await discount(CommerceApp(api=app.api, clock=app.clock, tenant=other, manager=manager))
        cart = await _cart(app)
        assert _fields(await apply_code(app, cart, "SAVE10")) == [("VALIDATION", "code")]
        assert await count_rows(app, CartDiscountRow) == 0


async def test_at_most_the_setting_s_codes_fit_on_a_cart(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        await discount(app, code="ONE")
        await discount(app, code="TWO")
        cart = await _cart(app)
        assert (await apply_code(app, cart, "ONE"))["errors"] == []
        assert _fields(await apply_code(app, cart, "TWO")) == [("VALIDATION", "code")]
        assert await count_rows(app, CartDiscountRow) == 1


async def test_only_the_cart_s_own_customer_may_apply(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        await discount(app)
        customer = app.customer()
        sold = await shop(app)
        cart: str = (await create(app, customer, currency="EUR"))["token"]
        await add(app, cart, [sold.line("SHIRT-S", 1)], customer)
        stranger = await apply_code(app, cart, "SAVE10", app.customer())
        assert _fields(stranger) == [("NOT_FOUND", "token")]
        assert await count_rows(app, CartDiscountRow) == 0
        assert (await apply_code(app, cart, "SAVE10", customer))["errors"] == []


async def test_a_used_up_code_is_refused(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        await discount(app, usageLimit=1)
        runtime = app.api.state.runtime
        async with runtime.db.transaction(app.tenant.id) as session:
            await session.execute(
                update(DiscountRow)
                .where(DiscountRow.tenant_id == app.tenant.id)
                .values(usage_count=1)
            )
        cart = await _cart(app)
        refused = await apply_code(app, cart, "SAVE10")
        assert [(e["field"], e["message"]) for e in refused["errors"]] == [
            ("code", "this code has been used up")
        ]
        assert await count_rows(app, CartDiscountRow) == 0
