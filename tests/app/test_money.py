"""Money (ADR 0003): exponents from one ISO 4217 table, integers only, no mixing currencies."""

from __future__ import annotations

import pytest

from app.graphql.types import SCALAR_MAP, MinorUnits
from app.money import MAX_AMOUNT, Money, currency_exponent, is_currency


def test_exponents_come_from_iso_4217() -> None:
    assert [currency_exponent(code) for code in ("USD", "JPY", "KWD", "CLF")] == [2, 0, 3, 4]
    assert is_currency("EUR")
    assert not is_currency("eur")
    assert not is_currency("XXX")


def test_amounts_are_integers_of_one_currency() -> None:
    assert Money(150, "EUR") + Money(250, "EUR") == Money(400, "EUR")
    with pytest.raises(ValueError, match="cannot add USD to EUR"):
        _ = Money(1, "EUR") + Money(1, "USD")
    with pytest.raises(TypeError):
        Money(1.5, "EUR")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="ISO 4217"):
        Money(1, "ZZZ")


def test_the_minor_units_scalar_refuses_fractions_and_unsafe_integers() -> None:
    parse = SCALAR_MAP[MinorUnits].parse_value
    assert parse is not None
    assert parse(MAX_AMOUNT) == MAX_AMOUNT
    assert parse(-MAX_AMOUNT) == -MAX_AMOUNT
    for bad in (1.5, 100.0, True, "100"):
        with pytest.raises(TypeError):
            parse(bad)
    for bad in (MAX_AMOUNT + 1, -MAX_AMOUNT - 1):
        with pytest.raises(ValueError, match="2\\^53"):
            parse(bad)
