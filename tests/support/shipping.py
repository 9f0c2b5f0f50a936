"""Tax and shipping helpers for commerce's tests: the GraphQL documents and quick creators."""

from __future__ import annotations

from typing import Any

from tests.support.commerce import CommerceApp

__all__ = [
    "RATE",
    "TAX_CLASS",
    "TAX_RATE",
    "ZONE",
    "mutate",
    "shipping_rate",
    "standard_class",
    "tax_class",
    "tax_rate",
    "zone",
]

_ERRORS = "errors { code field message }"
TAX_CLASS = "id code name isDefault"
TAX_RATE = "id country region name ratePercent taxClass { code }"
ZONE = "id name regions { country region }"
RATE = """
id name kind currency price { amount currency } brackets { upToGrams price { amount } }
freeOver { amount } isActive taxClass { code } zone { name }
"""
_OBJECT = {
    "taxClass": ("taxClass", TAX_CLASS),
    "taxRate": ("taxRate", TAX_RATE),
    "shippingZone": ("shippingZone", ZONE),
    "shippingRate": ("shippingRate", RATE),
}


def _document(operation: str) -> str:
    noun = next(key for key in _OBJECT if operation.startswith(key))
    field, selection = _OBJECT[noun]
    if operation.endswith("Delete"):
        return f"mutation ($id: ID!) {{ {operation}(id: $id) {{ deletedId {_ERRORS} }} }}"
    kind = operation[0].upper() + operation[1:]
    return (
        f"mutation ($input: {kind}Input!) {{ {operation}(input: $input) "
        f"{{ {field} {{ {selection} }} {_ERRORS} }} }}"
    )


async def mutate(
    app: CommerceApp, operation: str, values: Any, *, token: str | None = ""
) -> dict[str, Any]:
    """Run a tax or shipping mutation (``input``, or ``id`` for deletes); return its payload."""
    variables = {"id": values} if operation.endswith("Delete") else {"input": values}
    body = await app.gql(_document(operation), variables, token=token)
    assert "errors" not in body, body
    payload: dict[str, Any] = body["data"][operation]
    return payload


async def _created(app: CommerceApp, operation: str, field: str, values: Any) -> dict[str, Any]:
    payload = await mutate(app, operation, values)
    assert payload["errors"] == [], payload
    created: dict[str, Any] = payload[field]
    return created


async def standard_class(app: CommerceApp) -> str:
    """Return the global ID of the seeded default class ``standard``."""
    body = await app.gql("{ taxClasses { id code } }")
    found: str = next(c["id"] for c in body["data"]["taxClasses"] if c["code"] == "standard")
    return found


async def tax_class(app: CommerceApp, code: str, **fields: Any) -> dict[str, Any]:
    """Create a tax class; return it."""
    values = {"code": code, "name": code.title(), **fields}
    return await _created(app, "taxClassCreate", "taxClass", values)


async def tax_rate(
    app: CommerceApp, class_id: str, country: str, percent: str, **fields: Any
) -> dict[str, Any]:
    """Create a tax rate; return it."""
    values = {"taxClassId": class_id, "country": country, "ratePercent": percent, **fields}
    return await _created(app, "taxRateCreate", "taxRate", values)


async def zone(app: CommerceApp, name: str, *countries: str) -> dict[str, Any]:
    """Create a shipping zone of whole countries; return it."""
    values = {"name": name, "regions": [{"country": country} for country in countries]}
    return await _created(app, "shippingZoneCreate", "shippingZone", values)


async def shipping_rate(app: CommerceApp, zone_id: str, **fields: Any) -> dict[str, Any]:
    """Create a shipping rate (flat 4.90 EUR unless told); return it."""
    values = {
        "zoneId": zone_id,
        "name": "Standard",
        "kind": "FLAT",
        "price": {"amount": 490, "currency": "EUR"},
        **fields,
    }
    return await _created(app, "shippingRateCreate", "shippingRate", values)
