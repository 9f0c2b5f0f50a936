"""Which discounts a cart gets, and what each takes off each line, in minor units.

A pure function of the cart's lines and the candidate discounts (automatic ones in their
window, and the codes applied to the cart, already checked against their window and usage by
the caller). The rules, in order:

- **Eligible**: a discount with a currency (every fixed one; a percentage one with a minimum
  subtotal) only in carts of that currency; a discount with a minimum subtotal only when the
  cart's subtotal (before any discount) reaches it; at most
  ``codes_allowed`` codes, the first applied first.
- **Combination**: a discount combines with another only when both are ``combinable``. The
  choices are therefore: every combinable discount together, or any one non-combinable
  discount alone. The choice saving the customer most wins; on a tie, the choice holding the
  older discount (``created_at``, then id).
- **Lines first**: product and category discounts apply to the lines they target, older
  first, each on what the line still costs: a percentage (basis points, 10000 = 100%) of it,
  rounded half up; a fixed amount off each unit, never taking the line below zero.
- **Then the order**: order discounts apply to the discounted subtotal, older first, each on
  what is left: a percentage of it rounded half up, or the fixed amount (at most what is
  left). Each is allocated across the lines in proportion to what they still cost, by largest
  remainder (every line gets its share rounded down; the units left go one each to the
  largest fractional parts, the earlier line first on a tie), so the lines' discounts add up
  to the discount exactly.

Shipping is never discounted. Worked example: lines of 1000 and 500, 10% off the order takes
150, allocated 100 and 50; then a fixed 100 off the order, on the 1350 left, is 66.67 and 33.33
exactly: 66 and 33 rounded down, the unit left to the first line (larger remainder), so 67 and
33; the lines' discounts are 167 and 83 (``tests/modules/commerce/test_discount_arithmetic.py``
pins these and more).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from fractions import Fraction
from typing import Literal

__all__ = ["Candidate", "DiscountedLine", "Outcome", "choose_and_apply"]

BASIS_POINTS = 10_000


@dataclass(frozen=True, slots=True)
class DiscountedLine:
    """A cart line as discounts see it: its product, categories, quantity and amount."""

    product_id: uuid.UUID
    category_ids: frozenset[uuid.UUID]
    quantity: int
    amount: int


@dataclass(frozen=True, slots=True, kw_only=True)
class Candidate:
    """A discount that may apply: a code applied to the cart, or an automatic one."""

    id: uuid.UUID
    kind: Literal["percentage", "fixed"]
    value: int
    currency: str | None = None
    target: Literal["order", "products", "categories"] = "order"
    target_ids: frozenset[uuid.UUID] = frozenset()
    is_automatic: bool = False
    combinable: bool = False
    min_subtotal: int | None = None
    created_at: datetime

    def targets(self, line: DiscountedLine) -> bool:
        """Say whether this (line-level) discount applies to ``line``."""
        if self.target == "products":
            return line.product_id in self.target_ids
        return not self.target_ids.isdisjoint(line.category_ids)


@dataclass(frozen=True, slots=True)
class Outcome:
    """The discounts chosen: each line's discount, and each discount's total, in order."""

    lines: tuple[int, ...]
    discounts: tuple[tuple[uuid.UUID, int], ...]

    @property
    def total(self) -> int:
        """Return the cart's whole discount."""
        return sum(self.lines)


def _eligible(
    candidates: Sequence[Candidate], subtotal: int, currency: str, codes_allowed: int
) -> list[Candidate]:
    found: list[Candidate] = []
    codes = 0
    for candidate in candidates:
        if candidate.currency is not None and candidate.currency != currency:
            continue
        if candidate.min_subtotal is not None and subtotal < candidate.min_subtotal:
            continue
        if not candidate.is_automatic:
            if codes >= codes_allowed:
                continue
            codes += 1
        found.append(candidate)
    return found


def _percentage(amount: int, basis_points: int) -> int:
    return (amount * basis_points * 2 + BASIS_POINTS) // (2 * BASIS_POINTS)


def _allocated(shares: Sequence[int], total: int) -> list[int]:
    whole = sum(shares)
    if whole == 0:
        return [0] * len(shares)
    exact = [Fraction(total * share, whole) for share in shares]
    floors = [int(value) for value in exact]
    by_remainder = sorted(range(len(exact)), key=lambda i: (-(exact[i] - floors[i]), i))
    for index in by_remainder[: total - sum(floors)]:
        floors[index] += 1
    return floors


def _line_off(candidate: Candidate, line: DiscountedLine, left: int) -> int:
    if candidate.kind == "percentage":
        return min(left, _percentage(left, candidate.value))
    return min(left, candidate.value * line.quantity)


def _apply(chosen: Sequence[Candidate], lines: Sequence[DiscountedLine]) -> Outcome:
    left = [line.amount for line in lines]
    totals: list[tuple[uuid.UUID, int]] = []
    ordered = sorted(chosen, key=_age)
    for candidate in [c for c in ordered if c.target != "order"]:
        taken = 0
        for index, line in enumerate(lines):
            if candidate.targets(line):
                off = _line_off(candidate, line, left[index])
                left[index] -= off
                taken += off
        totals.append((candidate.id, taken))
    for candidate in [c for c in ordered if c.target == "order"]:
        remaining = sum(left)
        if candidate.kind == "percentage":
            off = min(remaining, _percentage(remaining, candidate.value))
        else:
            off = min(remaining, candidate.value)
        for index, share in enumerate(_allocated(left, off)):
            left[index] -= share
        totals.append((candidate.id, off))
    lines_off = tuple(line.amount - rest for line, rest in zip(lines, left, strict=True))
    return Outcome(lines=lines_off, discounts=tuple(totals))


def _age(candidate: Candidate) -> tuple[datetime, uuid.UUID]:
    return candidate.created_at, candidate.id


def choose_and_apply(
    lines: Sequence[DiscountedLine],
    candidates: Sequence[Candidate],
    *,
    currency: str,
    codes_allowed: int,
) -> Outcome:
    """Return the discounts the combination rules choose, applied to ``lines``.

    ``candidates`` lists the automatic discounts and the cart's codes (codes in the order they
    were applied). Lines keep their order in the outcome.
    """
    subtotal = sum(line.amount for line in lines)
    eligible = _eligible(candidates, subtotal, currency, codes_allowed)
    choices = [[c] for c in eligible if not c.combinable]
    combinable = [c for c in eligible if c.combinable]
    if combinable:
        choices.append(combinable)
    if not choices:
        return Outcome(lines=tuple(0 for _ in lines), discounts=())
    outcomes = [(_apply(choice, lines), min(_age(c) for c in choice)) for choice in choices]
    best, _ = min(outcomes, key=lambda pair: (-pair[0].total, pair[1]))
    return best
