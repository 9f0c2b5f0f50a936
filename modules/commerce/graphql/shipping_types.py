"""GraphQL types of shipping: ``ShippingZone``, ``ShippingRate`` and their parts.

A zone's regions and rates, a rate's zone and tax class load through request DataLoaders, so
listing every zone costs the same statements whatever their number.
"""

from __future__ import annotations

import enum

import strawberry

from app.graphql.context import Info
from app.graphql.types import MinorUnits, Money, Node
from app.ids import encode_global_id
from modules.commerce.graphql.shipping_loaders import (
    rates_by_zone,
    regions_by_zone,
    tax_classes_by_id,
    zones_by_id,
)
from modules.commerce.graphql.tax_types import TaxClass
from modules.commerce.shipping_models import ShippingRateRow, ShippingZoneRow
from modules.commerce.shipping_rules import RateKind

__all__ = [
    "ShippingBracket",
    "ShippingRate",
    "ShippingRateKind",
    "ShippingRegion",
    "ShippingZone",
    "money_of",
]


def money_of(amount: int, currency: str) -> Money:
    """Return an amount as the ``Money`` type."""
    return Money(amount=MinorUnits(amount), currency=currency)


@strawberry.enum(description="How a shipping rate is priced.")
class ShippingRateKind(enum.Enum):
    """GraphQL view of :class:`modules.commerce.shipping_rules.RateKind`."""

    FLAT = strawberry.enum_value("flat", description="One price, whatever the weight.")
    WEIGHT = strawberry.enum_value("weight", description="By the cart's total weight, in brackets.")

    def to_kind(self) -> RateKind:
        """Return the service's kind."""
        return RateKind(self.value)


@strawberry.type(description="A country, or one region of it, in a shipping zone.")
class ShippingRegion:
    """A zone's region."""

    country: str = strawberry.field(description="The ISO 3166-1 alpha-2 country code.")
    region: str | None = strawberry.field(
        description="The region (upper case); null for the whole country."
    )


@strawberry.type(description="A weight bracket of a weight-based rate.")
class ShippingBracket:
    """Carts up to ``upToGrams`` ship for ``price``."""

    up_to_grams: int = strawberry.field(description="The heaviest cart (grams) it prices.")
    price: Money = strawberry.field(description="What such a cart pays.")


@strawberry.type(description="A way to ship to a zone, flat or by weight, in one currency.")
class ShippingRate(Node):
    """A shipping rate."""

    name: str = strawberry.field(description="The name the buyer picks (`Standard`).")
    kind: ShippingRateKind = strawberry.field(description="How it is priced.")
    currency: str = strawberry.field(description="The currency: only carts in it see the rate.")
    price: Money | None = strawberry.field(description="The flat price; null for weight rates.")
    brackets: list[ShippingBracket] = strawberry.field(
        description="The weight brackets, lightest first (empty for flat rates)."
    )
    free_over: Money | None = strawberry.field(
        description="Free from this discounted subtotal up, if set."
    )
    is_active: bool = strawberry.field(description="Whether carts may choose it.")
    cart_price: Money | None = strawberry.field(
        description="What it costs the cart it was listed for (null outside a cart)."
    )
    row: strawberry.Private[ShippingRateRow]

    @strawberry.field(description="The zone it ships to.")
    async def zone(self, info: Info) -> ShippingZone:
        """Load the zone (a rate goes with its zone)."""
        row = await zones_by_id(info.context).load(self.row.zone_id)
        if row is None:
            raise LookupError("a shipping rate's zone is gone")  # the foreign key cascades
        return ShippingZone.from_row(row)

    @strawberry.field(description="The tax class its charge is taxed by; null: untaxed.")
    async def tax_class(self, info: Info) -> TaxClass | None:
        """Load the tax class, if any."""
        if self.row.tax_class_id is None:
            return None
        row = await tax_classes_by_id(info.context).load(self.row.tax_class_id)
        return None if row is None else TaxClass.from_row(row)

    @classmethod
    def from_row(cls, row: ShippingRateRow, cart_price: int | None = None) -> ShippingRate:
        """Build from a rate row (``cart_price``: what it costs the cart listing it)."""
        currency = row.currency
        return cls(
            id=strawberry.ID(encode_global_id("ShippingRate", row.id)),
            name=row.name,
            kind=ShippingRateKind(row.kind),
            currency=currency,
            price=None if row.amount is None else money_of(row.amount, currency),
            brackets=[
                ShippingBracket(
                    up_to_grams=int(b["up_to_grams"]), price=money_of(int(b["amount"]), currency)
                )
                for b in row.brackets
            ],
            free_over=(
                None if row.free_over_amount is None else money_of(row.free_over_amount, currency)
            ),
            is_active=row.is_active,
            cart_price=None if cart_price is None else money_of(cart_price, currency),
            row=row,
        )


@strawberry.type(description="A named set of countries and regions that share shipping rates.")
class ShippingZone(Node):
    """A shipping zone."""

    name: str = strawberry.field(description="The name (`EU`).")
    row: strawberry.Private[ShippingZoneRow]

    @strawberry.field(description="Its countries and regions, by country.")
    async def regions(self, info: Info) -> list[ShippingRegion]:
        """Load the regions."""
        rows = await regions_by_zone(info.context).load(self.row.id)
        return [ShippingRegion(country=r.country, region=r.region or None) for r in rows]

    @strawberry.field(description="Its rates, oldest first, active or not.")
    async def rates(self, info: Info) -> list[ShippingRate]:
        """Load the rates."""
        rows = await rates_by_zone(info.context).load(self.row.id)
        return [ShippingRate.from_row(row) for row in rows]

    @classmethod
    def from_row(cls, row: ShippingZoneRow) -> ShippingZone:
        """Build from a zone row."""
        return cls(
            id=strawberry.ID(encode_global_id("ShippingZone", row.id)), name=row.name, row=row
        )
