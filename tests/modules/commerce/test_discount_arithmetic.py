"""The discount rules as numbers: targets, kinds, allocation, limits and combination."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Literal

from modules.commerce.discount_arithmetic import (
    Candidate,
    DiscountedLine,
    Outcome,
    choose_and_apply,
)

SHIRT, MUG = uuid.uuid4(), uuid.uuid4()
CLOTHES = uuid.uuid4()
OLD = datetime(2026, 1, 1, tzinfo=UTC)
NEW = OLD + timedelta(days=1)
LINES = (
    DiscountedLine(SHIRT, frozenset({CLOTHES}), 2, 1000),
    DiscountedLine(MUG, frozenset(), 1, 500),
)


def _apply(*candidates: Candidate, codes_allowed: int = 5) -> Outcome:
    return choose_and_apply(LINES, candidates, currency="EUR", codes_allowed=codes_allowed)


def _discount(
    *,
    kind: Literal["percentage", "fixed"],
    value: int,
    currency: str | None = None,
    target: Literal["order", "products", "categories"] = "order",
    target_ids: frozenset[uuid.UUID] = frozenset(),
    is_automatic: bool = False,
    combinable: bool = False,
    min_subtotal: int | None = None,
    created_at: datetime = OLD,
) -> Candidate:
    return Candidate(
        id=uuid.uuid4(),
        kind=kind,
        value=value,
        currency=currency,
        target=target,
        target_ids=target_ids,
        is_automatic=is_automatic,
        combinable=combinable,
        min_subtotal=min_subtotal,
        created_at=created_at,
    )


def test_a_percentage_on_the_order_is_allocated_by_largest_remainder() -> None:
    ten = _discount(kind="percentage", value=1000, combinable=True)
    fixed = _discount(kind="fixed", value=100, currency="EUR", combinable=True, created_at=NEW)
    outcome = _apply(fixed, ten)
    assert outcome.lines == (167, 83)
    assert outcome.discounts == ((ten.id, 150), (fixed.id, 100))
    assert outcome.total == 250


def test_a_percentage_rounds_half_up_on_each_targeted_line() -> None:
    lines = (DiscountedLine(SHIRT, frozenset(), 1, 15), DiscountedLine(MUG, frozenset(), 1, 15))
    off = _discount(kind="percentage", value=1000, target="products", target_ids=frozenset({SHIRT}))
    outcome = choose_and_apply(lines, [off], currency="EUR", codes_allowed=1)
    assert outcome.lines == (2, 0)
    assert outcome.discounts == ((off.id, 2),)


def test_a_fixed_product_discount_is_per_unit_and_never_below_zero() -> None:
    shirt = _discount(
        kind="fixed", value=300, currency="EUR", target="products", target_ids=frozenset({SHIRT})
    )
    assert _apply(shirt).lines == (600, 0)
    mug = _discount(
        kind="fixed", value=900, currency="EUR", target="products", target_ids=frozenset({MUG})
    )
    assert _apply(mug).lines == (0, 500)


def test_a_category_discount_takes_only_the_lines_in_the_category() -> None:
    clothes = _discount(
        kind="percentage", value=2500, target="categories", target_ids=frozenset({CLOTHES})
    )
    assert _apply(clothes).lines == (250, 0)


def test_line_discounts_apply_before_the_order_discount() -> None:
    shirt = _discount(
        kind="fixed",
        value=500,
        currency="EUR",
        target="products",
        target_ids=frozenset({SHIRT}),
        combinable=True,
        created_at=NEW,
    )
    order = _discount(kind="percentage", value=5000, combinable=True)
    outcome = _apply(order, shirt)
    # The shirt's 1000 less 1000 leaves 0; half of the mug's 500 is 250, all on the mug.
    assert outcome.lines == (1000, 250)
    assert outcome.discounts == ((shirt.id, 1000), (order.id, 250))


def test_a_fixed_order_discount_takes_at_most_the_subtotal() -> None:
    huge = _discount(kind="fixed", value=99_999, currency="EUR")
    assert _apply(huge).lines == (1000, 500)


def test_a_fixed_discount_in_another_currency_does_not_apply() -> None:
    dollars = _discount(kind="fixed", value=100, currency="USD")
    assert _apply(dollars) == Outcome(lines=(0, 0), discounts=())


def test_a_minimum_subtotal_is_checked_before_any_discount() -> None:
    assert _apply(_discount(kind="percentage", value=1000, min_subtotal=1500)).total == 150
    assert _apply(_discount(kind="percentage", value=1000, min_subtotal=1501)).total == 0
    dollars = _discount(kind="percentage", value=1000, currency="USD", min_subtotal=1)
    assert _apply(dollars).total == 0


def test_codes_beyond_the_limit_are_left_out_the_first_kept() -> None:
    first = _discount(kind="percentage", value=1000, combinable=True, created_at=NEW)
    second = _discount(kind="percentage", value=2000, combinable=True)
    assert _apply(first, second, codes_allowed=1).discounts == ((first.id, 150),)
    automatic = _discount(kind="percentage", value=100, is_automatic=True, combinable=True)
    outcome = _apply(first, second, automatic, codes_allowed=1)
    assert {discount for discount, _ in outcome.discounts} == {first.id, automatic.id}


def test_an_automatic_discount_combines_only_when_both_are_combinable() -> None:
    automatic = _discount(kind="percentage", value=1000, is_automatic=True, combinable=True)
    code = _discount(kind="fixed", value=100, currency="EUR", combinable=True, created_at=NEW)
    assert _apply(automatic, code).total == 250
    alone = _discount(kind="fixed", value=100, currency="EUR", created_at=NEW)
    # Not combinable: the automatic 150 saves more than the code's 100.
    assert _apply(automatic, alone).discounts == ((automatic.id, 150),)


def test_the_best_saving_wins_among_non_combinable_discounts() -> None:
    small = _discount(kind="percentage", value=1000)
    large = _discount(kind="fixed", value=400, currency="EUR", created_at=NEW)
    assert _apply(small, large).discounts == ((large.id, 400),)
    together = _discount(kind="percentage", value=1000, combinable=True, created_at=NEW)
    more = _discount(kind="percentage", value=3000, combinable=True, created_at=NEW)
    # Combinable 10% then 30% (150, then 405 of the 1350 left) beat the lone 400.
    assert _apply(small, large, together, more).total == 555


def test_a_tie_goes_to_the_older_discount() -> None:
    newer = _discount(kind="fixed", value=150, currency="EUR", created_at=NEW)
    older = _discount(kind="percentage", value=1000)
    assert _apply(newer, older).discounts == ((older.id, 150),)
    assert _apply(older, newer).discounts == ((older.id, 150),)
