"""Postal addresses on carts and orders, and the countries they may name.

An address is plain text fields plus ``country``, an ISO 3166-1 alpha-2 code (upper case;
lower case is accepted and upper-cased). ``region`` is free text (a state, a province, the
subdivision code ``CA``); tax rates and shipping zones match it upper-cased, so ``ca`` and
``CA`` are one region. Only ``country`` is required; every other field is at most
:data:`MAX_FIELD` characters (the phone :data:`MAX_PHONE`). Problems come back at the input
path, e.g. ``shippingAddress.country``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from app.errors import ErrorCode, FieldProblem

__all__ = [
    "COUNTRIES",
    "MAX_FIELD",
    "MAX_PHONE",
    "Address",
    "address_problems",
    "country_problem",
    "region_key",
]

# The officially assigned ISO 3166-1 alpha-2 codes.
_CODES = """
    AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ
    BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM
    DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS
    GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN
    KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ
    MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM
    PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV
    SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI
    VN VU WF WS YE YT ZA ZM ZW
"""
COUNTRIES = frozenset(_CODES.split())
MAX_FIELD = 200
MAX_PHONE = 40


@dataclass(frozen=True, slots=True, kw_only=True)
class Address:
    """A postal address; ``country`` is an upper-case ISO 3166-1 alpha-2 code."""

    country: str
    first_name: str | None = None
    last_name: str | None = None
    company: str | None = None
    line1: str | None = None
    line2: str | None = None
    city: str | None = None
    postal_code: str | None = None
    region: str | None = None
    phone: str | None = None

    def to_json(self) -> dict[str, str]:
        """Return the address as stored on a cart or an order (absent fields left out)."""
        return {key: value for key, value in asdict(self).items() if value is not None}

    @classmethod
    def from_json(cls, stored: dict[str, str]) -> Address:
        """Return the address a cart or an order stored."""
        return cls(**stored)


def region_key(region: str | None) -> str:
    """Return how a region is matched against rates and zones: trimmed, upper case."""
    return (region or "").strip().upper()


def country_problem(country: str, field: str) -> FieldProblem | None:
    """Return the problem with a country code, if any (it must be upper case here)."""
    if country in COUNTRIES:
        return None
    message = f"{country!r} is not an ISO 3166-1 alpha-2 country code (e.g. DE, US)"
    return FieldProblem(ErrorCode.VALIDATION, message, field)


def address_problems(address: Address, at: str) -> list[FieldProblem]:
    """Return every problem with an address, each at ``<at>.<field>`` (camelCase)."""
    found = [p for p in (country_problem(address.country, f"{at}.country"),) if p]
    limits = {
        "firstName": (address.first_name, MAX_FIELD),
        "lastName": (address.last_name, MAX_FIELD),
        "company": (address.company, MAX_FIELD),
        "line1": (address.line1, MAX_FIELD),
        "line2": (address.line2, MAX_FIELD),
        "city": (address.city, MAX_FIELD),
        "postalCode": (address.postal_code, MAX_FIELD),
        "region": (address.region, MAX_FIELD),
        "phone": (address.phone, MAX_PHONE),
    }
    for name, (value, limit) in limits.items():
        if value is not None and len(value) > limit:
            message = f"at most {limit} characters"
            found.append(FieldProblem(ErrorCode.VALIDATION, message, f"{at}.{name}"))
    return found
