"""Money as ADR 0003 fixes it: integer minor units plus an ISO 4217 currency code.

The exponent (minor units per major unit) of every active ISO 4217 currency is held here, in
one table; an unknown code is a caller's VALIDATION error, and amounts of different currencies
never mix (adding them raises, a programming error).
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "CURRENCY_EXPONENTS",
    "MAX_AMOUNT",
    "Money",
    "currency_exponent",
    "is_currency",
]

# ±(2^53 - 1): JavaScript clients hold numbers as doubles and must not lose precision.
MAX_AMOUNT = 2**53 - 1

_EXPONENT_0 = "BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF"
_EXPONENT_3 = "BHD IQD JOD KWD LYD OMR TND"
_EXPONENT_4 = "CLF UYW"
_EXPONENT_2 = (
    "AED AFN ALL AMD AOA ARS AUD AWG AZN BAM BBD BDT BGN BMD BND BOB BOV BRL BSD BTN BWP BYN "
    "BZD CAD CDF CHE CHF CHW CNY COP COU CRC CUP CVE CZK DKK DOP DZD EGP ERN ETB EUR FJD FKP "
    "GBP GEL GHS GIP GMD GTQ GYD HKD HNL HTG HUF IDR ILS INR IRR JMD KES KGS KHR KPW KYD KZT "
    "LAK LBP LKR LRD LSL MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD NGN "
    "NIO NOK NPR NZD PAB PEN PGK PHP PKR PLN QAR RON RSD RUB SAR SBD SCR SDG SEK SGD SHP SLE "
    "SOS SRD SSP STN SVC SYP SZL THB TJS TMT TOP TRY TTD TWD TZS UAH USD USN UZS VED VES WST "
    "XCD XCG YER ZAR ZMW ZWG"
)

CURRENCY_EXPONENTS: dict[str, int] = {
    code: exponent
    for exponent, codes in ((0, _EXPONENT_0), (2, _EXPONENT_2), (3, _EXPONENT_3), (4, _EXPONENT_4))
    for code in codes.split()
}


def is_currency(code: str) -> bool:
    """Return whether ``code`` is an active ISO 4217 currency code (upper case)."""
    return code in CURRENCY_EXPONENTS


def currency_exponent(code: str) -> int:
    """Return the number of minor-unit digits of ``code`` (USD 2, JPY 0, KWD 3).

    Raises:
        KeyError: ``code`` is not an active ISO 4217 code.
    """
    return CURRENCY_EXPONENTS[code]


@dataclass(frozen=True, slots=True)
class Money:
    """An exact amount: ``amount`` minor units of ``currency``."""

    amount: int
    currency: str

    def __post_init__(self) -> None:
        if isinstance(self.amount, bool) or not isinstance(self.amount, int):
            raise TypeError("a Money amount is an integer count of minor units")
        if not is_currency(self.currency):
            raise ValueError(f"{self.currency!r} is not an ISO 4217 currency code")

    def __add__(self, other: Money) -> Money:
        """Return the sum; amounts of different currencies never mix."""
        if other.currency != self.currency:
            raise ValueError(f"cannot add {other.currency} to {self.currency}")
        return Money(self.amount + other.amount, self.currency)
