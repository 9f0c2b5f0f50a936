"""Tax arithmetic pinned with worked numbers: line and order rounding, inclusive and exclusive."""

from __future__ import annotations

from fractions import Fraction

from modules.commerce.shipping_rules import Bracket, Price, RateKind, RateSpec, rate_price
from modules.commerce.tax_arithmetic import Rounding, Taxable, exact_tax, round_half_away, taxes
from modules.commerce.tax_rules import parse_percent, percent_text

VAT = 190_000  # 19%
REDUCED = 70_000  # 7%
# Three lines where rounding each differs from rounding their sum: 19% of 1.02, 1.02 and 1.01.
LINES = [Taxable(102, VAT), Taxable(102, VAT), Taxable(101, VAT)]


def test_halves_round_away_from_zero() -> None:
    assert [round_half_away(Fraction(n, 2)) for n in (1, 3, 5, -1, -3)] == [1, 2, 3, -1, -2]
    assert round_half_away(Fraction(149, 100)) == 1
    assert round_half_away(Fraction(-149, 100)) == -1


def test_exact_tax_exclusive_and_inclusive() -> None:
    # 19% on top of 1.02: 0.1938; inside a gross 1.02: 1.02 * 19 / 119 = 0.16285...
    assert exact_tax(Taxable(102, VAT), inclusive=False) == Fraction(1938, 100)
    assert exact_tax(Taxable(102, VAT), inclusive=True) == Fraction(102 * 19, 119)


def test_line_rounding_rounds_each_line() -> None:
    # 19.38 -> 19, 19.38 -> 19, 19.19 -> 19: 57 in all.
    assert taxes(LINES, inclusive=False, rounding=Rounding.LINE) == [19, 19, 19]


def test_order_rounding_rounds_the_sum_once_and_allocates_by_largest_remainder() -> None:
    # 19.38 + 19.38 + 19.19 = 57.95 -> 58; floors 19 + 19 + 19 = 57; the unit left goes to
    # the largest remainder (.38, a tie between the first two: the earlier line).
    assert taxes(LINES, inclusive=False, rounding=Rounding.ORDER) == [20, 19, 19]


def test_inclusive_prices_keep_net_plus_tax_equal_to_gross() -> None:
    # Inside 1.02 at 19%: 16.2857 each; inside 1.01: 16.1261. Line: 16 + 16 + 16 = 48.
    line = taxes(LINES, inclusive=True, rounding=Rounding.LINE)
    assert line == [16, 16, 16]
    # Order: 48.6975 -> 49; floors 48; the unit goes to the first .2857.
    order = taxes(LINES, inclusive=True, rounding=Rounding.ORDER)
    assert order == [17, 16, 16]
    for taxed in (line, order):
        nets = [item.amount - tax for item, tax in zip(LINES, taxed, strict=True)]
        assert [net + tax for net, tax in zip(nets, taxed, strict=True)] == [102, 102, 101]


def test_order_rounding_groups_by_rate() -> None:
    # 7% of 0.10 = 0.7 and of 0.10 = 0.7 (1.4 -> 1, to the first); 19% of 0.50 = 9.5 -> 10.
    mixed = [Taxable(10, REDUCED), Taxable(50, VAT), Taxable(10, REDUCED)]
    assert taxes(mixed, inclusive=False, rounding=Rounding.ORDER) == [1, 10, 0]
    assert taxes(mixed, inclusive=False, rounding=Rounding.LINE) == [1, 10, 1]


def test_the_largest_remainder_wins_before_position() -> None:
    # 19% of 0.03 = 0.57, of 0.02 = 0.38, of 0.04 = 0.76: sum 1.71 -> 2; floors 0; the two
    # units go to .76 (third) and .57 (first).
    small = [Taxable(3, VAT), Taxable(2, VAT), Taxable(4, VAT)]
    assert taxes(small, inclusive=False, rounding=Rounding.ORDER) == [1, 0, 1]


def test_zero_rates_and_empty_inputs_tax_nothing() -> None:
    assert taxes([Taxable(999, 0)], inclusive=False, rounding=Rounding.ORDER) == [0]
    assert taxes([], inclusive=True, rounding=Rounding.LINE) == []


def test_percent_text_round_trips_exactly() -> None:
    assert [parse_percent(t) for t in ("19", "7.25", "0.0001", "100", "7.2500")] == [
        190_000,
        72_500,
        1,
        1_000_000,
        72_500,
    ]
    assert [parse_percent(t) for t in ("100.0001", "1.23456", "-1", "1e2", " 5")] == [None] * 5
    assert [percent_text(p) for p in (190_000, 72_500, 1, 0)] == ["19", "7.25", "0.0001", "0"]


def _weight_rate(free_over: int | None = None) -> RateSpec:
    return RateSpec(
        name="Parcel",
        kind=RateKind.WEIGHT,
        price=None,
        brackets=(Bracket(1000, Price(500, "EUR")), Bracket(5000, Price(900, "EUR"))),
        free_over=None if free_over is None else Price(free_over, "EUR"),
        tax_class_id=None,
        is_active=True,
    )


def test_a_weight_rate_prices_by_bracket_and_refuses_what_is_too_heavy() -> None:
    rate = _weight_rate()
    assert [rate_price(rate, grams, 0) for grams in (0, 1000, 1001, 5000, 5001)] == [
        500,
        500,
        900,
        900,
        None,
    ]


def test_free_shipping_starts_at_the_threshold() -> None:
    rate = _weight_rate(free_over=5000)
    assert [rate_price(rate, 2000, subtotal) for subtotal in (4999, 5000)] == [900, 0]
    assert rate_price(rate, 6000, 9999) is None
