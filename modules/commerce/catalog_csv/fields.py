"""From a service's refusal back to the file: the input path of a problem → a line and column."""

from __future__ import annotations

from collections.abc import Sequence

from app.errors import FieldProblem
from modules.commerce.catalog_csv.columns import COMPARE_AT, PRICE, option_columns
from modules.commerce.catalog_csv.drafts import ProductDraft, VariantDraft
from modules.commerce.catalog_csv.problems import RowProblem

__all__ = ["product_problem", "variant_problem"]

_PRODUCT: dict[str, str | None] = {
    "name": "product_name",
    "slug": "product_slug",
    "status": "status",
    "categoryIds": "categories",
    "seo": "seo_title",
    "description": None,
    "variants": None,
    "id": None,
}
_VARIANT = {
    "sku": "sku",
    "title": "variant_title",
    "weightGrams": "weight_grams",
    "barcode": "barcode",
    "taxClassId": "tax_class",
    "trackInventory": "track_inventory",
    "allowBackorder": "allow_backorder",
}


def _given(prices: dict[str, int | None]) -> list[str]:
    return [currency for currency, amount in prices.items() if amount is not None]


def _variant_column(
    path: Sequence[str], variant: VariantDraft, currencies: Sequence[str]
) -> str | None:
    head = path[0] if path else ""
    number = int(path[1]) if len(path) > 1 and path[1].isdigit() else None
    if head == "optionValues":
        return option_columns((number or 0) + 1)[1]
    if head in {"prices", "compareAtPrices"}:
        prefix = PRICE if head == "prices" else COMPARE_AT
        listed = currencies if head == "prices" else _given(variant.compare_at)
        if number is not None and number < len(listed):
            return f"{prefix}{listed[number]}"
        return None
    if head in {"seo", "onHand", "onHandDelta"}:
        return None
    return _VARIANT.get(head, head or None)


def variant_problem(
    problem: FieldProblem, variant: VariantDraft, currencies: Sequence[str]
) -> RowProblem:
    """Return a variant service's problem at the variant's line; ``currencies`` as given."""
    path = (problem.field or "").split(".")
    column = _variant_column(path, variant, currencies)
    return RowProblem(variant.line, column, problem.message, problem.code)


def product_problem(problem: FieldProblem, draft: ProductDraft) -> RowProblem:
    """Return a product service's problem at its line: a variant's, or the product's first."""
    path = (problem.field or "").split(".")
    if path[0] == "variants" and len(path) > 2 and path[1].isdigit():
        variant = draft.variants[int(path[1])]
        return variant_problem(
            FieldProblem(problem.code, problem.message, ".".join(path[2:])),
            variant,
            _given(variant.prices),
        )
    if path[0] == "options" and len(path) > 1 and path[1].isdigit():
        named = option_columns(int(path[1]) + 1)[0 if path[-1] == "name" else 1]
        return RowProblem(draft.line, named, problem.message, problem.code)
    column = _PRODUCT.get(path[0], path[0] or None)
    if problem.field == "seo.description":
        column = "seo_description"
    return RowProblem(draft.line, column, problem.message, problem.code)
