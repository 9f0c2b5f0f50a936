"""Tax on amounts of minor units, exactly, rounded as the tenant's ``tax_rounding`` says.

A taxable amount is what a line (or the shipping charge) costs after discounts, entered
tax-exclusive or tax-inclusive (the tenant's ``prices_include_tax``), at a rate in parts per
million. The exact tax is a fraction: ``amount * rate / 1,000,000`` on exclusive amounts, and
``amount * rate / (1,000,000 + rate)`` on inclusive ones (the tax inside a gross amount, so
net = gross - tax and net + tax = gross on every line). Rounding is half away from zero:

- ``line``: each amount's tax rounded on its own; the order's tax is their sum.
- ``order``: per rate, the exact taxes of its amounts are summed and rounded once; that total
  is allocated back to the amounts by largest remainder (each gets its tax rounded down, and
  the units left over go one each to the largest fractional parts, the earlier amount first on
  a tie), so the amounts' taxes add up to it exactly.

Worked example (exclusive, 20%): three lines of 0.05 cost 0.01 each exactly; ``line`` rounds
each to 0.01 (tax 0.03), ``order`` rounds the 0.03 sum once (0.03) — the same; but three lines
of 0.02 at 20% are 0.004 each: ``line`` gives 0 + 0 + 0 = 0, ``order`` rounds 0.012 to 0.01 and
gives it to the first line. Amounts are never negative.
"""

from __future__ import annotations

import enum
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

__all__ = ["PPM", "Rounding", "Taxable", "exact_tax", "round_half_away", "taxes"]

PPM = 1_000_000


class Rounding(enum.Enum):
    """Where tax is rounded (the ``tax_rounding`` setting)."""

    LINE = "line"
    ORDER = "order"


@dataclass(frozen=True, slots=True)
class Taxable:
    """An amount (minor units, 0 or more, after discounts) taxed at ``rate_ppm``."""

    amount: int
    rate_ppm: int


def exact_tax(taxable: Taxable, *, inclusive: bool) -> Fraction:
    """Return the exact, unrounded tax of an amount."""
    divisor = PPM + taxable.rate_ppm if inclusive else PPM
    return Fraction(taxable.amount * taxable.rate_ppm, divisor)


def round_half_away(value: Fraction) -> int:
    """Return ``value`` rounded to a whole number, halves away from zero."""
    magnitude = abs(value)
    whole = int(magnitude)
    if magnitude - whole >= Fraction(1, 2):
        whole += 1
    return whole if value >= 0 else -whole


def _allocated(exact: list[Fraction], total: int) -> list[int]:
    floors = [int(value) for value in exact]
    left = total - sum(floors)
    by_remainder = sorted(range(len(exact)), key=lambda i: (-(exact[i] - floors[i]), i))
    for index in by_remainder[:left]:
        floors[index] += 1
    return floors


def taxes(amounts: Sequence[Taxable], *, inclusive: bool, rounding: Rounding) -> list[int]:
    """Return each amount's tax in minor units, rounded as ``rounding`` says."""
    exact = [exact_tax(taxable, inclusive=inclusive) for taxable in amounts]
    if rounding is Rounding.LINE:
        return [round_half_away(value) for value in exact]
    groups: dict[int, list[int]] = defaultdict(list)
    for index, taxable in enumerate(amounts):
        groups[taxable.rate_ppm].append(index)
    found = [0] * len(amounts)
    for indexes in groups.values():
        group = [exact[index] for index in indexes]
        for index, tax in zip(
            indexes, _allocated(group, round_half_away(sum(group, Fraction(0)))), strict=True
        ):
            found[index] = tax
    return found
