"""Input objects of the shipping mutations, and their conversion to the services' inputs."""

from __future__ import annotations

import uuid

import strawberry

from app.graphql.global_ids import local_id
from app.graphql.types import MoneyInput
from modules.commerce.graphql.shipping_types import ShippingRateKind
from modules.commerce.shipping_rates import KEEP, Keep, RateChanges
from modules.commerce.shipping_rules import Bracket, Price, RateSpec, ZoneRegion
from modules.commerce.shipping_zones import ZoneFields

__all__ = [
    "ShippingBracketInput",
    "ShippingRateCreateInput",
    "ShippingRateUpdateInput",
    "ShippingRegionInput",
    "ShippingZoneCreateInput",
    "ShippingZoneUpdateInput",
    "rate_changes",
    "rate_create_of",
    "zone_fields",
]


@strawberry.input(description="A country, or one region of it.")
class ShippingRegionInput:
    """A zone's region."""

    country: str = strawberry.field(description="The ISO 3166-1 alpha-2 country code (`DE`).")
    region: str | None = strawberry.field(
        default=None, description="A region of the country (`CA`); absent: the whole country."
    )


@strawberry.input(description="A new shipping zone.")
class ShippingZoneCreateInput:
    """A zone's fields."""

    name: str = strawberry.field(description="The name (`EU`).")
    regions: list[ShippingRegionInput] = strawberry.field(
        description="Its countries and regions (1 to 500), none in another zone."
    )


@strawberry.input(description="Changes to a shipping zone (absent: unchanged).")
class ShippingZoneUpdateInput:
    """A zone's changes."""

    id: strawberry.ID = strawberry.field(description="The `ShippingZone` ID.")
    name: str | None = strawberry.field(default=None, description="The new name.")
    regions: list[ShippingRegionInput] | None = strawberry.field(
        default=None, description="The zone's regions, replacing the ones it has."
    )


@strawberry.input(description="A weight bracket: carts up to a weight ship for a price.")
class ShippingBracketInput:
    """A bracket."""

    up_to_grams: int = strawberry.field(description="The heaviest cart it prices, in grams.")
    price: MoneyInput = strawberry.field(description="What such a cart pays.")


@strawberry.input(description="A new shipping rate.")
class ShippingRateCreateInput:
    """A rate's fields."""

    zone_id: strawberry.ID = strawberry.field(description="The `ShippingZone` ID.")
    name: str = strawberry.field(description="The name the buyer picks (`Standard`).")
    kind: ShippingRateKind = strawberry.field(description="How it is priced.")
    price: MoneyInput | None = strawberry.field(
        default=None, description="The flat price (flat rates only); its currency is the rate's."
    )
    brackets: list[ShippingBracketInput] | None = strawberry.field(
        default=None, description="Weight brackets by rising weight (weight rates only)."
    )
    free_over: MoneyInput | None = strawberry.field(
        default=None, description="Free from this discounted subtotal up."
    )
    tax_class_id: strawberry.ID | None = strawberry.field(
        default=None, description="The `TaxClass` taxing the charge; absent: untaxed."
    )
    is_active: bool | None = strawberry.field(
        default=None, description="Whether carts may choose it (default true)."
    )


@strawberry.input(description="Changes to a shipping rate (absent: unchanged).")
class ShippingRateUpdateInput:
    """A rate's changes; the result is checked whole."""

    id: strawberry.ID = strawberry.field(description="The `ShippingRate` ID.")
    name: str | None = strawberry.field(default=None, description="The new name.")
    kind: ShippingRateKind | None = strawberry.field(
        default=None, description="The new kind (drops the old kind's price or brackets)."
    )
    price: MoneyInput | None = strawberry.field(
        default=strawberry.UNSET, description="The new flat price; null removes it."
    )
    brackets: list[ShippingBracketInput] | None = strawberry.field(
        default=None, description="The new brackets, replacing them all."
    )
    free_over: MoneyInput | None = strawberry.field(
        default=strawberry.UNSET, description="The new threshold; null removes it."
    )
    tax_class_id: strawberry.ID | None = strawberry.field(
        default=strawberry.UNSET, description="The new `TaxClass`; null: untaxed."
    )
    is_active: bool | None = strawberry.field(
        default=None, description="Whether carts may choose it."
    )


def zone_fields(given: ShippingZoneCreateInput | ShippingZoneUpdateInput) -> ZoneFields:
    """Return the service's fields of a zone input."""
    regions = given.regions
    return ZoneFields(
        name=given.name,
        regions=None
        if regions is None
        else tuple(ZoneRegion.of(r.country, r.region) for r in regions),
    )


def _price(given: MoneyInput | None) -> Price | None:
    return None if given is None else Price(int(given.amount), given.currency)


def _brackets(given: list[ShippingBracketInput] | None) -> tuple[Bracket, ...]:
    return tuple(
        Bracket(b.up_to_grams, Price(int(b.price.amount), b.price.currency)) for b in given or []
    )


def _class_id(given: strawberry.ID | None) -> uuid.UUID | None:
    return None if given is None else local_id(given, "TaxClass", "taxClassId")


def rate_create_of(given: ShippingRateCreateInput) -> tuple[uuid.UUID, RateSpec]:
    """Return the zone and the whole rate of a create input (VALIDATION for bad IDs)."""
    spec = RateSpec(
        name=given.name,
        kind=given.kind.to_kind(),
        price=_price(given.price),
        brackets=_brackets(given.brackets),
        free_over=_price(given.free_over),
        tax_class_id=_class_id(given.tax_class_id),
        is_active=True if given.is_active is None else given.is_active,
    )
    return local_id(given.zone_id, "ShippingZone", "zoneId"), spec


def rate_changes(given: ShippingRateUpdateInput) -> RateChanges:
    """Return the service's changes of an update input (VALIDATION for a bad class ID)."""
    price: Price | Keep | None = KEEP if given.price is strawberry.UNSET else _price(given.price)
    free_over: Price | Keep | None = (
        KEEP if given.free_over is strawberry.UNSET else _price(given.free_over)
    )
    class_id: uuid.UUID | Keep | None = (
        KEEP if given.tax_class_id is strawberry.UNSET else _class_id(given.tax_class_id)
    )
    return RateChanges(
        name=given.name,
        kind=None if given.kind is None else given.kind.to_kind(),
        price=price,
        brackets=None if given.brackets is None else _brackets(given.brackets),
        free_over=free_over,
        tax_class_id=class_id,
        is_active=given.is_active,
    )
