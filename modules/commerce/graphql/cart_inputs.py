"""Input objects of the cart mutations, and their conversion to the cart service's inputs."""

from __future__ import annotations

import uuid

import strawberry

from app.graphql.global_ids import local_id
from modules.commerce.cart_rules import LineChange, LineInput
from modules.commerce.cart_update import CartDetails
from modules.commerce.graphql.address_types import AddressInput, address_value

__all__ = [
    "CartCreateInput",
    "CartLineInput",
    "CartLineUpdateInput",
    "CartLinesAddInput",
    "CartLinesRemoveInput",
    "CartLinesUpdateInput",
    "CartUpdateInput",
    "changes_of",
    "details_of",
    "line_ids_of",
    "lines_of",
]


@strawberry.input(description="A quantity of a variant to put in a cart.")
class CartLineInput:
    """A line to add."""

    variant_id: strawberry.ID = strawberry.field(description="The `ProductVariant` ID.")
    quantity: int = strawberry.field(description="How many (1 to the shop's line maximum).")


@strawberry.input(description="A new cart.")
class CartCreateInput:
    """A cart's currency, first lines and e-mail."""

    currency: str | None = strawberry.field(
        default=None, description="An ISO 4217 code the shop sells in (default: its own)."
    )
    lines: list[CartLineInput] = strawberry.field(
        default_factory=list, description="The first lines (merged by variant)."
    )
    email: str | None = strawberry.field(default=None, description="The buyer's e-mail address.")


@strawberry.input(description="Lines to add to a cart, merged with those of the same variant.")
class CartLinesAddInput:
    """A cart's token and lines to add."""

    token: str = strawberry.field(description="The cart's token, from `cartCreate`.")
    lines: list[CartLineInput] = strawberry.field(description="The lines (at least one).")


@strawberry.input(description="A cart line's new quantity.")
class CartLineUpdateInput:
    """A line and its quantity."""

    line_id: strawberry.ID = strawberry.field(description="The `CartLine` ID.")
    quantity: int = strawberry.field(description="The new quantity; 0 removes the line.")


@strawberry.input(description="New quantities for a cart's lines.")
class CartLinesUpdateInput:
    """A cart's token and line quantities."""

    token: str = strawberry.field(description="The cart's token, from `cartCreate`.")
    lines: list[CartLineUpdateInput] = strawberry.field(
        description="The lines to change (at least one, each at most once)."
    )


@strawberry.input(description="Lines to take out of a cart.")
class CartLinesRemoveInput:
    """A cart's token and the lines to remove."""

    token: str = strawberry.field(description="The cart's token, from `cartCreate`.")
    line_ids: list[strawberry.ID] = strawberry.field(
        description="The `CartLine` IDs (at least one)."
    )


@strawberry.input(description="Changes to a cart's e-mail, addresses and shipping rate.")
class CartUpdateInput:
    """A cart's token and its changes (absent: unchanged)."""

    token: str = strawberry.field(description="The cart's token, from `cartCreate`.")
    email: str | None = strawberry.field(default=None, description="The buyer's e-mail address.")
    shipping_address: AddressInput | None = strawberry.field(
        default=None, description="Where to ship: a country the shop ships to."
    )
    billing_address: AddressInput | None = strawberry.field(
        default=None, description="Whom to bill."
    )
    shipping_rate_id: strawberry.ID | None = strawberry.field(
        default=None, description="A `ShippingRate` ID among the cart's `availableShippingRates`."
    )
    shipping_address_id: strawberry.ID | None = strawberry.field(
        default=None,
        description="A `CustomerAddress` ID of the signed-in customer's book, copied in as the "
        "shipping address (not with `shippingAddress`).",
    )
    billing_address_id: strawberry.ID | None = strawberry.field(
        default=None,
        description="A `CustomerAddress` ID of the signed-in customer's book, copied in as the "
        "billing address (not with `billingAddress`).",
    )


def details_of(given: CartUpdateInput) -> CartDetails:
    """Return the service's changes (VALIDATION at ``shippingRateId`` for a bad ID)."""
    shipping, billing, rate = given.shipping_address, given.billing_address, given.shipping_rate_id
    return CartDetails(
        email=given.email,
        shipping_address=None if shipping is None else address_value(shipping),
        billing_address=None if billing is None else address_value(billing),
        shipping_rate_id=None if rate is None else local_id(rate, "ShippingRate", "shippingRateId"),
        shipping_address_id=_book_id(given.shipping_address_id, "shippingAddressId"),
        billing_address_id=_book_id(given.billing_address_id, "billingAddressId"),
    )


def _book_id(given: strawberry.ID | None, field: str) -> uuid.UUID | None:
    return None if given is None else local_id(given, "CustomerAddress", field)


def lines_of(lines: list[CartLineInput]) -> list[LineInput]:
    """Return the service's lines (VALIDATION at ``lines.N.variantId`` for a bad ID)."""
    return [
        LineInput(
            variant_id=local_id(line.variant_id, "ProductVariant", f"lines.{number}.variantId"),
            quantity=line.quantity,
        )
        for number, line in enumerate(lines)
    ]


def changes_of(lines: list[CartLineUpdateInput]) -> list[LineChange]:
    """Return the service's line changes (VALIDATION at ``lines.N.lineId`` for a bad ID)."""
    return [
        LineChange(
            line_id=local_id(line.line_id, "CartLine", f"lines.{number}.lineId"),
            quantity=line.quantity,
        )
        for number, line in enumerate(lines)
    ]


def line_ids_of(line_ids: list[strawberry.ID]) -> list[uuid.UUID]:
    """Return the line UUIDs (VALIDATION at ``lineIds.N`` for a bad ID)."""
    return [
        local_id(line_id, "CartLine", f"lineIds.{number}")
        for number, line_id in enumerate(line_ids)
    ]
