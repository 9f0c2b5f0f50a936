"""What tax classes and rates allow, checked without the database, and rate arithmetic's text.

A class's ``code`` is 1 to 60 of ``a-z``, ``0-9``, ``-``, ``_``, starting alphanumeric; its
name 1 to 200 characters. A rate is given as exact decimal percent text (``"20"``, ``"7.25"``,
``"5.5"``: at most 4 decimals, 0 to 100) and stored in parts per million, so ``"7.25"`` is
``72500`` and nothing is ever rounded. A rate's ``region`` is empty for the whole country.
"""

from __future__ import annotations

import re
from decimal import Decimal

from app.errors import ErrorCode, FieldProblem

__all__ = [
    "CODE",
    "MAX_NAME",
    "MAX_REGION",
    "PPM_PER_PERCENT",
    "name_problem",
    "parse_percent",
    "percent_text",
]

CODE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,59}$")
MAX_NAME = 200
MAX_REGION = 100
PPM_PER_PERCENT = 10_000
_PERCENT = re.compile(r"^(\d{1,3})(?:\.(\d{1,4}))?$")


def parse_percent(text: str) -> int | None:
    """Return the rate in parts per million of exact percent text; None if it is not one."""
    match = _PERCENT.match(text)
    if match is None:
        return None
    whole, fraction = match.group(1), match.group(2) or ""
    ppm = int(whole) * PPM_PER_PERCENT + int(fraction.ljust(4, "0"))
    return ppm if ppm <= 100 * PPM_PER_PERCENT else None


def percent_text(ppm: int) -> str:
    """Return a rate in parts per million as exact percent text (``72500`` → ``"7.25"``)."""
    text = format(Decimal(ppm) / Decimal(PPM_PER_PERCENT), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def name_problem(name: str | None, field: str, *, required: bool) -> FieldProblem | None:
    """Return the problem with a name of 1 to :data:`MAX_NAME` characters, if any."""
    if name is None and not required:
        return None
    if 1 <= len((name or "").strip()) <= MAX_NAME:
        return None
    return FieldProblem(ErrorCode.VALIDATION, f"a name of 1 to {MAX_NAME} characters", field)
