"""Base prices: a variant's amount per currency, checked against the currencies the tenant sells.

Every variant has a price in the tenant's default currency and optionally in its other
currencies (ADR 0003: integer minor units, no conversion). Checks return every problem at once,
each naming its input path (``variants.0.prices.1.currency``).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.errors import ErrorCode, FieldProblem
from app.money import MAX_AMOUNT, is_currency
from modules.commerce.models import PriceRow
from modules.commerce.settings import CommerceSettings

__all__ = ["PriceInput", "load_prices", "price_problems", "replace_prices"]


@dataclass(frozen=True, slots=True)
class PriceInput:
    """An amount in minor units of ``currency``, as a mutation gives it."""

    amount: int
    currency: str


def _problem(message: str, field: str) -> FieldProblem:
    return FieldProblem(ErrorCode.VALIDATION, message, field)


def _currency_problem(currency: str, settings: CommerceSettings, field: str) -> FieldProblem | None:
    if not is_currency(currency):
        return _problem(f"{currency!r} is not an ISO 4217 currency code (e.g. USD)", field)
    if currency not in settings.currencies:
        sold = ", ".join(settings.currencies)
        return _problem(f"the shop does not sell in {currency}; it sells in {sold}", field)
    return None


def _list_problems(
    prices: Sequence[PriceInput], settings: CommerceSettings, field: str
) -> list[FieldProblem]:
    found: list[FieldProblem] = []
    seen: set[str] = set()
    for number, price in enumerate(prices):
        at = f"{field}.{number}"
        if not 0 <= price.amount <= MAX_AMOUNT:
            found.append(_problem("an amount of at least 0 minor units", f"{at}.amount"))
        problem = _currency_problem(price.currency, settings, f"{at}.currency")
        if problem is None and price.currency in seen:
            problem = _problem(
                f"one price per currency; {price.currency} is repeated", f"{at}.currency"
            )
        if problem is not None:
            found.append(problem)
        seen.add(price.currency)
    return found


def price_problems(
    prices: Sequence[PriceInput],
    compare_at: Sequence[PriceInput],
    settings: CommerceSettings,
    field: str,
    compare_field: str,
) -> list[FieldProblem]:
    """Return what is wrong with a variant's base prices and compare-at prices.

    Args:
        prices: The base prices; one must be in the default currency.
        compare_at: The "was" prices; each in a currency that has a base price.
        settings: The tenant's currencies.
        field: The input path of ``prices`` (``variants.0.prices``).
        compare_field: The input path of ``compare_at``.
    """
    found = _list_problems(prices, settings, field)
    if settings.default_currency not in {price.currency for price in prices}:
        message = f"give a price in the default currency, {settings.default_currency}"
        found.append(_problem(message, field))
    found += _list_problems(compare_at, settings, compare_field)
    priced = {price.currency for price in prices}
    for number, price in enumerate(compare_at):
        if price.currency in settings.currencies and price.currency not in priced:
            message = f"a compare-at price needs a price in {price.currency}"
            found.append(_problem(message, f"{compare_field}.{number}.currency"))
    return found


async def load_prices(
    session: AsyncSession, tenant_id: uuid.UUID, variant_id: uuid.UUID
) -> dict[str, tuple[int, int | None]]:
    """Return a variant's prices: ``{currency: (amount, compare_at_amount)}``."""
    rows = await session.scalars(
        select(PriceRow).where(PriceRow.tenant_id == tenant_id, PriceRow.variant_id == variant_id)
    )
    return {row.currency: (row.amount, row.compare_at_amount) for row in rows}


async def replace_prices(
    session: AsyncSession,
    tenant_id: uuid.UUID,
    variant_id: uuid.UUID,
    prices: Sequence[PriceInput],
    compare_at: Sequence[PriceInput],
) -> None:
    """Make the variant's prices exactly ``prices`` (checked already), with ``compare_at``."""
    await session.execute(
        delete(PriceRow).where(PriceRow.tenant_id == tenant_id, PriceRow.variant_id == variant_id)
    )
    was = {price.currency: price.amount for price in compare_at}
    session.add_all(
        PriceRow(
            tenant_id=tenant_id,
            variant_id=variant_id,
            currency=price.currency,
            amount=price.amount,
            compare_at_amount=was.get(price.currency),
        )
        for price in prices
    )
