"""cartLinesAdd: lines merge by variant, prices are resolved again, and the token decides who.

The authorization matrix of carts: a guest cart opens to whoever holds its token (anonymous,
staff with or without commerce permissions); the first change by a signed-in customer makes it
theirs, and from then on everyone else, token or not, is told NOT_FOUND.
"""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

from sqlalchemy import select, update

from app.auth.principal import CustomerPrincipal
from modules.commerce.cart_models import CartLineRow, CartRow
from modules.commerce.permissions import PERMISSIONS
from tests.support.carts import CART, add, create, shop
from tests.support.commerce import CommerceApp, commerce_app, count_rows
from tests.support.databases import DatabaseTarget

PRICES_SET = """
mutation ($input: ProductVariantPricesSetInput!) {
  productVariantPricesSet(input: $input) { errors { code field } }
}
"""
PRODUCT_UPDATE = """
mutation ($input: ProductUpdateInput!) { productUpdate(input: $input) { errors { code field } } }
"""


def _lines(payload: dict[str, Any]) -> list[tuple[str, int, int]]:
    cart = payload["cart"]
    return [
        (ln["variant"]["sku"], ln["quantity"], ln["unitPrice"]["amount"]) for ln in cart["lines"]
    ]


def _codes(payload: dict[str, Any]) -> list[tuple[str, str]]:
    return [(error["code"], error["field"]) for error in payload["errors"]]


async def _read(app: CommerceApp, cart: str, token: str | None) -> dict[str, Any] | None:
    body = await app.gql(CART, {"token": cart}, token=token)
    assert "errors" not in body, body
    found: dict[str, Any] | None = body["data"]["cart"]
    return found


