"""What shipping zones and rates allow, checked without the database, and a rate's price.

A zone has a name (1 to 200 characters) and 1 to :data:`MAX_REGIONS` regions, each a country
(ISO 3166-1 alpha-2) and optionally a region of it, none twice. A rate is ``flat`` (one
``price``) or ``weight`` (1 to :data:`MAX_BRACKETS` brackets of rising ``upToGrams``, each with
its price); every amount is 0 or more and in the rate's one currency, which the shop must sell
in. A weight rate does not ship a cart heavier than its last bracket. ``freeOver`` makes the
rate free from that discounted subtotal up.
"""

from __future__ import annotations

import enum
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from app.errors import ErrorCode, FieldProblem
from app.money import MAX_AMOUNT
from modules.commerce.address import country_problem, region_key
from modules.commerce.tax_rules import MAX_REGION, name_problem

__all__ = [
    "MAX_BRACKETS",
    "MAX_GRAMS",
    "MAX_REGIONS",
    "Bracket",
    "Price",
    "RateKind",
    "RateSpec",
    "ZoneRegion",
    "rate_price",
    "rate_problems",
    "region_problems",
]

MAX_REGIONS = 500
MAX_BRACKETS = 50
MAX_GRAMS = 1_000_000_000


class RateKind(enum.Enum):
    """How a rate is priced."""

    FLAT = "flat"
    WEIGHT = "weight"


@dataclass(frozen=True, slots=True)
class ZoneRegion:
    """A country (``region`` empty) or one region of it, as stored: upper case, trimmed."""

    country: str
    region: str = ""

    @classmethod
    def of(cls, country: str, region: str | None) -> ZoneRegion:
        """Return the stored form of a country and region as given."""
        return cls(country=country.strip().upper(), region=region_key(region))


@dataclass(frozen=True, slots=True)
class Price:
    """An amount as given: ``currency`` is checked against the shop's, not trusted."""

    amount: int
    currency: str


@dataclass(frozen=True, slots=True)
class Bracket:
    """Carts up to ``up_to_grams`` (inclusive) ship for ``price``."""

    up_to_grams: int
    price: Price


@dataclass(frozen=True, slots=True, kw_only=True)
class RateSpec:
    """A shipping rate's whole state, as created or as an update would leave it."""

    name: str
    kind: RateKind
    price: Price | None
    brackets: tuple[Bracket, ...]
    free_over: Price | None
    tax_class_id: uuid.UUID | None
    is_active: bool

    @property
    def currency(self) -> str:
        """Return the rate's currency: its price's, or its first bracket's."""
        if self.price is not None:
            return self.price.currency
        return self.brackets[0].price.currency if self.brackets else ""


def _problem(message: str, field: str) -> FieldProblem:
    return FieldProblem(ErrorCode.VALIDATION, message, field)


def region_problems(regions: Sequence[ZoneRegion]) -> list[FieldProblem]:
    """Return what is wrong with a zone's regions, each at ``regions.N.<field>``."""
    if not 1 <= len(regions) <= MAX_REGIONS:
        return [_problem(f"1 to {MAX_REGIONS} countries or regions", "regions")]
    found: list[FieldProblem] = []
    seen: set[ZoneRegion] = set()
    for number, region in enumerate(regions):
        at = f"regions.{number}"
        if (problem := country_problem(region.country, f"{at}.country")) is not None:
            found.append(problem)
        if len(region.region) > MAX_REGION:
            found.append(_problem(f"at most {MAX_REGION} characters", f"{at}.region"))
        if region in seen:
            found.append(_problem("each country or region at most once", f"{at}.country"))
        seen.add(region)
    return found


def _money_problems(money: Price, currency: str, at: str) -> list[FieldProblem]:
    found = []
    if not 0 <= money.amount <= MAX_AMOUNT:
        found.append(_problem(f"an amount from 0 to {MAX_AMOUNT}", f"{at}.amount"))
    if money.currency != currency:
        found.append(_problem(f"every amount of a rate is in {currency}", f"{at}.currency"))
    return found


def _bracket_problems(spec: RateSpec, currency: str) -> list[FieldProblem]:
    if spec.kind is RateKind.FLAT:
        if spec.brackets:
            return [_problem("a flat rate has a price and no brackets", "brackets")]
        if spec.price is None:
            return [_problem("a flat rate needs a price", "price")]
        return _money_problems(spec.price, currency, "price")
    if spec.price is not None:
        return [_problem("a weight rate is priced by its brackets, not a price", "price")]
    if not 1 <= len(spec.brackets) <= MAX_BRACKETS:
        return [_problem(f"a weight rate needs 1 to {MAX_BRACKETS} brackets", "brackets")]
    found: list[FieldProblem] = []
    below = 0
    for number, bracket in enumerate(spec.brackets):
        at = f"brackets.{number}"
        if not below < bracket.up_to_grams <= MAX_GRAMS:
            message = f"more grams than the bracket before, and at most {MAX_GRAMS}"
            found.append(_problem(message, f"{at}.upToGrams"))
        below = max(below, bracket.up_to_grams)
        found.extend(_money_problems(bracket.price, currency, f"{at}.price"))
    return found


def rate_problems(spec: RateSpec, currencies: Sequence[str]) -> list[FieldProblem]:
    """Return what is wrong with a rate (not its zone or tax class), every problem at once."""
    found = [p for p in (name_problem(spec.name, "name", required=True),) if p]
    currency = spec.currency
    if currency and currency not in currencies:
        field = "price.currency" if spec.kind is RateKind.FLAT else "brackets.0.price.currency"
        sold = ", ".join(currencies)
        found.append(_problem(f"the shop does not sell in {currency}; it sells in {sold}", field))
    found.extend(_bracket_problems(spec, currency))
    if spec.free_over is not None:
        found.extend(_money_problems(spec.free_over, currency, "freeOver"))
    return found


def rate_price(spec: RateSpec, grams: int, subtotal: int) -> int | None:
    """Return what the rate charges a cart of ``grams`` and discounted ``subtotal``.

    None: the rate does not ship it (heavier than the last bracket).
    """
    if spec.free_over is not None and subtotal >= spec.free_over.amount:
        fits = spec.kind is RateKind.FLAT or grams <= spec.brackets[-1].up_to_grams
        return 0 if fits else None
    if spec.kind is RateKind.FLAT:
        return None if spec.price is None else spec.price.amount
    for bracket in spec.brackets:
        if grams <= bracket.up_to_grams:
            return bracket.price.amount
    return None
