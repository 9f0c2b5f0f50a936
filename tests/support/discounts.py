"""Discount helpers for commerce's tests: the GraphQL documents and a quick creator."""

from __future__ import annotations

from typing import Any

from tests.support.commerce import CommerceApp

__all__ = [
    "CART_DISCOUNTS",
    "DISCOUNT",
    "apply_code",
    "cart_discounts",
    "discount",
    "discount_events",
    "discount_mutate",
    "usage_count",
]

DISCOUNT = """
id code name isAutomatic kind value currency target targets minSubtotal { amount currency }
usageLimit usageLimitPerCustomer usageCount startsAt endsAt combinable status
"""
_ERRORS = "errors { code field message }"


def _document(operation: str) -> str:
    if operation == "discountDelete":
        return f"mutation ($id: ID!) {{ discountDelete(id: $id) {{ deletedId {_ERRORS} }} }}"
    kind = operation[0].upper() + operation[1:]
    return (
        f"mutation ($input: {kind}Input!) {{ {operation}(input: $input) "
        f"{{ discount {{ {DISCOUNT} }} {_ERRORS} }} }}"
    )


async def discount_mutate(
    app: CommerceApp, operation: str, values: Any, *, token: str | None = ""
) -> dict[str, Any]:
    """Run a discount mutation (``input``, or ``id`` to delete); return its payload."""
    variables = {"id": values} if operation == "discountDelete" else {"input": values}
    body = await app.gql(_document(operation), variables, token=token)
    assert "errors" not in body, body
    payload: dict[str, Any] = body["data"][operation]
    return payload


async def discount(app: CommerceApp, **fields: Any) -> dict[str, Any]:
    """Create a discount (code ``SAVE10``, 10% off the order, unless told); return it."""
    values = {"code": "SAVE10", "name": "Ten off", "kind": "PERCENTAGE", "value": 1000, **fields}
    payload = await discount_mutate(app, "discountCreate", values)
    assert payload["errors"] == [], payload
    created: dict[str, Any] = payload["discount"]
    return created


async def discount_events(app: CommerceApp) -> list[str]:
    """Return the types of the tenant's discount events, oldest first."""
    return [name for name in await app.event_types() if name.startswith("commerce.discount.")]


_APPLY = """
mutation ($input: CartDiscountCodeInput!) {
  cartDiscountCodeApply(input: $input) { cart { discountCodes } errors { code field message } }
}
"""


async def apply_code(app: CommerceApp, cart: str, code: str, token: str | None = None) -> Any:
    """Run cartDiscountCodeApply (anonymously unless ``token``); return its payload."""
    body = await app.gql(_APPLY, {"input": {"token": cart, "code": code}}, token=token)
    assert "errors" not in body, body
    return body["data"]["cartDiscountCodeApply"]


CART_DISCOUNTS = """
query ($token: String!) {
  cart(token: $token) {
    discountCodes
    discountCodeStates { code amount { amount } problem }
    discounts { code name amount { amount currency } }
    lines { variant { sku } discount { amount } tax { amount } total { amount } }
    totals {
      subtotal { amount } discount { amount } shipping { amount } tax { amount } total { amount }
    }
  }
}
"""


async def cart_discounts(app: CommerceApp, cart: str, token: str | None = None) -> Any:
    """Read a cart's discounts, lines and totals (anonymously unless ``token``)."""
    body = await app.gql(CART_DISCOUNTS, {"token": cart}, token=token)
    assert "errors" not in body, body
    return body["data"]["cart"]


_USAGE = "query { discounts(first: 50) { edges { node { name usageCount } } } }"


async def usage_count(app: CommerceApp, name: str) -> int:
    """Return the usage count of the discount named ``name`` (as the manager)."""
    body = await app.gql(_USAGE, {})
    assert "errors" not in body, body
    edges = body["data"]["discounts"]["edges"]
    counts = {edge["node"]["name"]: edge["node"]["usageCount"] for edge in edges}
    found: int = counts[name]
    return found