async def test_lines_merge_by_variant_and_the_totals_follow(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        shirts = await shop(app)
        cart = (await create(app, lines=[shirts.line("SHIRT-M", 1)]))["token"]
        added = await add(app, cart, [shirts.line("SHIRT-S", 2), shirts.line("SHIRT-M", 2)])
        assert added["errors"] == []
        assert _lines(added) == [("SHIRT-M", 3, 2200), ("SHIRT-S", 2, 2000)]
        assert added["cart"]["totals"]["total"] == {"amount": 10600, "currency": "EUR"}
        assert await _read(app, cart, None) == added["cart"]
        assert await app.payloads("commerce.cart.created") != []
        assert "commerce.cart.updated" not in await app.event_types()


async def test_every_change_resolves_the_prices_again(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        shirts = await shop(app)
        cart = (await create(app, lines=[shirts.line("SHIRT-S", 1), shirts.line("SHIRT-M", 1)]))[
            "token"
        ]
        prices = {
            "variantId": shirts.variants["SHIRT-S"],
            "prices": [{"amount": 1500, "currency": "EUR"}],
        }
        assert (await app.gql(PRICES_SET, {"input": prices}))["data"]["productVariantPricesSet"][
            "errors"
        ] == []
        unchanged = await _read(app, cart, None)
        assert unchanged is not None
        assert unchanged["totals"]["total"]["amount"] == 4200
        added = await add(app, cart, [shirts.line("SHIRT-M", 1)])
        assert _lines(added) == [("SHIRT-S", 1, 1500), ("SHIRT-M", 2, 2200)]
        assert added["cart"]["totals"]["subtotal"]["amount"] == 5900


async def test_a_variant_no_longer_for_sale_leaves_at_the_next_change(
    database: DatabaseTarget,
) -> None:
    async with commerce_app(database) as app:
        shirts = await shop(app)
        other = await app.product(slug="other-shirt", status="ACTIVE", variants=_two("OTHER"))
        variant = other["variants"][0]["id"]
        cart = (await create(app, lines=[{"variantId": variant, "quantity": 1}]))["token"]
        archived = {"id": other["id"], "status": "ARCHIVED"}
        assert (await app.gql(PRODUCT_UPDATE, {"input": archived}))["data"]["productUpdate"][
            "errors"
        ] == []
        refused = await add(app, cart, [{"variantId": variant, "quantity": 1}])
        assert _codes(refused) == [("NOT_FOUND", "lines.0.variantId")]
        added = await add(app, cart, [shirts.line("SHIRT-S", 1)])
        assert _lines(added) == [("SHIRT-S", 1, 2000)]
        assert added["cart"]["totals"]["total"]["amount"] == 2000


async def test_bad_lines_and_tokens_are_refused(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        shirts = await shop(app)
        created = await create(app, currency="USD", lines=[shirts.line("SHIRT-S", 990)])
        cart = created["token"]
        assert _codes(await add(app, cart, [])) == [("VALIDATION", "lines")]
        assert _codes(await add(app, cart, [shirts.line("SHIRT-S", 10)])) == [
            ("VALIDATION", "lines.0.quantity")
        ]
        assert _codes(await add(app, cart, [shirts.line("SHIRT-S", -1)])) == [
            ("VALIDATION", "lines.0.quantity")
        ]
        assert _codes(await add(app, cart, [shirts.line("SHIRT-M", 1)])) == [
            ("VALIDATION", "lines.0.variantId")
        ]
        assert _codes(await add(app, "no-such-token", [shirts.line("SHIRT-S", 1)])) == [
            ("NOT_FOUND", "token")
        ]
        assert _codes(await add(app, "x" * 5000, [shirts.line("SHIRT-S", 1)])) == [
            ("NOT_FOUND", "token")
        ]
        assert await _read(app, "no-such-token", None) is None
        after = await _read(app, cart, None)
        assert after == created["cart"]
        assert await count_rows(app, CartLineRow) == 1


async def test_a_cart_holds_at_most_250_lines(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        variants: list[str] = []
        for number in range(3):
            sizes = [f"S{size}" for size in range(100 if number < 2 else 51)]
            product = await app.product(
                slug=f"wide-{number}",
                status="ACTIVE",
                options=[{"name": "Size", "values": sizes}],
                variants=[_sized(f"W{number}-{size}", size) for size in sizes],
            )
            variants += [variant["id"] for variant in product["variants"]]
        lines = [{"variantId": variant, "quantity": 1} for variant in variants]
        cart = (await create(app, lines=lines[:250]))["token"]
        assert _codes(await add(app, cart, lines[250:])) == [("VALIDATION", "lines")]
        assert _codes(await create(app, lines=lines)) == [("VALIDATION", "lines")]
        assert _codes(await add(app, cart, lines[:1])) == []
        assert await count_rows(app, CartRow) == 1
        assert await count_rows(app, CartLineRow) == 250


async def test_the_token_opens_a_guest_cart_and_a_customer_claims_it(
    database: DatabaseTarget,
) -> None:
    async with commerce_app(database) as app:
        shirts = await shop(app)
        cart = (await create(app))["token"]
        guests = {
            "anonymous": None,
            "member without commerce permissions": app.member("core.view_audit"),
            "member with every commerce permission": app.member(*(p.name for p in PERMISSIONS)),
            "customer of another tenant": app.api.auth.issue(
                CustomerPrincipal(customer_id=uuid.uuid4(), tenant_id=uuid.uuid4())
            ),
        }
        for label, token in guests.items():
            answer = await app.gql(
                _ADD, {"input": {"token": cart, "lines": [shirts.line("SHIRT-S", 1)]}}, token=token
            )
            assert answer["data"]["cartLinesAdd"]["errors"] == [], label
        # None of them is a customer of this tenant: the cart is still a guest's.
        assert await _owner(app) is None
        owner, stranger = app.customer(), app.customer()
        claimed = await add(app, cart, [shirts.line("SHIRT-S", 1)], owner)
        assert claimed["errors"] == []
        assert _lines(claimed) == [("SHIRT-S", 5, 2000)]
        assert await _owner(app) is not None
        for label, token in {**guests, "another customer": stranger}.items():
            refused = await app.gql(
                _ADD, {"input": {"token": cart, "lines": [shirts.line("SHIRT-S", 1)]}}, token=token
            )
            assert _codes(refused["data"]["cartLinesAdd"]) == [("NOT_FOUND", "token")], label
            assert await _read(app, cart, token) is None, label
        mine = await _read(app, cart, owner)
        assert mine is not None
        assert mine["lines"][0]["quantity"] == 5
        assert (await add(app, cart, [shirts.line("SHIRT-S", 1)], owner))["errors"] == []


async def test_a_signed_in_customers_new_cart_is_never_a_guests(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        shirts = await shop(app)
        owner = app.customer()
        cart = (await create(app, owner))["token"]
        assert await _read(app, cart, None) is None
        assert _codes(await add(app, cart, [shirts.line("SHIRT-S", 1)])) == [("NOT_FOUND", "token")]
        assert await count_rows(app, CartLineRow) == 0


_ADD = """
mutation ($input: CartLinesAddInput!) { cartLinesAdd(input: $input) { errors { code field } } }
"""


async def _owner(app: CommerceApp) -> uuid.UUID | None:
    runtime = app.api.state.runtime
    async with runtime.db.transaction(app.tenant.id, readonly=True) as session:
        found: uuid.UUID | None = await session.scalar(
            select(CartRow.customer_id).where(CartRow.tenant_id == app.tenant.id)
        )
    return found


def _two(prefix: str) -> list[dict[str, Any]]:
    return [_sized(f"{prefix}-S", "S"), _sized(f"{prefix}-M", "M")]


def _sized(sku: str, size: str) -> dict[str, Any]:
    return {
        "sku": sku,
        "optionValues": [{"name": "Size", "value": size}],
        "prices": [{"amount": 1000, "currency": "EUR"}],
    }


async def test_concurrent_adds_to_one_cart_lose_nothing(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        shirts = await shop(app)
        cart = (await create(app))["token"]
        lines = [shirts.line("SHIRT-S", 1), shirts.line("SHIRT-M", 1)]
        answers = await asyncio.gather(*(add(app, cart, lines) for _ in range(10)))
        assert [answer["errors"] for answer in answers] == [[]] * 10
        final = await _read(app, cart, None)
        assert final is not None
        assert [line["quantity"] for line in final["lines"]] == [10, 10]
        assert final["totals"]["total"]["amount"] == 10 * (2000 + 2200)
        assert await count_rows(app, CartLineRow) == 2


async def test_a_cart_that_became_an_order_takes_no_change(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        shirts = await shop(app)
        created = await create(app, lines=[shirts.line("SHIRT-S", 1)])
        runtime = app.api.state.runtime
        # Checkout (#8, later) completes carts; until then the test does what it will do.
        async with runtime.db.transaction(app.tenant.id) as session:
            await session.execute(
                update(CartRow).where(CartRow.tenant_id == app.tenant.id).values(status="completed")
            )
        refused = await add(app, created["token"], [shirts.line("SHIRT-S", 1)])
        assert _codes(refused) == [("CONFLICT", "token")]
        assert await _read(app, created["token"], None) == created["cart"]
