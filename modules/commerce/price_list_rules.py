"""What makes a price list and its tiers valid, checked whole, every problem at once.

A list has a name (1 to 200 characters), a currency the shop sells in, a status (``active`` or
``disabled``), an optional window (``endsAt`` after ``startsAt``), a priority from 0 to
:data:`MAX_PRIORITY` (it only names the source between lists offering the same amount), and at
most :data:`MAX_GROUPS` customer groups (none: everyone). A variant's tiers in a list are at
most :data:`MAX_TIERS`, each a ``minQuantity`` of at least 1 (unique among them) and a positive
amount in minor units of the list's currency.
"""

from __future__ import annotations

import enum
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from app.errors import ErrorCode, FieldProblem
from app.money import MAX_AMOUNT
from modules.commerce.settings import CommerceSettings
from modules.commerce.tax_rules import name_problem

__all__ = [
    "MAX_GROUPS",
    "MAX_MIN_QUANTITY",
    "MAX_PRIORITY",
    "MAX_TIERS",
    "PriceListSpec",
    "PriceListStatus",
    "TierInput",
    "spec_problems",
    "tier_problems",
]

MAX_GROUPS = 50
MAX_TIERS = 20
MAX_PRIORITY = 1000
MAX_MIN_QUANTITY = 1_000_000


class PriceListStatus(enum.StrEnum):
    """Whether a list may apply."""

    ACTIVE = "active"
    DISABLED = "disabled"


@dataclass(frozen=True, slots=True, kw_only=True)
class PriceListSpec:
    """A price list whole, as it would be after a create or an update."""

    name: str
    currency: str
    status: PriceListStatus
    starts_at: datetime | None
    ends_at: datetime | None
    priority: int
    customer_group_ids: Sequence[uuid.UUID]


@dataclass(frozen=True, slots=True)
class TierInput:
    """One tier as given: from ``min_quantity`` up, ``amount`` of ``currency`` a unit."""

    min_quantity: int
    amount: int
    currency: str


def _problem(message: str, field: str) -> FieldProblem:
    return FieldProblem(ErrorCode.VALIDATION, message, field)


def spec_problems(spec: PriceListSpec, settings: CommerceSettings) -> list[FieldProblem]:
    """Return what is wrong with a list (``name``, ``currency``, ``endsAt``, ``priority``...)."""
    found = [p for p in (name_problem(spec.name, "name", required=True),) if p is not None]
    if spec.currency not in settings.currencies:
        sold = ", ".join(settings.currencies)
        found.append(_problem(f"a currency the shop sells in: {sold}", "currency"))
    if spec.starts_at and spec.ends_at and spec.ends_at <= spec.starts_at:
        found.append(_problem("an end after the start", "endsAt"))
    if not 0 <= spec.priority <= MAX_PRIORITY:
        found.append(_problem(f"a priority from 0 to {MAX_PRIORITY}", "priority"))
    if len(spec.customer_group_ids) > MAX_GROUPS:
        found.append(_problem(f"at most {MAX_GROUPS} customer groups", "customerGroupIds"))
    return found


def _tier_problems(number: int, tier: TierInput, currency: str) -> list[FieldProblem]:
    at, found = f"tiers.{number}", []
    if not 1 <= tier.min_quantity <= MAX_MIN_QUANTITY:
        found.append(_problem(f"from 1 to {MAX_MIN_QUANTITY}", f"{at}.minQuantity"))
    if not 1 <= tier.amount <= MAX_AMOUNT:
        found.append(_problem("a positive amount in minor units", f"{at}.price.amount"))
    if tier.currency != currency:
        message = f"the price list's currency, {currency}"
        found.append(_problem(message, f"{at}.price.currency"))
    return found


def tier_problems(tiers: Sequence[TierInput], currency: str) -> list[FieldProblem]:
    """Return what is wrong with a variant's tiers in a list of ``currency`` (``tiers.N...``)."""
    if len(tiers) > MAX_TIERS:
        return [_problem(f"at most {MAX_TIERS} tiers for a variant", "tiers")]
    found: list[FieldProblem] = []
    seen: set[int] = set()
    for number, tier in enumerate(tiers):
        found += _tier_problems(number, tier, currency)
        if tier.min_quantity in seen:
            message = f"one tier per minimum quantity; {tier.min_quantity} is repeated"
            found.append(_problem(message, f"tiers.{number}.minQuantity"))
        seen.add(tier.min_quantity)
    return found
