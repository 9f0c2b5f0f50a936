"""Input objects of the discount mutations, and their conversion to the service's fields.

Target IDs are `Product` or `ProductCategory` global IDs; which table they must be found in
follows the discount's target (NOT_FOUND on ``targetIds`` otherwise).
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import TypeVar

import strawberry

from app.errors import ValidationFailed
from app.graphql.types import MinorUnits
from app.ids import decode_global_id
from modules.commerce.discount_rules import (
    DiscountKind,
    DiscountSpec,
    DiscountStatus,
    DiscountTarget,
    normal_code,
)
from modules.commerce.discounts import KEEP, DiscountChanges, Keep
from modules.commerce.graphql.discount_types import (
    DiscountKindValue,
    DiscountStatusValue,
    DiscountTargetValue,
)

__all__ = ["DiscountCreateInput", "DiscountUpdateInput", "discount_changes", "discount_spec"]

T = TypeVar("T")
_TARGET_TYPES = ("Product", "ProductCategory")


@strawberry.input(description="A new discount.")
class DiscountCreateInput:
    """A discount's fields."""

    code: str | None = strawberry.field(
        default=None,
        description="The code (A-Z, 0-9, `-`, `_`; stored upper-case, unique in the shop); "
        "none for an automatic discount.",
    )
    name: str = strawberry.field(description="The name staff see.")
    is_automatic: bool = strawberry.field(
        default=False, description="Applies without a code (default: false)."
    )
    kind: DiscountKindValue = strawberry.field(description="How `value` is read.")
    value: MinorUnits = strawberry.field(
        description="Basis points 1 … 10000 (percentage) or minor units (fixed)."
    )
    currency: str | None = strawberry.field(
        default=None,
        description="The currency (enabled in the shop): required when fixed or with a minimum.",
    )
    target: DiscountTargetValue = strawberry.field(
        default=DiscountTargetValue.ORDER, description="What it applies to (default: ORDER)."
    )
    target_ids: list[strawberry.ID] = strawberry.field(
        default_factory=list, description="The `Product` or `ProductCategory` IDs (1 … 100)."
    )
    min_subtotal: MinorUnits | None = strawberry.field(
        default=None, description="The subtotal a cart must reach, in minor units of `currency`."
    )
    usage_limit: int | None = strawberry.field(
        default=None, description="Orders it may be used in (1 or more; null: no limit)."
    )
    usage_limit_per_customer: int | None = strawberry.field(
        default=None, description="Orders one customer may use it in (1 or more; null: no limit)."
    )
    starts_at: datetime | None = strawberry.field(default=None, description="When it starts.")
    ends_at: datetime | None = strawberry.field(
        default=None, description="When it ends (after `startsAt`)."
    )
    combinable: bool = strawberry.field(
        default=False, description="Combines with other combinable discounts (default: false)."
    )
    status: DiscountStatusValue = strawberry.field(
        default=DiscountStatusValue.ACTIVE, description="Whether it may apply (default: ACTIVE)."
    )


@strawberry.input(description="Changes to a discount (absent: unchanged; null clears).")
class DiscountUpdateInput:
    """A discount's changes; the result is checked whole."""

    id: strawberry.ID = strawberry.field(description="The `Discount` ID.")
    code: str | None = strawberry.field(default=strawberry.UNSET, description="The new code.")
    name: str | None = strawberry.field(default=None, description="The new name.")
    is_automatic: bool | None = strawberry.field(
        default=None, description="Whether it applies without a code."
    )
    kind: DiscountKindValue | None = strawberry.field(default=None, description="The new kind.")
    value: MinorUnits | None = strawberry.field(default=None, description="The new value.")
    currency: str | None = strawberry.field(
        default=strawberry.UNSET, description="The new currency; null removes it."
    )
    target: DiscountTargetValue | None = strawberry.field(
        default=None, description="The new target."
    )
    target_ids: list[strawberry.ID] | None = strawberry.field(
        default=None, description="The new target IDs, replacing them all."
    )
    min_subtotal: MinorUnits | None = strawberry.field(
        default=strawberry.UNSET, description="The new minimum; null removes it."
    )
    usage_limit: int | None = strawberry.field(
        default=strawberry.UNSET, description="The new limit; null removes it."
    )
    usage_limit_per_customer: int | None = strawberry.field(
        default=strawberry.UNSET, description="The new per-customer limit; null removes it."
    )
    starts_at: datetime | None = strawberry.field(
        default=strawberry.UNSET, description="The new start; null removes it."
    )
    ends_at: datetime | None = strawberry.field(
        default=strawberry.UNSET, description="The new end; null removes it."
    )
    combinable: bool | None = strawberry.field(
        default=None, description="Whether it combines with other combinable discounts."
    )
    status: DiscountStatusValue | None = strawberry.field(
        default=None, description="The new status."
    )


