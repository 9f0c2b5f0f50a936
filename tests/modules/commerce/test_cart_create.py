"""cartCreate: a token shown once and stored hashed, one currency, server-side totals."""

from __future__ import annotations

import hashlib

from sqlalchemy import select

from app.ids import decode_global_id
from modules.commerce.cart_models import CartLineRow, CartRow
from tests.support.carts import create, shop
from tests.support.commerce import commerce_app, count_rows
from tests.support.databases import DatabaseTarget


async def test_a_guest_cart_is_priced_by_the_server_and_its_token_only_hashed(
    database: DatabaseTarget,
) -> None:
    async with commerce_app(database) as app:
        shirts = await shop(app)
        lines = [shirts.line("SHIRT-S", 2), shirts.line("SHIRT-M", 1), shirts.line("SHIRT-S", 1)]
        created = await create(app, lines=lines, email="buyer@example.test")
        assert created["errors"] == []
        cart, token = created["cart"], created["token"]
        assert cart["currency"] == "EUR"
        assert cart["email"] == "buyer@example.test"
        assert [(line["variant"]["sku"], line["quantity"]) for line in cart["lines"]] == [
            ("SHIRT-S", 3),
            ("SHIRT-M", 1),
        ]
        assert [line["total"] for line in cart["lines"]] == [
            {"amount": 6000, "currency": "EUR"},
            {"amount": 2200, "currency": "EUR"},
        ]
        assert cart["totals"] == {
            "subtotal": {"amount": 8200, "currency": "EUR"},
            "discount": {"amount": 0},
            "shipping": {"amount": 0},
            "tax": {"amount": 0},
            "total": {"amount": 8200, "currency": "EUR"},
        }
        runtime = app.api.state.runtime
        async with runtime.db.transaction(app.tenant.id, readonly=True) as session:
            row = await session.scalar(select(CartRow).where(CartRow.tenant_id == app.tenant.id))
        assert row is not None
        assert row.token_hash == hashlib.sha256(token.encode()).hexdigest()
        assert token not in {row.token_hash, row.email}
        assert row.customer_id is None
        assert await app.payloads("commerce.cart.created") == [
            {"cart_id": decode_global_id(cart["id"])[1], "customer_id": None, "currency": "EUR"}
        ]


async def test_a_customer_cart_is_theirs_in_the_currency_asked(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        shirts = await shop(app)
        customer = app.customer()
        created = await create(app, customer, currency="USD", lines=[shirts.line("SHIRT-S", 1)])
        assert created["errors"] == []
        assert created["cart"]["totals"]["total"] == {"amount": 2400, "currency": "USD"}
        empty = await create(app, currency="USD")
        assert empty["errors"] == []
        assert empty["cart"]["lines"] == []
        assert empty["cart"]["totals"]["total"] == {"amount": 0, "currency": "USD"}
        assert created["token"] != empty["token"]
        payloads = await app.payloads("commerce.cart.created")
        assert [payload["customer_id"] is not None for payload in payloads] == [True, False]


async def test_bad_carts_are_refused_with_nothing_written(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        shirts = await shop(app)
        draft = await app.product(slug="draft-shirt", options=[], variants=[_variant("DRAFT-1")])
        before = await app.event_types()
        bad = await create(
            app,
            currency="GBP",
            email="not an address",
            lines=[shirts.line("SHIRT-S", 0), shirts.line("SHIRT-M", 1000)],
        )
        assert bad["cart"] is None
        assert bad["token"] is None
        assert [(e["code"], e["field"]) for e in bad["errors"]] == [
            ("VALIDATION", "currency"),
            ("VALIDATION", "email"),
            ("VALIDATION", "lines.0.quantity"),
            ("VALIDATION", "lines.1.quantity"),
        ]
        unknown = await create(app, currency="XYZ")
        assert [(e["code"], e["field"]) for e in unknown["errors"]] == [("VALIDATION", "currency")]
        not_sold = await create(
            app,
            currency="USD",
            lines=[
                shirts.line("SHIRT-M", 1),
                {"variantId": draft["variants"][0]["id"], "quantity": 1},
                {"variantId": "not-an-id", "quantity": 1},
            ],
        )
        assert [(e["code"], e["field"]) for e in not_sold["errors"]] == [
            ("VALIDATION", "lines.2.variantId")
        ]
        refused = await create(
            app,
            currency="USD",
            lines=[
                shirts.line("SHIRT-M", 1),
                {"variantId": draft["variants"][0]["id"], "quantity": 1},
            ],
        )
        assert [(e["code"], e["field"]) for e in refused["errors"]] == [
            ("VALIDATION", "lines.0.variantId"),
            ("NOT_FOUND", "lines.1.variantId"),
        ]
        merged = await create(app, lines=[shirts.line("SHIRT-S", 600), shirts.line("SHIRT-S", 400)])
        assert [(e["code"], e["field"]) for e in merged["errors"]] == [
            ("VALIDATION", "lines.1.quantity")
        ]
        assert await count_rows(app, CartRow) == 0
        assert await count_rows(app, CartLineRow) == 0
        assert await app.event_types() == before


async def test_the_line_quantity_limit_is_the_shops(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        shirts = await shop(app)
        settings = {"default_currency": "EUR", "currencies": ["EUR", "USD"], "max_line_quantity": 5}
        owner = app.member("core.manage_modules")
        values = {"input": {"module": "commerce", "settings": settings}}
        answer = await app.gql(_SETTINGS, values, token=owner)
        assert answer["data"]["moduleSettingsUpdate"]["errors"] == [], answer
        over = await create(app, lines=[shirts.line("SHIRT-S", 6)])
        assert [(e["code"], e["field"]) for e in over["errors"]] == [
            ("VALIDATION", "lines.0.quantity")
        ]
        assert (await create(app, lines=[shirts.line("SHIRT-S", 5)]))["errors"] == []


_SETTINGS = """
mutation ($input: ModuleSettingsUpdateInput!) {
  moduleSettingsUpdate(input: $input) { errors { code field message } }
}
"""


def _variant(sku: str) -> dict[str, object]:
    return {
        "sku": sku,
        "prices": [{"amount": 100, "currency": "EUR"}, {"amount": 1, "currency": "USD"}],
    }
