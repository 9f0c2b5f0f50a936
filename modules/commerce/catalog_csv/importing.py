"""Importing one product's rows: all of it through the catalog's services, in one transaction.

The product is created (with its options, variants and prices) or updated by slug, its
variants updated or added by SKU, their prices merged per currency column and their stock
counted per warehouse column. Each service checks and emits as it does for GraphQL; their
writes share one transaction (:meth:`app.db.Database.shared_transaction`), so a product with
any refused row is not written at all, and every row's problems are reported, not the first.
A dry run does all of it and rolls the transaction back.
"""

from __future__ import annotations

import enum
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, replace

from app.errors import ErrorCode, FieldProblem, UserInputError
from app.runtime import Context
from modules.commerce.catalog_csv.columns import STOCK, Header, option_columns
from modules.commerce.catalog_csv.drafts import (
    CatalogNames,
    ProductDraft,
    VariantDraft,
    read_product,
)
from modules.commerce.catalog_csv.fields import product_problem, variant_problem
from modules.commerce.catalog_csv.lookups import ExistingProduct, find_existing
from modules.commerce.catalog_csv.problems import ProductRows, RowProblem
from modules.commerce.inventory import StockAdjustment, adjust_stock
from modules.commerce.prices import PriceInput
from modules.commerce.product_rules import ProductFields
from modules.commerce.products import create_product, update_product
from modules.commerce.variants import create_variant, set_variant_prices, update_variant

__all__ = ["Outcome", "ProductResult", "import_product"]

NOTE = "CSV import"


class Outcome(enum.Enum):
    """What became of a product's rows."""

    CREATED = "created"
    UPDATED = "updated"
    FAILED = "failed"


@dataclass(frozen=True, slots=True)
class ProductResult:
    """A product's outcome, with its rows' problems when it failed."""

    slug: str
    outcome: Outcome
    rows: int
    problems: list[RowProblem] = field(default_factory=list)


class _Refused(Exception):
    def __init__(self, problems: list[RowProblem]) -> None:
        super().__init__(f"{len(problems)} problems")
        self.problems = problems


class _RolledBack(Exception):
    def __init__(self, outcome: Outcome) -> None:
        super().__init__(outcome.value)
        self.outcome = outcome


@dataclass(slots=True)
class _Unit:
    """One product's writes: the problems the services raised so far."""

    ctx: Context
    draft: ProductDraft
    problems: list[RowProblem] = field(default_factory=list)

    async def call(
        self, write: Awaitable[object], place: Callable[[FieldProblem], RowProblem]
    ) -> bool:
        try:
            await write
        except UserInputError as error:
            self.problems += [place(problem) for problem in error.problems]
            return False
        return True


def _prices(given: dict[str, int | None]) -> list[PriceInput]:
    return [
        PriceInput(amount, currency) for currency, amount in given.items() if amount is not None
    ]


def _place_product(draft: ProductDraft) -> Callable[[FieldProblem], RowProblem]:
    return lambda problem: product_problem(problem, draft)


def _place_variant(
    variant: VariantDraft, prices: list[PriceInput]
) -> Callable[[FieldProblem], RowProblem]:
    currencies = [price.currency for price in prices]
    return lambda problem: variant_problem(problem, variant, currencies)


async def _create(unit: _Unit) -> None:
    draft = unit.draft
    variants = [
        replace(
            variant.fields,
            prices=_prices(variant.prices),
            compare_at_prices=_prices(variant.compare_at),
        )
        for variant in draft.variants
    ]
    fields = ProductFields(
        name=draft.name,
        slug=draft.slug,
        status=draft.status,
        seo_title=draft.seo_title,
        seo_description=draft.seo_description,
        category_ids=draft.category_ids,
        options=draft.options(),
        variants=variants,
    )
    await unit.call(create_product(unit.ctx, fields), _place_product(draft))


def _merged(
    variant: VariantDraft, current: dict[str, tuple[int, int | None]]
) -> tuple[list[PriceInput], list[PriceInput]]:
    """Return the prices after the row: its currencies' cells over what the variant has."""
    amounts: dict[str, int | None] = {c: amount for c, (amount, _was) in current.items()}
    amounts.update(variant.prices)
    was: dict[str, int | None] = {c: compare for c, (_amount, compare) in current.items()}
    was.update(variant.compare_at)
    prices = _prices(amounts)
    priced = {price.currency for price in prices}
    return prices, _prices({c: a for c, a in was.items() if c in priced})


