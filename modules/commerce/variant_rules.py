"""What a variant must satisfy before it is written: SKU, title, weight, picks, prices.

The checks are pure (every problem at once, each naming its input path) except the two that
look at the tenant's rows: SKUs taken by other variants, and option combinations taken by a
product's other variants.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.errors import ErrorCode, FieldProblem
from modules.commerce.models import VariantOptionValueRow, VariantRow
from modules.commerce.options import OptionValues, SelectedOption, selection_problems
from modules.commerce.prices import PriceInput, price_problems
from modules.commerce.settings import CommerceSettings

__all__ = [
    "MAX_VARIANTS",
    "VariantFields",
    "combination_of",
    "load_combinations",
    "taken_skus",
    "variant_problems",
]

MAX_VARIANTS = 100
MAX_WEIGHT_GRAMS = 1_000_000_000
SKU = re.compile(r"^\S{1,100}$")


@dataclass(frozen=True, slots=True, kw_only=True)
class VariantFields:
    """A variant's fields; on update, None leaves one as it is (an empty barcode clears it)."""

    sku: str | None = None
    title: str | None = None
    option_values: Sequence[SelectedOption] | None = None
    prices: Sequence[PriceInput] | None = None
    compare_at_prices: Sequence[PriceInput] = ()
    weight_grams: int | None = None
    barcode: str | None = None
    track_inventory: bool | None = None
    allow_backorder: bool | None = None
    tax_class_id: uuid.UUID | None = None


def _problem(message: str, field: str) -> FieldProblem:
    return FieldProblem(ErrorCode.VALIDATION, message, field)


def _field_problems(fields: VariantFields, at: str) -> list[FieldProblem]:
    found: list[FieldProblem] = []
    if fields.sku is not None and not SKU.match(fields.sku):
        found.append(_problem("1 to 100 characters without spaces", f"{at}sku"))
    if fields.title is not None and not 1 <= len(fields.title.strip()) <= 300:
        found.append(_problem("a title of 1 to 300 characters", f"{at}title"))
    weight = fields.weight_grams
    if weight is not None and not 0 <= weight <= MAX_WEIGHT_GRAMS:
        found.append(_problem("a weight of 0 grams or more (a whole number)", f"{at}weightGrams"))
    if fields.barcode is not None and len(fields.barcode) > 100:
        found.append(_problem("at most 100 characters", f"{at}barcode"))
    return found


def variant_problems(
    fields: VariantFields,
    options: OptionValues,
    settings: CommerceSettings,
    at: str = "",
    *,
    is_new: bool,
) -> list[FieldProblem]:
    """Return what is wrong with a variant's fields; ``at`` prefixes paths (``variants.0.``)."""
    found = _field_problems(fields, at)
    if is_new and fields.sku is None:
        found.append(_problem("give a SKU", f"{at}sku"))
    if fields.option_values is not None or is_new:
        found += selection_problems(fields.option_values or (), options, f"{at}optionValues")
    if fields.prices is not None or is_new:
        found += price_problems(
            fields.prices or (),
            fields.compare_at_prices,
            settings,
            f"{at}prices",
            f"{at}compareAtPrices",
        )
    return found


def combination_of(
    selected: Sequence[SelectedOption], options: OptionValues
) -> frozenset[uuid.UUID]:
    """Return the option value ids a (checked) selection picks."""
    return frozenset(options[choice.name][choice.value] for choice in selected)


async def taken_skus(
    session: AsyncSession,
    tenant_id: uuid.UUID,
    skus: Iterable[str],
    exclude: uuid.UUID | None = None,
) -> set[str]:
    """Return which of ``skus`` other variants of the tenant already carry."""
    statement = select(VariantRow.sku).where(
        VariantRow.tenant_id == tenant_id, VariantRow.sku.in_(list(skus))
    )
    if exclude is not None:
        statement = statement.where(VariantRow.id != exclude)
    return set(await session.scalars(statement))


async def load_combinations(
    session: AsyncSession, tenant_id: uuid.UUID, product_id: uuid.UUID
) -> dict[uuid.UUID, frozenset[uuid.UUID]]:
    """Return the option value ids each variant of the product picks."""
    rows = await session.execute(
        select(VariantRow.id, VariantOptionValueRow.option_value_id)
        .outerjoin(
            VariantOptionValueRow,
            (VariantOptionValueRow.tenant_id == VariantRow.tenant_id)
            & (VariantOptionValueRow.variant_id == VariantRow.id),
        )
        .where(VariantRow.tenant_id == tenant_id, VariantRow.product_id == product_id)
    )
    found: dict[uuid.UUID, set[uuid.UUID]] = {}
    for variant_id, value_id in rows:
        picks = found.setdefault(variant_id, set())
        if value_id is not None:
            picks.add(value_id)
    return {variant_id: frozenset(picks) for variant_id, picks in found.items()}
