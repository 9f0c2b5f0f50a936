"""Address book and customer group helpers for commerce's tests: documents and quick runners."""

from __future__ import annotations

import uuid
from typing import Any

from tests.support.commerce import CommerceApp
from tests.support.order_list import NamedCustomer, named_customer

__all__ = [
    "BERLIN",
    "BOOK",
    "GROUP",
    "PARIS",
    "address_create",
    "customer",
    "group_create",
    "group_mutate",
    "my_addresses",
    "my_mutate",
]

_ERRORS = "errors { code field message }"
BOOK = """
id label isDefaultShipping isDefaultBilling
address { firstName lastName company line1 line2 city postalCode region country phone }
"""
GROUP = "id code name"
BERLIN = {"country": "DE", "city": "Berlin", "line1": "Unter den Linden 1", "firstName": "Ada"}
PARIS = {"country": "FR", "city": "Paris", "line1": "1 rue de Rivoli", "firstName": "Ada"}
_INPUT = {
    "myAddressCreate": "MyAddressCreateInput",
    "myAddressUpdate": "MyAddressUpdateInput",
    "customerGroupCreate": "CustomerGroupCreateInput",
    "customerGroupUpdate": "CustomerGroupUpdateInput",
    "customerGroupMembersAdd": "CustomerGroupMembersInput",
    "customerGroupMembersRemove": "CustomerGroupMembersInput",
}


def _document(operation: str, field: str, selection: str) -> str:
    if operation.endswith("Delete"):
        return f"mutation ($id: ID!) {{ {operation}(id: $id) {{ deletedId {_ERRORS} }} }}"
    return (
        f"mutation ($input: {_INPUT[operation]}!) {{ {operation}(input: $input) "
        f"{{ {field} {{ {selection} }} {_ERRORS} }} }}"
    )


async def _run(
    app: CommerceApp, document: str, operation: str, values: Any, token: str | None
) -> dict[str, Any]:
    variables = {"id": values} if operation.endswith("Delete") else {"input": values}
    body = await app.gql(document, variables, token=token)
    assert "errors" not in body, body
    payload: dict[str, Any] = body["data"][operation]
    return payload


async def my_mutate(
    app: CommerceApp, operation: str, values: Any, token: str | None
) -> dict[str, Any]:
    """Run a ``myAddress*`` mutation as ``token``; return its payload."""
    document = _document(operation, "customerAddress", BOOK)
    return await _run(app, document, operation, values, token)


async def group_mutate(
    app: CommerceApp, operation: str, values: Any, *, token: str | None = ""
) -> dict[str, Any]:
    """Run a ``customerGroup*`` mutation (as the manager unless told); return its payload."""
    document = _document(operation, "customerGroup", GROUP)
    return await _run(app, document, operation, values, token)


async def customer(app: CommerceApp, name: str = "Ada") -> NamedCustomer:
    """Create a customer of the tenant with a unique e-mail; return it with its token."""
    return await named_customer(app, name, f"{name.lower()}-{uuid.uuid4().hex[:10]}@example.test")


async def address_create(app: CommerceApp, token: str, **values: Any) -> dict[str, Any]:
    """Add an address (Berlin unless told) to the book of ``token``'s customer; return it."""
    payload = await my_mutate(app, "myAddressCreate", {"address": BERLIN, **values}, token)
    assert payload["errors"] == [], payload
    created: dict[str, Any] = payload["customerAddress"]
    return created


async def my_addresses(app: CommerceApp, token: str | None) -> list[dict[str, Any]]:
    """Return ``myAddresses`` as ``token`` reads it."""
    body = await app.gql(f"{{ myAddresses {{ {BOOK} }} }}", token=token)
    assert "errors" not in body, body
    found: list[dict[str, Any]] = body["data"]["myAddresses"]
    return found


async def group_create(app: CommerceApp, code: str, name: str | None = None) -> dict[str, Any]:
    """Create a customer group as the manager; return it."""
    values = {"code": code, "name": name or code.title()}
    payload = await group_mutate(app, "customerGroupCreate", values)
    assert payload["errors"] == [], payload
    created: dict[str, Any] = payload["customerGroup"]
    return created
