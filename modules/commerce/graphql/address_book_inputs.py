"""Input objects of the address book mutations, and their conversion to the service's entry."""

from __future__ import annotations

import strawberry

from modules.commerce.address_book import AddressEntry
from modules.commerce.graphql.address_types import AddressInput, address_value

__all__ = ["MyAddressCreateInput", "MyAddressUpdateInput", "entry_of"]


@strawberry.input(description="A new address for the signed-in customer's address book.")
class MyAddressCreateInput:
    """An address, its label and default flags."""

    address: AddressInput = strawberry.field(description="The postal address.")
    label: str | None = strawberry.field(
        default=None, description="A name for it (`Home`), at most 100 characters."
    )
    is_default_shipping: bool = strawberry.field(
        default=False, description="Make it the default shipping address (taken from another)."
    )
    is_default_billing: bool = strawberry.field(
        default=False, description="Make it the default billing address (taken from another)."
    )


@strawberry.input(description="Changes to an address of the signed-in customer's book.")
class MyAddressUpdateInput:
    """An address's ID and its changes (absent: unchanged)."""

    id: strawberry.ID = strawberry.field(description="The `CustomerAddress` ID.")
    address: AddressInput | None = strawberry.field(
        default=None, description="The new postal address: replaces every field of the old."
    )
    label: str | None = strawberry.field(
        default=None, description="A new name for it; an empty one removes it."
    )
    is_default_shipping: bool | None = strawberry.field(
        default=None,
        description="True: make it the default shipping address; false: leave no default.",
    )
    is_default_billing: bool | None = strawberry.field(
        default=None,
        description="True: make it the default billing address; false: leave no default.",
    )


def entry_of(given: MyAddressCreateInput | MyAddressUpdateInput) -> AddressEntry:
    """Return the service's entry of a create or update input."""
    return AddressEntry(
        address=None if given.address is None else address_value(given.address),
        label=given.label,
        is_default_shipping=given.is_default_shipping,
        is_default_billing=given.is_default_billing,
    )