def _target_id(global_id: str) -> uuid.UUID:
    try:
        kind, local = decode_global_id(global_id)
        if kind not in _TARGET_TYPES:
            raise ValueError(f"{global_id!r} is a {kind} ID, not a Product or ProductCategory ID")
        return uuid.UUID(local)
    except ValueError as error:
        raise ValidationFailed(str(error), field="targetIds") from None


def _kind(value: DiscountKindValue) -> DiscountKind:
    return "fixed" if value is DiscountKindValue.FIXED else "percentage"


def _target(value: DiscountTargetValue) -> DiscountTarget:
    if value is DiscountTargetValue.PRODUCTS:
        return "products"
    return "categories" if value is DiscountTargetValue.CATEGORIES else "order"


def _status(value: DiscountStatusValue) -> DiscountStatus:
    return "disabled" if value is DiscountStatusValue.DISABLED else "active"


def _code(value: str | None) -> str | None:
    return None if value is None else normal_code(value)


def discount_spec(given: DiscountCreateInput) -> DiscountSpec:
    """Return the service's whole discount of a create input (VALIDATION for bad IDs)."""
    return DiscountSpec(
        code=_code(given.code),
        name=given.name,
        is_automatic=given.is_automatic,
        kind=_kind(given.kind),
        value=int(given.value),
        currency=given.currency,
        target=_target(given.target),
        target_ids=tuple(_target_id(value) for value in given.target_ids),
        min_subtotal=None if given.min_subtotal is None else int(given.min_subtotal),
        usage_limit=given.usage_limit,
        usage_limit_per_customer=given.usage_limit_per_customer,
        starts_at=given.starts_at,
        ends_at=given.ends_at,
        combinable=given.combinable,
        status=_status(given.status),
    )


def _given(value: T) -> T | Keep:
    """Return KEEP for an input field left out (UNSET), else the value."""
    return KEEP if value is strawberry.UNSET else value


def _unless_none(value: T | None) -> T | Keep:
    return KEEP if value is None else value


def discount_changes(given: DiscountUpdateInput) -> DiscountChanges:
    """Return the service's changes of an update input (VALIDATION for bad IDs)."""
    code: str | Keep | None = KEEP if given.code is strawberry.UNSET else _code(given.code)
    minimum = given.min_subtotal
    return DiscountChanges(
        code=code,
        name=_unless_none(given.name),
        is_automatic=_unless_none(given.is_automatic),
        kind=KEEP if given.kind is None else _kind(given.kind),
        value=KEEP if given.value is None else int(given.value),
        currency=_given(given.currency),
        target=KEEP if given.target is None else _target(given.target),
        target_ids=KEEP
        if given.target_ids is None
        else tuple(_target_id(value) for value in given.target_ids),
        min_subtotal=KEEP
        if minimum is strawberry.UNSET
        else (None if minimum is None else int(minimum)),
        usage_limit=_given(given.usage_limit),
        usage_limit_per_customer=_given(given.usage_limit_per_customer),
        starts_at=_given(given.starts_at),
        ends_at=_given(given.ends_at),
        combinable=_unless_none(given.combinable),
        status=KEEP if given.status is None else _status(given.status),
    )
