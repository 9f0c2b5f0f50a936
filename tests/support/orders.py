"""Order helpers for commerce's tests: the GraphQL documents, a stocked shop and checkout."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from app.ids import decode_global_id
from modules.commerce.models import StockLevelRow
from tests.support.carts import Shop, create, shop
from tests.support.commerce import CommerceApp

__all__ = [
    "CANCEL",
    "CHECKOUT",
    "MY_ORDER",
    "ORDER",
    "ORDER_BY_TOKEN",
    "ORDER_FIELDS",
    "StockedShop",
    "cancel",
    "cart_with",
    "checkout",
    "levels",
    "stocked_shop",
]

_ERRORS = "errors { code field message }"
ORDER_FIELDS = """
id number status paymentStatus fulfilmentStatus currency
lines {
  sku productName variantTitle quantity unitPrice { amount currency } total { amount }
  taxRatePercent variant { sku }
}
totals { subtotal { amount } discount { amount } shipping { amount } tax { amount }
  total { amount currency } }
paid { amount } refunded { amount } cancelReason
"""
CHECKOUT = f"""
mutation ($input: CheckoutCompleteInput!) {{
  checkoutComplete(input: $input) {{ orderToken order {{ {ORDER_FIELDS} }} {_ERRORS} }}
}}
"""
CANCEL = f"""
mutation ($input: OrderCancelInput!) {{
  orderCancel(input: $input) {{ order {{ {ORDER_FIELDS} }} {_ERRORS} }}
}}
"""
MY_ORDER = f"query ($number: String!) {{ myOrder(number: $number) {{ {ORDER_FIELDS} }} }}"
ORDER_BY_TOKEN = f"query ($token: String!) {{ orderByToken(token: $token) {{ {ORDER_FIELDS} }} }}"
ORDER = f"query ($id: ID!) {{ order(id: $id) {{ {ORDER_FIELDS} }} }}"


@dataclass(frozen=True, slots=True)
class StockedShop:
    """The shirt's variants and the main warehouse's global ID."""

    shirts: Shop
    warehouse: str

    def line(self, sku: str, quantity: int) -> dict[str, Any]:
        """Return a CartLineInput of ``quantity`` of the variant ``sku``."""
        return self.shirts.line(sku, quantity)


async def stocked_shop(app: CommerceApp, small: int = 10, medium: int = 10) -> StockedShop:
    """Create the active shirt with ``small`` S and ``medium`` M on hand in ``main``."""
    shirts = await shop(app)
    warehouse = await app.warehouse()
    for sku, count in (("SHIRT-S", small), ("SHIRT-M", medium)):
        if count:
            answer = await app.adjust(shirts.variants[sku], warehouse, onHand=count)
            assert answer["errors"] == [], answer
    return StockedShop(shirts=shirts, warehouse=warehouse)


async def cart_with(app: CommerceApp, lines: list[dict[str, Any]], token: str | None = None) -> str:
    """Create a cart holding ``lines`` (as ``token``, anonymous by default); return its token."""
    created = await create(app, token, lines=lines)
    assert created["errors"] == [], created
    found: str = created["token"]
    return found


async def checkout(
    app: CommerceApp, cart: str, key: str = "key-1", token: str | None = None
) -> dict[str, Any]:
    """Run checkoutComplete on the cart (anonymously unless ``token``); return its payload."""
    values = {"token": cart, "idempotencyKey": key}
    body = await app.gql(CHECKOUT, {"input": values}, token=token)
    assert "errors" not in body, body
    payload: dict[str, Any] = body["data"]["checkoutComplete"]
    return payload


async def cancel(
    app: CommerceApp, order: str, reason: str = "asked by phone", token: str = ""
) -> dict[str, Any]:
    """Run orderCancel (as the manager unless ``token``); return its payload."""
    body = await app.gql(CANCEL, {"input": {"id": order, "reason": reason}}, token=token)
    assert "errors" not in body, body
    payload: dict[str, Any] = body["data"]["orderCancel"]
    return payload


async def levels(app: CommerceApp, stocked: StockedShop) -> dict[str, tuple[int, int]]:
    """Return (on hand, reserved) per SKU in the main warehouse."""
    by_id = {uuid.UUID(decode_global_id(v)[1]): k for k, v in stocked.shirts.variants.items()}
    runtime = app.api.state.runtime
    async with runtime.db.transaction(app.tenant.id, readonly=True) as session:
        rows = await session.scalars(
            select(StockLevelRow).where(StockLevelRow.tenant_id == app.tenant.id)
        )
        return {by_id[row.variant_id]: (row.on_hand, row.reserved) for row in rows}
