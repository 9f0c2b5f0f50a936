"""Price list helpers for commerce's tests: documents and quick runners."""

from __future__ import annotations

from typing import Any

from tests.support.commerce import CommerceApp

__all__ = ["LIST", "create_list", "list_mutate", "set_tiers", "tiers"]

_ERRORS = "errors { code field message }"
LIST = "id name currency status startsAt endsAt priority customerGroupIds"
_INPUT = {
    "priceListCreate": "PriceListCreateInput",
    "priceListUpdate": "PriceListUpdateInput",
    "priceListEntriesSet": "PriceListEntriesSetInput",
}


def _document(operation: str) -> str:
    if operation == "priceListDelete":
        return f"mutation ($id: ID!) {{ priceListDelete(id: $id) {{ deletedId {_ERRORS} }} }}"
    return (
        f"mutation ($input: {_INPUT[operation]}!) {{ {operation}(input: $input) "
        f"{{ priceList {{ {LIST} }} {_ERRORS} }} }}"
    )


async def list_mutate(
    app: CommerceApp, operation: str, values: Any, *, token: str | None = ""
) -> dict[str, Any]:
    """Run a ``priceList*`` mutation (as the manager unless told); return its payload."""
    variables = {"id": values} if operation == "priceListDelete" else {"input": values}
    body = await app.gql(_document(operation), variables, token=token)
    assert "errors" not in body, body
    payload: dict[str, Any] = body["data"][operation]
    return payload


def tiers(*pairs: tuple[int, int], currency: str = "EUR") -> list[dict[str, Any]]:
    """Return PriceTierInputs of ``(minQuantity, amount)`` pairs."""
    return [
        {"minQuantity": quantity, "price": {"amount": amount, "currency": currency}}
        for quantity, amount in pairs
    ]


async def create_list(app: CommerceApp, name: str, **values: Any) -> dict[str, Any]:
    """Create a price list in EUR (unless told) as the manager; return it."""
    payload = await list_mutate(app, "priceListCreate", {"name": name, "currency": "EUR", **values})
    assert payload["errors"] == [], payload
    created: dict[str, Any] = payload["priceList"]
    return created


async def set_tiers(
    app: CommerceApp, price_list: str, variant: str, *pairs: tuple[int, int]
) -> None:
    """Replace a variant's tiers in a list with ``(minQuantity, amount)`` pairs, in EUR."""
    values = {"id": price_list, "variantId": variant, "tiers": tiers(*pairs)}
    payload = await list_mutate(app, "priceListEntriesSet", values)
    assert payload["errors"] == [], payload
