"""A discount's whole state, and what makes it valid.

- **Code or automatic**: a code is 1 to 60 of A-Z, 0-9, ``-`` and ``_``, stored upper-case
  (``summer10`` is ``SUMMER10``), unique in the shop; an automatic discount has none.
- **Kind**: ``percentage``, its value in basis points (1 … 10000, 10000 = 100%), or ``fixed``,
  its value in minor units (1 or more) of its ``currency``, which the shop must sell in.
- **Currency and minimum**: a minimum subtotal (0 or more, minor units) needs a currency (a
  percentage discount may have one for that): the discount then applies only to carts in it.
- **Target**: ``order`` (no target IDs), or ``products`` / ``categories`` (1 to 100 IDs).
- **Limits**: usage in all and per customer, 1 or more, or none; the window's start before its
  end when both are set.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from app.errors import ErrorCode, FieldProblem
from modules.commerce.discount_models import DiscountRow
from modules.commerce.settings import CommerceSettings
from modules.commerce.tax_rules import name_problem

__all__ = [
    "MAX_TARGETS",
    "DiscountKind",
    "DiscountSpec",
    "DiscountStatus",
    "DiscountTarget",
    "normal_code",
    "spec_problems",
]

DiscountKind = Literal["percentage", "fixed"]
DiscountTarget = Literal["order", "products", "categories"]
DiscountStatus = Literal["active", "disabled"]
MAX_TARGETS = 100
_CODE = re.compile(r"[A-Z0-9][A-Z0-9_-]{0,59}")


def normal_code(code: str) -> str:
    """Return a code as stored and compared: trimmed and upper-case."""
    return code.strip().upper()


@dataclass(frozen=True, slots=True, kw_only=True)
class DiscountSpec:
    """A discount's whole state (code already upper-case)."""

    code: str | None
    name: str
    is_automatic: bool
    kind: DiscountKind
    value: int
    currency: str | None
    target: DiscountTarget
    target_ids: tuple[uuid.UUID, ...]
    min_subtotal: int | None
    usage_limit: int | None
    usage_limit_per_customer: int | None
    starts_at: datetime | None
    ends_at: datetime | None
    combinable: bool
    status: DiscountStatus

    @classmethod
    def of(cls, row: DiscountRow, target_ids: tuple[uuid.UUID, ...]) -> DiscountSpec:
        """Return a stored discount's state."""
        return cls(
            code=row.code,
            name=row.name,
            is_automatic=row.is_automatic,
            kind="fixed" if row.kind == "fixed" else "percentage",
            value=row.value,
            currency=row.currency,
            target=_target(row.target),
            target_ids=target_ids,
            min_subtotal=row.min_subtotal_amount,
            usage_limit=row.usage_limit,
            usage_limit_per_customer=row.usage_limit_per_customer,
            starts_at=row.starts_at,
            ends_at=row.ends_at,
            combinable=row.combinable,
            status="disabled" if row.status == "disabled" else "active",
        )


def _target(stored: str) -> DiscountTarget:
    if stored == "products":
        return "products"
    return "categories" if stored == "categories" else "order"


def _problem(message: str, field: str) -> FieldProblem:
    return FieldProblem(ErrorCode.VALIDATION, message, field)


def _code_problems(spec: DiscountSpec) -> list[FieldProblem]:
    if spec.is_automatic:
        return [] if spec.code is None else [_problem("an automatic discount has no code", "code")]
    if spec.code is None or not _CODE.fullmatch(spec.code):
        return [_problem("1 to 60 of A-Z, 0-9, `-` and `_`, starting alphanumeric", "code")]
    return []


def _value_problems(spec: DiscountSpec, settings: CommerceSettings) -> list[FieldProblem]:
    found = []
    if spec.kind == "percentage" and not 1 <= spec.value <= 10_000:
        found.append(_problem("basis points from 1 to 10000 (10000 = 100%)", "value"))
    if spec.kind == "fixed" and spec.value < 1:
        found.append(_problem("an amount of 1 minor unit or more", "value"))
    needs_currency = spec.kind == "fixed" or spec.min_subtotal is not None
    if needs_currency and spec.currency is None:
        found.append(_problem("a fixed amount or a minimum subtotal needs a currency", "currency"))
    elif spec.currency is not None and spec.currency not in settings.currencies:
        found.append(_problem(f"the shop does not sell in {spec.currency}", "currency"))
    if spec.min_subtotal is not None and spec.min_subtotal < 0:
        found.append(_problem("0 or more minor units", "minSubtotal"))
    return found


def _scope_problems(spec: DiscountSpec) -> list[FieldProblem]:
    found = []
    if spec.target == "order" and spec.target_ids:
        found.append(_problem("an order discount has no target IDs", "targetIds"))
    if spec.target != "order" and not 1 <= len(spec.target_ids) <= MAX_TARGETS:
        found.append(_problem(f"1 to {MAX_TARGETS} target IDs", "targetIds"))
    for field, limit in (
        ("usageLimit", spec.usage_limit),
        ("usageLimitPerCustomer", spec.usage_limit_per_customer),
    ):
        if limit is not None and limit < 1:
            found.append(_problem("1 or more, or null for no limit", field))
    if spec.starts_at is not None and spec.ends_at is not None and spec.ends_at <= spec.starts_at:
        found.append(_problem("the end must come after the start", "endsAt"))
    return found


def spec_problems(spec: DiscountSpec, settings: CommerceSettings) -> list[FieldProblem]:
    """Return every problem with a discount's state, in input order."""
    found = _code_problems(spec)
    if (problem := name_problem(spec.name, "name", required=True)) is not None:
        found.append(problem)
    return found + _value_problems(spec, settings) + _scope_problems(spec)
