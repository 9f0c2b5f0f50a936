"""checkoutComplete with discounts: frozen per order, usage counted once, limits, release.

Two S shirts and one M cost 62.00 EUR; ``SAVE10`` takes 6.20 off (4.00 + 2.00 and 2.20).
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from sqlalchemy import select

from app.jobs.models import JobRow
from modules.commerce.discount_models import DiscountRedemptionRow, OrderDiscountRow
from modules.commerce.order_models import OrderLineRow, OrderRow, ReservationRow
from tests.support.commerce import CommerceApp, commerce_app, count_rows
from tests.support.databases import DatabaseTarget
from tests.support.discounts import apply_code, discount, usage_count
from tests.support.orders import StockedShop, cancel, cart_with, checkout, levels, stocked_shop
from tests.support.payments import payment_shop

_CHECKOUT_PAYING = """
mutation ($input: CheckoutCompleteInput!) {
  checkoutComplete(input: $input) {
    order { id paymentStatus totals { total { amount } } paid { amount } }
    payment { id }
    errors { code field message }
  }
}
"""
_ORDER = """
query ($id: ID!) {
  order(id: $id) {
    paymentStatus
    lines { sku discount { amount } total { amount } }
    totals { subtotal { amount } discount { amount } total { amount } }
    discounts { discountId code name amount { amount currency } }
  }
}
"""


async def _cart(
    app: CommerceApp,
    stocked: StockedShop,
    code: str | None = "SAVE10",
    token: str | None = None,
    email: str | None = None,
) -> str:
    """Return a cart of 2 S and 1 M shirts (with ``email``), ``code`` applied."""
    cart = await cart_with(
        app, [stocked.line("SHIRT-S", 2), stocked.line("SHIRT-M", 1)], token=token
    )
    if email is not None:
        body = await app.gql(
            "mutation ($i: CartUpdateInput!) { cartUpdate(input: $i) { errors { code } } }",
            {"i": {"token": cart, "email": email}},
            token=token,
        )
        assert body["data"]["cartUpdate"]["errors"] == []
    if code is not None:
        assert (await apply_code(app, cart, code, token=token))["errors"] == []
    return cart


async def _nothing_placed(app: CommerceApp) -> None:
    for model in (OrderRow, OrderLineRow, ReservationRow, OrderDiscountRow, DiscountRedemptionRow):
        assert await count_rows(app, model) == 0, model
    events = await app.event_types()
    assert not [t for t in events if t.startswith(("commerce.order.", "commerce.discount.red"))]


def _mine(app: CommerceApp, model: Any) -> Any:
    return select(model).where(model.tenant_id == app.tenant.id)


def _codes(answer: dict[str, Any]) -> list[tuple[str, str]]:
    return [(error["code"], error["field"]) for error in answer["errors"]]


async def _order(app: CommerceApp, order_id: str) -> dict[str, Any]:
    body = await app.gql(_ORDER, {"id": order_id})
    assert "errors" not in body, body
    found: dict[str, Any] = body["data"]["order"]
    return found


async def test_checkout_freezes_what_each_discount_took_and_counts_one_use(
    database: DatabaseTarget,
) -> None:
    async with commerce_app(database) as app:
        stocked = await stocked_shop(app)
        await discount(app)
        cart = await _cart(app, stocked)
        answer = await checkout(app, cart)
        assert answer["errors"] == []
        order = await _order(app, answer["order"]["id"])
        assert order["totals"] == {
            "subtotal": {"amount": 6200},
            "discount": {"amount": 620},
            "total": {"amount": 5580},
        }
        assert [
            (line["sku"], line["discount"]["amount"], line["total"]["amount"])
            for line in order["lines"]
        ] == [
            ("SHIRT-S", 400, 3600),
            ("SHIRT-M", 220, 1980),
        ]
        assert order["paymentStatus"] == "UNPAID"
        assert [(d["code"], d["name"], d["amount"]) for d in order["discounts"]] == [
            ("SAVE10", "Ten off", {"amount": 620, "currency": "EUR"})
        ]
        assert await usage_count(app, "Ten off") == 1
        runtime = app.api.state.runtime
        async with runtime.db.transaction(app.tenant.id, readonly=True) as session:
            frozen = list(await session.scalars(_mine(app, OrderDiscountRow)))
            redeemed = list(await session.scalars(_mine(app, DiscountRedemptionRow)))
        assert [(row.code, row.name, row.amount) for row in frozen] == [("SAVE10", "Ten off", 620)]
        assert [(row.customer_id, row.email) for row in redeemed] == [(None, None)]
        placed = (await app.payloads("commerce.order.placed"))[0]
        discount_id = placed["discount_ids"][0]
        assert placed["discount_amount"] == 620
        assert discount_id == str(frozen[0].discount_id) == order["discounts"][0]["discountId"]
        assert await app.payloads("commerce.discount.redeemed") == [
            {"discount_id": discount_id, "order_id": placed["order_id"], "customer_id": None}
        ]


async def test_a_used_up_code_refuses_the_checkout_and_writes_nothing(
    database: DatabaseTarget,
) -> None:
    async with commerce_app(database) as app:
        stocked = await stocked_shop(app)
        await discount(app, usageLimit=1)
        first, second = await _cart(app, stocked), await _cart(app, stocked)
        assert (await checkout(app, first, "k-1"))["errors"] == []
        refused = await checkout(app, second, "k-2")
        assert _codes(refused) == [("CONFLICT", "discountCodes.0")]
        assert refused["errors"][0]["message"].startswith(
            "the code SAVE10 no longer applies (this code has been used up)"
        )
        assert refused["order"] is None
        assert await usage_count(app, "Ten off") == 1
        assert await count_rows(app, OrderRow) == 1
        assert await levels(app, stocked) == {"SHIRT-S": (10, 2), "SHIRT-M": (10, 1)}


async def test_the_per_customer_limit_counts_a_signed_in_customer_and_a_guest_by_email(
    database: DatabaseTarget,
) -> None:
    async with commerce_app(database) as app:
        stocked = await stocked_shop(app)
        await discount(app, usageLimitPerCustomer=1)
        ann = app.customer()
        hers = await _cart(app, stocked, token=ann, email="ann@example.com")
        # A guest with her address applies the code before she checks out...
        guest = await _cart(app, stocked, email="Ann@Example.com")
        assert (await checkout(app, hers, "k-1", token=ann))["errors"] == []
        # ...and is refused at checkout, as she is with a new cart.
        refused = await checkout(app, guest, "k-2")
        assert _codes(refused) == [("CONFLICT", "discountCodes.0")]
        again = await cart_with(app, [stocked.line("SHIRT-S", 1)], token=ann)
        applied = await apply_code(app, again, "SAVE10", token=ann)
        assert [(e["code"], e["field"], e["message"]) for e in applied["errors"]] == [
            ("VALIDATION", "code", "you have used this code as often as it allows")
        ]
        assert await usage_count(app, "Ten off") == 1
        runtime = app.api.state.runtime
        async with runtime.db.transaction(app.tenant.id, readonly=True) as session:
            redeemed = list(await session.scalars(_mine(app, DiscountRedemptionRow)))
        assert [row.email for row in redeemed] == ["ann@example.com"]
        assert redeemed[0].customer_id is not None


async def test_cancelling_the_order_gives_the_use_back(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        stocked = await stocked_shop(app)
        await discount(app, usageLimit=1)
        answer = await checkout(app, await _cart(app, stocked))
        assert await usage_count(app, "Ten off") == 1
        assert (await cancel(app, answer["order"]["id"]))["errors"] == []
        assert await usage_count(app, "Ten off") == 0
        assert await count_rows(app, DiscountRedemptionRow) == 0
        assert await count_rows(app, OrderDiscountRow) == 1  # the order's record stays
        kept = (await _order(app, answer["order"]["id"]))["discounts"]
        assert [(d["code"], d["amount"]["amount"]) for d in kept] == [("SAVE10", 620)]
        # The code may be used again.
        assert (await checkout(app, await _cart(app, stocked), "k-2"))["errors"] == []
        assert await usage_count(app, "Ten off") == 1


async def test_an_automatic_discount_counts_its_use_too(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        stocked = await stocked_shop(app)
        await discount(app, code=None, isAutomatic=True, name="Autumn", value=500, usageLimit=1)
        first = await _cart(app, stocked, code=None)
        second = await _cart(app, stocked, code=None)
        assert (await checkout(app, first, "k-1"))["errors"] == []
        assert await usage_count(app, "Autumn") == 1
        # Used up: the next checkout is priced without it.
        answer = await checkout(app, second, "k-2")
        assert answer["errors"] == []
        assert answer["order"]["totals"]["discount"] == {"amount": 0}


async def test_an_order_with_nothing_to_pay_is_placed_paid(database: DatabaseTarget) -> None:
    async with payment_shop(database) as app:
        stocked = await stocked_shop(app)
        await discount(app, code="FREE", name="All free", value=10_000)
        cart = await _cart(app, stocked, code="FREE")
        values = {
            "token": cart,
            "idempotencyKey": "k-1",
            "paymentProvider": "test",
            "paymentMethod": "card",
        }
        body = await app.gql(_CHECKOUT_PAYING, {"input": values}, token=None)
        answer = body["data"]["checkoutComplete"]
        order_id = answer["order"].pop("id")
        assert answer == {
            "order": {
                "paymentStatus": "PAID",
                "totals": {"total": {"amount": 0}},
                "paid": {"amount": 0},
            },
            "payment": None,
            "errors": [],
        }
        paid = await app.payloads("commerce.order.paid")
        assert [(p["payment_id"], p["paid_amount"]) for p in paid] == [(None, 0)]
        runtime = app.api.state.runtime
        async with runtime.db.transaction(app.tenant.id, readonly=True) as session:
            reservations = list(await session.scalars(_mine(app, ReservationRow)))
            jobs = list(
                await session.scalars(select(JobRow.name).where(JobRow.tenant_id == app.tenant.id))
            )
        expiries = [row.expires_at for row in reservations]
        assert expiries == [None, None]
        assert "commerce.expire_order" not in jobs
        # Nothing captured is kept: staff may still cancel it, which gives the use back.
        assert (await cancel(app, order_id))["errors"] == []
        assert await usage_count(app, "All free") == 0


async def test_twenty_checkouts_for_a_code_used_five_times_place_five(
    database: DatabaseTarget,
) -> None:
    if not database.is_postgres:
        pytest.skip("needs PostgreSQL: SQLite runs one writer at a time, so nothing races")
    async with commerce_app(database) as app:
        stocked = await stocked_shop(app, small=100, medium=0)
        await discount(app, usageLimit=5)
        carts = []
        for _ in range(20):
            cart = await cart_with(app, [stocked.line("SHIRT-S", 1)])
            assert (await apply_code(app, cart, "SAVE10"))["errors"] == []
            carts.append(cart)
        answers = await asyncio.gather(
            *(checkout(app, cart, f"race-{number}") for number, cart in enumerate(carts))
        )
        sold = [answer for answer in answers if answer["errors"] == []]
        refused = [answer for answer in answers if answer["errors"]]
        assert len(sold) == 5
        assert len(refused) == 15
        assert {code for answer in refused for code in _codes(answer)} == {
            ("CONFLICT", "discountCodes.0")
        }
        assert all("SAVE10" in answer["errors"][0]["message"] for answer in refused)
        assert await usage_count(app, "Ten off") == 5
        assert await count_rows(app, OrderRow) == 5
        assert await count_rows(app, DiscountRedemptionRow) == 5
        assert await count_rows(app, OrderDiscountRow) == 5
        assert await levels(app, stocked) == {"SHIRT-S": (100, 5)}
        assert len(await app.payloads("commerce.order.placed")) == 5
