"""GraphQL ``Address`` and ``AddressInput``: postal addresses on carts and orders."""

from __future__ import annotations

import strawberry

from modules.commerce.address import Address as AddressValue

__all__ = ["Address", "AddressInput", "address_of", "address_value"]


@strawberry.type(description="A postal address.")
class Address:
    """An address as a cart or an order holds it."""

    first_name: str | None = strawberry.field(description="The first name.")
    last_name: str | None = strawberry.field(description="The last name.")
    company: str | None = strawberry.field(description="The company.")
    line1: str | None = strawberry.field(description="The street and number.")
    line2: str | None = strawberry.field(description="More of the address.")
    city: str | None = strawberry.field(description="The city.")
    postal_code: str | None = strawberry.field(description="The postal code.")
    region: str | None = strawberry.field(description="The state, province or region.")
    country: str = strawberry.field(description="The ISO 3166-1 alpha-2 country code.")
    phone: str | None = strawberry.field(description="A phone number.")


@strawberry.input(description="A postal address; only the country is required.")
class AddressInput:
    """An address to put on a cart."""

    country: str = strawberry.field(description="The ISO 3166-1 alpha-2 country code (`DE`).")
    first_name: str | None = strawberry.field(default=None, description="The first name.")
    last_name: str | None = strawberry.field(default=None, description="The last name.")
    company: str | None = strawberry.field(default=None, description="The company.")
    line1: str | None = strawberry.field(default=None, description="The street and number.")
    line2: str | None = strawberry.field(default=None, description="More of the address.")
    city: str | None = strawberry.field(default=None, description="The city.")
    postal_code: str | None = strawberry.field(default=None, description="The postal code.")
    region: str | None = strawberry.field(
        default=None, description="The state, province or region (`CA`)."
    )
    phone: str | None = strawberry.field(
        default=None, description="A phone number (at most 40 characters)."
    )


def address_value(given: AddressInput) -> AddressValue:
    """Return the service's address of an input (the country upper-cased, fields trimmed)."""

    def text(value: str | None) -> str | None:
        stripped = None if value is None else value.strip()
        return stripped or None

    return AddressValue(
        country=given.country.strip().upper(),
        first_name=text(given.first_name),
        last_name=text(given.last_name),
        company=text(given.company),
        line1=text(given.line1),
        line2=text(given.line2),
        city=text(given.city),
        postal_code=text(given.postal_code),
        region=text(given.region),
        phone=text(given.phone),
    )


def address_of(stored: dict[str, str] | None) -> Address | None:
    """Return a stored address as the GraphQL type (None: no address)."""
    if stored is None:
        return None
    value = AddressValue.from_json(stored)
    return Address(
        first_name=value.first_name,
        last_name=value.last_name,
        company=value.company,
        line1=value.line1,
        line2=value.line2,
        city=value.city,
        postal_code=value.postal_code,
        region=value.region,
        country=value.country,
        phone=value.phone,
    )