async def _update_variant(unit: _Unit, existing: ExistingProduct, variant: VariantDraft) -> None:
    sku = variant.fields.sku or ""
    variant_id = existing.variants[sku]
    fields = replace(variant.fields, prices=None, compare_at_prices=())
    await unit.call(update_variant(unit.ctx, variant_id, fields), _place_variant(variant, []))
    if not variant.prices and not variant.compare_at:
        return
    prices, compare_at = _merged(variant, existing.prices.get(variant_id, {}))
    write = set_variant_prices(unit.ctx, variant_id, prices, compare_at)
    await unit.call(write, _place_variant(variant, prices))


async def _update(unit: _Unit, existing: ExistingProduct, product_id: uuid.UUID) -> None:
    draft = unit.draft
    if draft.option_names is not None and draft.option_names != existing.option_names:
        message = (
            f"the product's options are {', '.join(existing.option_names) or 'none'}; "
            "an import does not change them"
        )
        problem = RowProblem(draft.line, option_columns(1)[0], message, ErrorCode.CONFLICT)
        raise _Refused([problem])
    fields = ProductFields(
        name=draft.name,
        status=draft.status,
        seo_title=draft.seo_title,
        seo_description=draft.seo_description,
        category_ids=draft.category_ids,
    )
    await unit.call(update_product(unit.ctx, product_id, fields), _place_product(draft))
    for variant in draft.variants:
        if variant.fields.sku in existing.variants:
            await _update_variant(unit, existing, variant)
            continue
        prices = _prices(variant.prices)
        fields_with_prices = replace(
            variant.fields, prices=prices, compare_at_prices=_prices(variant.compare_at)
        )
        write = create_variant(unit.ctx, product_id, fields_with_prices)
        await unit.call(write, _place_variant(variant, prices))


def _place_stock(variant: VariantDraft, code: str) -> Callable[[FieldProblem], RowProblem]:
    column = f"{STOCK}{code}"
    return lambda problem: RowProblem(variant.line, column, problem.message, problem.code)


async def _count_stock(unit: _Unit, names: CatalogNames) -> None:
    draft = unit.draft
    if not any(variant.stock for variant in draft.variants):
        return
    skus = [variant.fields.sku or "" for variant in draft.variants]
    existing = await find_existing(unit.ctx, draft.slug, skus)
    for variant in draft.variants:
        variant_id = existing.variants.get(variant.fields.sku or "")
        if variant_id is None:
            continue  # refused above
        for code, count in variant.stock.items():
            change = StockAdjustment(
                variant_id=variant_id, warehouse_id=names.warehouses[code], on_hand=count, note=NOTE
            )
            await unit.call(adjust_stock(unit.ctx, change), _place_stock(variant, code))


async def _write(unit: _Unit, names: CatalogNames) -> Outcome:
    draft = unit.draft
    skus = [variant.fields.sku or "" for variant in draft.variants]
    existing = await find_existing(unit.ctx, draft.slug, skus)
    taken = [
        RowProblem(
            variant.line,
            "sku",
            f"the SKU {variant.fields.sku!r} belongs to the product {existing.elsewhere[sku]!r}",
            ErrorCode.CONFLICT,
        )
        for variant, sku in zip(draft.variants, skus, strict=True)
        if sku in existing.elsewhere
    ]
    if taken:
        raise _Refused(taken)
    if existing.id is None:
        await _create(unit)
    else:
        await _update(unit, existing, existing.id)
    if not unit.problems:
        await _count_stock(unit, names)
    if unit.problems:
        raise _Refused(sorted(unit.problems, key=lambda problem: problem.line))
    return Outcome.CREATED if existing.id is None else Outcome.UPDATED


async def import_product(
    ctx: Context, group: ProductRows, header: Header, names: CatalogNames, *, dry_run: bool
) -> ProductResult:
    """Create or update one product from its rows; nothing of it is written if any row fails."""
    draft, problems = read_product(group, header, names)
    problems = sorted(group.problems + problems, key=lambda problem: problem.line)
    if problems:
        return ProductResult(group.slug, Outcome.FAILED, len(group.rows), problems)
    try:
        async with ctx.runtime.db.shared_transaction(ctx.require_tenant().id):
            outcome = await _write(_Unit(ctx, draft), names)
            if dry_run:
                raise _RolledBack(outcome)
    except _Refused as refused:
        return ProductResult(group.slug, Outcome.FAILED, len(group.rows), refused.problems)
    except _RolledBack as rolled_back:
        outcome = rolled_back.outcome
    return ProductResult(group.slug, outcome, len(group.rows))
