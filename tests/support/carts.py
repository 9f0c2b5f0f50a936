"""Cart helpers for commerce's tests: the GraphQL documents and a shop with a few variants."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tests.support.commerce import CommerceApp

__all__ = [
    "ADD",
    "CART",
    "CREATE",
    "REMOVE",
    "UPDATE",
    "Shop",
    "add",
    "create",
    "remove",
    "shop",
    "update",
]

_ERRORS = "errors { code field message }"
_CART = """
id currency email
lines { id quantity variant { sku } unitPrice { amount currency } total { amount currency } }
totals {
  subtotal { amount currency } discount { amount } shipping { amount } tax { amount }
  total { amount currency }
}
"""
CREATE = f"""
mutation ($input: CartCreateInput!) {{
  cartCreate(input: $input) {{ token cart {{ {_CART} }} {_ERRORS} }}
}}
"""
ADD = f"""
mutation ($input: CartLinesAddInput!) {{
  cartLinesAdd(input: $input) {{ cart {{ {_CART} }} {_ERRORS} }}
}}
"""
UPDATE = f"""
mutation ($input: CartLinesUpdateInput!) {{
  cartLinesUpdate(input: $input) {{ cart {{ {_CART} }} {_ERRORS} }}
}}
"""
REMOVE = f"""
mutation ($input: CartLinesRemoveInput!) {{
  cartLinesRemove(input: $input) {{ cart {{ {_CART} }} {_ERRORS} }}
}}
"""
CART = f"query ($token: String!) {{ cart(token: $token) {{ {_CART} }} }}"


@dataclass(frozen=True, slots=True)
class Shop:
    """The shirt's variants by SKU (S: 20.00 EUR and 24.00 USD; M: 22.00 EUR only)."""

    variants: dict[str, str]

    def line(self, sku: str, quantity: int) -> dict[str, Any]:
        """Return a CartLineInput of ``quantity`` of the variant ``sku``."""
        return {"variantId": self.variants[sku], "quantity": quantity}


async def shop(app: CommerceApp) -> Shop:
    """Create the active shirt (S and M); return its variants."""
    product = await app.product(status="ACTIVE")
    return Shop(variants={v["sku"]: v["id"] for v in product["variants"]})


async def _run(
    app: CommerceApp, document: str, name: str, values: dict[str, Any], token: str | None
) -> dict[str, Any]:
    body = await app.gql(document, {"input": values}, token=token)
    assert "errors" not in body, body
    payload: dict[str, Any] = body["data"][name]
    return payload


async def create(app: CommerceApp, token: str | None = None, **values: Any) -> dict[str, Any]:
    """Run cartCreate (anonymously unless ``token``); return its payload."""
    return await _run(app, CREATE, "cartCreate", values, token)


async def add(
    app: CommerceApp, cart: str, lines: list[dict[str, Any]], token: str | None = None
) -> dict[str, Any]:
    """Run cartLinesAdd on the cart with token ``cart``; return its payload."""
    return await _run(app, ADD, "cartLinesAdd", {"token": cart, "lines": lines}, token)


async def update(
    app: CommerceApp, cart: str, lines: list[dict[str, Any]], token: str | None = None
) -> dict[str, Any]:
    """Run cartLinesUpdate on the cart with token ``cart``; return its payload."""
    return await _run(app, UPDATE, "cartLinesUpdate", {"token": cart, "lines": lines}, token)


async def remove(
    app: CommerceApp, cart: str, line_ids: list[str], token: str | None = None
) -> dict[str, Any]:
    """Run cartLinesRemove on the cart with token ``cart``; return its payload."""
    return await _run(app, REMOVE, "cartLinesRemove", {"token": cart, "lineIds": line_ids}, token)
