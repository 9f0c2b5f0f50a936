"""A cart's totals: subtotal, discount, shipping, tax and total, computed by the server.

Read in the caller's transaction, for a cart's lines at given unit prices (the cart's
reprice, and checkout with the prices it resolves again), at a given time:

- **Subtotal**: the lines' unit prices times quantities, as entered (tax-inclusive when the
  tenant's ``prices_include_tax`` is on).
- **Discount**: what the cart's discounts take off its lines
  (:func:`modules.commerce.cart_discounting.discount_lines`: the automatic discounts in their
  window and the cart's codes that still apply, chosen and applied by the combination rules),
  per line and in all. Discounts come off the amounts as entered: off the gross amounts when
  prices include tax, off the net amounts when they exclude it. Shipping is never discounted.
- **Shipping**: the cart's chosen rate, when its shipping address is in the rate's zone and the
  rate still ships the cart (active, in the cart's currency, the lines' total weight within its
  brackets); its price is flat or the weight bracket's, 0 from ``freeOver`` of discounted
  subtotal (subtotal less discount) up. A rate no longer available is dropped (the cart has
  none).
- **Tax**: each line's discounted amount at its variant's class (the default class when it has
  none), the shipping charge at its rate's class (untaxed without one), at the rate of the tax
  address's country — the region's own rate when it has one — rounded as
  ``modules.commerce.tax_arithmetic`` says. So with inclusive prices the tax is the part of the
  discounted gross amount that is tax (a discount lowers the tax inside the price); with
  exclusive prices it is added on the discounted net amount. The tax address is the cart's
  shipping or billing address as ``tax_address`` says, else the other one, else the country
  ``default_tax_country``; in those last two cases the tax is estimated (``taxEstimated``), and
  with neither there is no tax yet.
- **Total**: subtotal less discount plus shipping, plus the tax when prices exclude it.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from modules.commerce.address import region_key
from modules.commerce.cart_discounting import (
    AppliedDiscount,
    CodeState,
    Discounting,
    ItemLine,
    discount_lines,
)
from modules.commerce.cart_models import CartRow
from modules.commerce.models import VariantRow
from modules.commerce.settings import CommerceSettings
from modules.commerce.shipping_models import ShippingRateRow
from modules.commerce.shipping_quotes import available_rates, zone_for
from modules.commerce.tax_arithmetic import Rounding, Taxable, taxes
from modules.commerce.tax_models import TaxClassRow, TaxRateRow

__all__ = [
    "LineTax",
    "PricedLine",
    "Shipping",
    "Totals",
    "compute_totals",
    "shipping_options",
    "shipping_options_at",
    "write_totals",
]


@dataclass(frozen=True, slots=True)
class PricedLine:
    """A line to total: ``quantity`` of a variant at ``unit_amount``."""

    variant_id: uuid.UUID
    quantity: int
    unit_amount: int

    @property
    def amount(self) -> int:
        """Return the line's amount before discounts."""
        return self.unit_amount * self.quantity


@dataclass(frozen=True, slots=True)
class LineTax:
    """A line's discount, its tax and the rate it was taxed at (parts per million)."""

    tax_amount: int
    rate_ppm: int
    discount_amount: int = 0


@dataclass(frozen=True, slots=True)
class Shipping:
    """The chosen rate, what it charges, and that charge's tax."""

    rate: ShippingRateRow
    amount: int
    tax_amount: int
    rate_ppm: int


@dataclass(frozen=True, slots=True)
class Totals:
    """Everything a cart or an order caches of its amounts."""

    lines: dict[uuid.UUID, LineTax]
    subtotal: int
    discount: int
    discounts: tuple[AppliedDiscount, ...]
    codes: tuple[CodeState, ...]
    shipping: Shipping | None
    tax: int
    total: int
    inclusive: bool
    estimated: bool


@dataclass(frozen=True, slots=True)
class _Variant:
    product_id: uuid.UUID
    grams: int
    tax_class_id: uuid.UUID | None


async def _variants(
    session: AsyncSession, tenant_id: uuid.UUID, lines: Sequence[PricedLine]
) -> dict[uuid.UUID, _Variant]:
    if not lines:
        return {}
    rows = await session.execute(
        select(
            VariantRow.id, VariantRow.product_id, VariantRow.weight_grams, VariantRow.tax_class_id
        ).where(
            VariantRow.tenant_id == tenant_id,
            VariantRow.id.in_([line.variant_id for line in lines]),
        )
    )
    return {
        id_: _Variant(product_id, grams or 0, class_id)
        for id_, product_id, grams, class_id in rows.all()
    }


def _grams(lines: Sequence[PricedLine], variants: dict[uuid.UUID, _Variant]) -> int:
    return sum(variants[line.variant_id].grams * line.quantity for line in lines)


async def _chosen_rate(
    session: AsyncSession, cart: CartRow, grams: int, subtotal: int
) -> tuple[ShippingRateRow, int] | None:
    if cart.shipping_rate_id is None:
        return None
    for row, price in await shipping_options_at(session, cart, grams, subtotal):
        if row.id == cart.shipping_rate_id:
            return row, price
    return None


async def shipping_options_at(
    session: AsyncSession, cart: CartRow, grams: int, subtotal: int
) -> list[tuple[ShippingRateRow, int]]:
    """Return the rates the cart's shipping address may choose for ``grams`` and ``subtotal``."""
    address = cart.shipping_address
    if address is None:
        return []
    zone_id = await zone_for(session, cart.tenant_id, address["country"], address.get("region"))
    if zone_id is None:
        return []
    return await available_rates(session, cart.tenant_id, zone_id, cart.currency, grams, subtotal)


