"""Product options (``Size``, ``Colour``) with ordered values, and the value each variant picks.

A product declares up to 3 options; each variant picks exactly one value per option, and no
two variants of a product pick the same combination.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.errors import ErrorCode, FieldProblem
from app.ids import new_id
from modules.commerce.models import OptionRow, OptionValueRow

__all__ = [
    "MAX_OPTIONS",
    "OptionInput",
    "OptionValues",
    "SelectedOption",
    "create_options",
    "load_option_values",
    "option_problems",
    "selection_problems",
]

MAX_OPTIONS = 3
MAX_VALUES = 100
MAX_LENGTH = 100

# ``{option name: {value: option value id}}`` of one product.
OptionValues = Mapping[str, Mapping[str, uuid.UUID]]


@dataclass(frozen=True, slots=True)
class OptionInput:
    """An option and its values, in order."""

    name: str
    values: Sequence[str]


@dataclass(frozen=True, slots=True)
class SelectedOption:
    """The value a variant picks for one option."""

    name: str
    value: str


def _problem(message: str, field: str) -> FieldProblem:
    return FieldProblem(ErrorCode.VALIDATION, message, field)


def _is_label(text: str) -> bool:
    return 1 <= len(text) <= MAX_LENGTH and text == text.strip()


def _values_problems(option: OptionInput, field: str) -> list[FieldProblem]:
    found: list[FieldProblem] = []
    if not 1 <= len(option.values) <= MAX_VALUES:
        found.append(_problem(f"give 1 to {MAX_VALUES} values", f"{field}.values"))
    seen: set[str] = set()
    for number, value in enumerate(option.values):
        if not _is_label(value) or value in seen:
            message = f"a distinct value of 1 to {MAX_LENGTH} characters, no outer spaces"
            found.append(_problem(message, f"{field}.values.{number}"))
        seen.add(value)
    return found


def option_problems(options: Sequence[OptionInput]) -> list[FieldProblem]:
    """Return what is wrong with a product's options (input path ``options``)."""
    found: list[FieldProblem] = []
    if len(options) > MAX_OPTIONS:
        found.append(_problem(f"at most {MAX_OPTIONS} options", "options"))
    names: set[str] = set()
    for number, option in enumerate(options):
        if not _is_label(option.name) or option.name in names:
            message = f"a distinct name of 1 to {MAX_LENGTH} characters, no outer spaces"
            found.append(_problem(message, f"options.{number}.name"))
        names.add(option.name)
        found += _values_problems(option, f"options.{number}")
    return found


def selection_problems(
    selected: Sequence[SelectedOption], options: OptionValues, field: str
) -> list[FieldProblem]:
    """Return what is wrong with a variant's picks: one known value per option, no more."""
    found: list[FieldProblem] = []
    picked: set[str] = set()
    for number, choice in enumerate(selected):
        values = options.get(choice.name)
        if values is None or choice.name in picked:
            message = f"{choice.name!r} is not an option of the product, or is picked twice"
            found.append(_problem(message, f"{field}.{number}.name"))
        elif choice.value not in values:
            message = f"{choice.value!r} is not a value of {choice.name!r}"
            found.append(_problem(message, f"{field}.{number}.value"))
        picked.add(choice.name)
    missing = [name for name in options if name not in picked]
    if missing and not found:
        found.append(_problem(f"pick a value for {', '.join(missing)}", field))
    return found


async def create_options(
    session: AsyncSession,
    tenant_id: uuid.UUID,
    product_id: uuid.UUID,
    options: Sequence[OptionInput],
) -> dict[str, dict[str, uuid.UUID]]:
    """Write a new product's options and values; return their ids by name and value."""
    found: dict[str, dict[str, uuid.UUID]] = {}
    for position, option in enumerate(options):
        option_id = new_id()
        session.add(
            OptionRow(
                tenant_id=tenant_id,
                id=option_id,
                product_id=product_id,
                name=option.name,
                position=position,
            )
        )
        found[option.name] = {}
        for value_position, value in enumerate(option.values):
            value_id = new_id()
            found[option.name][value] = value_id
            session.add(
                OptionValueRow(
                    tenant_id=tenant_id,
                    id=value_id,
                    option_id=option_id,
                    product_id=product_id,
                    value=value,
                    position=value_position,
                )
            )
    await session.flush()
    return found


async def load_option_values(
    session: AsyncSession, tenant_id: uuid.UUID, product_id: uuid.UUID
) -> dict[str, dict[str, uuid.UUID]]:
    """Return a product's option value ids by option name and value, in position order."""
    rows = await session.execute(
        select(OptionRow.name, OptionValueRow.value, OptionValueRow.id)
        .join(
            OptionValueRow,
            (OptionValueRow.tenant_id == OptionRow.tenant_id)
            & (OptionValueRow.option_id == OptionRow.id),
        )
        .where(OptionRow.tenant_id == tenant_id, OptionRow.product_id == product_id)
        .order_by(OptionRow.position, OptionValueRow.position)
    )
    found: dict[str, dict[str, uuid.UUID]] = {}
    for name, value, value_id in rows:
        found.setdefault(name, {})[value] = value_id
    return found
