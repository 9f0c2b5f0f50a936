"""cartDiscountCodeRemove: a code on the cart comes off; one not on it is VALIDATION on code."""

from __future__ import annotations

from typing import Any

from modules.commerce.discount_models import CartDiscountRow
from tests.support.carts import add, create, shop
from tests.support.commerce import CommerceApp, commerce_app, count_rows
from tests.support.databases import DatabaseTarget
from tests.support.discounts import apply_code, discount

REMOVE = """
mutation ($input: CartDiscountCodeInput!) {
  cartDiscountCodeRemove(input: $input) { cart { discountCodes } errors { code field } }
}
"""


async def _remove(app: CommerceApp, cart: str, code: str, token: str | None = None) -> Any:
    body = await app.gql(REMOVE, {"input": {"token": cart, "code": code}}, token=token)
    assert "errors" not in body, body
    return body["data"]["cartDiscountCodeRemove"]


async def test_a_code_comes_off_the_cart(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        await discount(app)
        sold = await shop(app)
        cart: str = (await create(app, currency="EUR"))["token"]
        await add(app, cart, [sold.line("SHIRT-S", 1)])
        assert (await apply_code(app, cart, "SAVE10"))["errors"] == []
        missing = await _remove(app, cart, "OTHER")
        assert [(e["code"], e["field"]) for e in missing["errors"]] == [("VALIDATION", "code")]
        assert await count_rows(app, CartDiscountRow) == 1
        stranger = await _remove(app, "not-a-token", "SAVE10")
        assert [(e["code"], e["field"]) for e in stranger["errors"]] == [("NOT_FOUND", "token")]
        gone = await _remove(app, cart, "save10")
        assert gone == {"cart": {"discountCodes": []}, "errors": []}
        assert await count_rows(app, CartDiscountRow) == 0