async def shipping_options(
    session: AsyncSession, cart: CartRow, lines: Sequence[PricedLine], discount: int = 0
) -> list[tuple[ShippingRateRow, int]]:
    """Return the rates the cart may choose now, each with its price, cheapest first.

    ``discount`` is what the cart's discounts take off its lines (``freeOver`` compares the
    discounted subtotal).
    """
    variants = await _variants(session, cart.tenant_id, lines)
    subtotal = sum(line.amount for line in lines) - discount
    return await shipping_options_at(session, cart, _grams(lines, variants), subtotal)


def _tax_place(cart: CartRow, settings: CommerceSettings) -> tuple[str | None, str, bool]:
    """Return the tax country, region and whether the tax is estimated."""
    shipping, billing = cart.shipping_address, cart.billing_address
    first, second = (
        (shipping, billing) if settings.tax_address == "shipping" else (billing, shipping)
    )
    if first is not None:
        return first["country"], region_key(first.get("region")), False
    if second is not None:
        return second["country"], region_key(second.get("region")), True
    return settings.default_tax_country, "", True


async def _rates(
    session: AsyncSession, tenant_id: uuid.UUID, country: str | None, region: str
) -> dict[uuid.UUID, int]:
    """Return the rate (ppm) of each tax class at the place: the region's, else the country's."""
    if country is None:
        return {}
    rows = await session.execute(
        select(TaxRateRow.tax_class_id, TaxRateRow.region, TaxRateRow.rate_ppm).where(
            TaxRateRow.tenant_id == tenant_id,
            TaxRateRow.country == country,
            TaxRateRow.region.in_({region, ""}),
        )
    )
    whole: dict[uuid.UUID, int] = {}
    regional: dict[uuid.UUID, int] = {}
    for class_id, at, ppm in rows.all():
        (regional if at else whole)[class_id] = ppm
    return {**whole, **regional}


async def _default_class(session: AsyncSession, tenant_id: uuid.UUID) -> uuid.UUID | None:
    return await session.scalar(
        select(TaxClassRow.id).where(
            TaxClassRow.tenant_id == tenant_id, TaxClassRow.is_default.is_(True)
        )
    )


def _rate(class_id: uuid.UUID | None, rates: dict[uuid.UUID, int]) -> int:
    return 0 if class_id is None else rates.get(class_id, 0)


async def _discounting(
    session: AsyncSession,
    cart: CartRow,
    lines: Sequence[PricedLine],
    variants: dict[uuid.UUID, _Variant],
    now: datetime,
    settings: CommerceSettings,
) -> Discounting:
    items = [
        ItemLine(variants[line.variant_id].product_id, line.quantity, line.amount) for line in lines
    ]
    return await discount_lines(session, cart, items, now, settings.discount_codes_per_cart)


async def compute_totals(
    session: AsyncSession,
    cart: CartRow,
    lines: Sequence[PricedLine],
    settings: CommerceSettings,
    now: datetime,
) -> Totals:
    """Return the cart's totals for ``lines`` at ``now`` (see the module's rules)."""
    tenant_id = cart.tenant_id
    variants = await _variants(session, tenant_id, lines)
    subtotal = sum(line.amount for line in lines)
    discounting = await _discounting(session, cart, lines, variants, now, settings)
    discount = discounting.total
    chosen = await _chosen_rate(session, cart, _grams(lines, variants), subtotal - discount)
    country, region, estimated = _tax_place(cart, settings)
    rates = await _rates(session, tenant_id, country, region)
    default = await _default_class(session, tenant_id) if rates else None
    amounts = [
        Taxable(line.amount - off, _rate(variants[line.variant_id].tax_class_id or default, rates))
        for line, off in zip(lines, discounting.lines, strict=True)
    ]
    if chosen is not None:
        amounts.append(Taxable(chosen[1], _rate(chosen[0].tax_class_id, rates)))
    inclusive = settings.prices_include_tax
    found = taxes(amounts, inclusive=inclusive, rounding=Rounding(settings.tax_rounding))
    line_taxes = {
        line.variant_id: LineTax(tax, taxable.rate_ppm, off)
        for line, taxable, tax, off in zip(lines, amounts, found, discounting.lines, strict=False)
    }
    shipping = None
    if chosen is not None:
        shipping = Shipping(chosen[0], chosen[1], found[-1], amounts[-1].rate_ppm)
    tax = sum(found)
    charged = subtotal - discount + (0 if shipping is None else shipping.amount)
    return Totals(
        lines=line_taxes,
        subtotal=subtotal,
        discount=discount,
        discounts=discounting.applied,
        codes=discounting.codes,
        shipping=shipping,
        tax=tax,
        total=charged if inclusive else charged + tax,
        inclusive=inclusive,
        estimated=estimated,
    )


def write_totals(cart: CartRow, totals: Totals) -> None:
    """Cache the totals on the cart; a rate that is no longer available is dropped."""
    shipping = totals.shipping
    cart.subtotal_amount, cart.discount_amount = totals.subtotal, totals.discount
    cart.shipping_amount = 0 if shipping is None else shipping.amount
    cart.shipping_rate_id = None if shipping is None else shipping.rate.id
    cart.tax_amount, cart.total_amount = totals.tax, totals.total
    cart.tax_estimated, cart.prices_include_tax = totals.estimated, totals.inclusive
