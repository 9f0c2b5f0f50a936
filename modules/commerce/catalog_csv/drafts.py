"""Reading a product's rows into a draft: every cell checked, every problem named by its line.

A draft is what the rows ask for; the services check it against the shop when it is applied.
An empty cell in a column the file has leaves that field as it is, except ``categories`` and
the SEO texts (empty clears them) and prices (empty removes that currency's price).
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from app.errors import ErrorCode
from modules.commerce.catalog_csv.columns import (
    COMPARE_AT,
    LIST_SEPARATOR,
    PRICE,
    STOCK,
    Header,
    option_columns,
)
from modules.commerce.catalog_csv.problems import ProductRows, Row, RowProblem
from modules.commerce.options import MAX_OPTIONS, OptionInput, SelectedOption
from modules.commerce.product_rules import ProductStatus
from modules.commerce.variant_rules import VariantFields

__all__ = ["CatalogNames", "ProductDraft", "VariantDraft", "read_product"]

_WHOLE = re.compile(r"^[0-9]+$")
_NEGATIVE = re.compile(r"^-[0-9]+(\.[0-9]*)?$")
_FRACTION = re.compile(r"^[0-9]*\.[0-9]+$|^[0-9]+\.$")
_BOOLEANS = {"true": True, "yes": True, "1": True, "false": False, "no": False, "0": False}


@dataclass(frozen=True, slots=True)
class CatalogNames:
    """What cells name by a readable key: categories by path, tax classes and warehouses by code."""

    categories: Mapping[str, uuid.UUID]
    tax_classes: Mapping[str, uuid.UUID]
    warehouses: Mapping[str, uuid.UUID]


@dataclass(slots=True)
class VariantDraft:
    """One row's variant: its fields, its prices (None: the currency's cell is empty), stock."""

    line: int
    fields: VariantFields
    prices: dict[str, int | None] = field(default_factory=dict)
    compare_at: dict[str, int | None] = field(default_factory=dict)
    stock: dict[str, int] = field(default_factory=dict)  # warehouse code → on hand


@dataclass(slots=True)
class ProductDraft:
    """A product's rows as one product: its own fields (None: leave as is) and its variants."""

    slug: str
    line: int
    name: str | None = None
    status: ProductStatus | None = None
    category_ids: list[uuid.UUID] | None = None
    seo_title: str | None = None
    seo_description: str | None = None
    option_names: list[str] | None = None
    variants: list[VariantDraft] = field(default_factory=list)

    def options(self) -> list[OptionInput]:
        """Return the options with their values in the order the rows first pick them."""
        values: dict[str, list[str]] = {name: [] for name in self.option_names or ()}
        for variant in self.variants:
            for choice in variant.fields.option_values or ():
                if choice.value not in values[choice.name]:
                    values[choice.name].append(choice.value)
        return [OptionInput(name, tuple(found)) for name, found in values.items()]


@dataclass(slots=True)
class _Reader:
    header: Header
    names: CatalogNames
    problems: list[RowProblem] = field(default_factory=list)

    def refuse(self, row: Row, column: str, message: str, code: ErrorCode) -> None:
        self.problems.append(RowProblem(row.line, column, message, code))

    def whole(self, row: Row, column: str, what: str) -> int | None:
        cell = row.cells.get(column, "").strip()
        if not cell:
            return None
        if _WHOLE.match(cell):
            return int(cell)
        if _NEGATIVE.match(cell):
            message = f"{cell!r} is negative: give {what} of 0 or more"
        elif _FRACTION.match(cell):
            message = f"{cell!r} is fractional: give {what} as a whole number"
        else:
            message = f"{cell!r} is not a number: give {what} as a whole number"
        self.refuse(row, column, message, ErrorCode.VALIDATION)
        return None

    def boolean(self, row: Row, column: str) -> bool | None:
        cell = row.cells.get(column, "").strip().lower()
        if cell and cell not in _BOOLEANS:
            self.refuse(row, column, f"{cell!r} is not true or false", ErrorCode.VALIDATION)
        return _BOOLEANS.get(cell)

    def named(
        self, row: Row, column: str, table: Mapping[str, uuid.UUID], what: str
    ) -> uuid.UUID | None:
        cell = row.cells.get(column, "").strip()
        if cell and cell not in table:
            self.refuse(row, column, f"no {what} {cell!r}", ErrorCode.NOT_FOUND)
        return table.get(cell)


def _product_cell(reader: _Reader, rows: Sequence[Row], column: str) -> str | None:
    """Return the first non-empty cell of ``column``; a later different one is a problem."""
    if not reader.header.has(column):
        return None
    first: Row | None = None
    for row in rows:
        cell = row.cells.get(column, "").strip()
        if not cell:
            continue
        if first is None:
            first = row
        elif cell != first.cells[column].strip():
            message = f"differs from line {first.line} of the same product"
            reader.refuse(row, column, message, ErrorCode.VALIDATION)
    return "" if first is None else first.cells[column].strip()


def _product_fields(reader: _Reader, group: ProductRows, draft: ProductDraft) -> None:
    rows, first = group.rows, group.rows[0]
    draft.name = _product_cell(reader, rows, "product_name") or None
    status = _product_cell(reader, rows, "status")
    if status:
        known = [item.value for item in ProductStatus]
        if status in known:
            draft.status = ProductStatus(status)
        else:
            message = f"{status!r} is not a status: {', '.join(known)}"
            reader.refuse(first, "status", message, ErrorCode.VALIDATION)
    draft.seo_title = _product_cell(reader, rows, "seo_title")
    draft.seo_description = _product_cell(reader, rows, "seo_description")
    categories = _product_cell(reader, rows, "categories")
    if categories is not None:
        paths = [path.strip() for path in categories.split(LIST_SEPARATOR) if path.strip()]
        for path in paths:
            if path not in reader.names.categories:
                message = f"no category with the path {path!r}"
                reader.refuse(first, "categories", message, ErrorCode.NOT_FOUND)
        draft.category_ids = [
            reader.names.categories[p] for p in paths if p in reader.names.categories
        ]
    _option_names(reader, group, draft)


def _option_names(reader: _Reader, group: ProductRows, draft: ProductDraft) -> None:
    names: list[str] = []
    present = False
    for number in range(1, MAX_OPTIONS + 1):
        column = option_columns(number)[0]
        present = present or reader.header.has(column)
        name = _product_cell(reader, group.rows, column)
        if name and len(names) < number - 1:
            message = f"name option {number - 1} before option {number}"
            reader.refuse(group.rows[0], column, message, ErrorCode.VALIDATION)
        if name:
            names.append(name)
    draft.option_names = names if present else None


def _picks(reader: _Reader, row: Row, names: Sequence[str] | None) -> list[SelectedOption] | None:
    if names is None:
        return None
    picks = []
    for number in range(1, MAX_OPTIONS + 1):
        column = option_columns(number)[1]
        value = row.cells.get(column, "").strip()
        if number <= len(names) and not value:
            reader.refuse(row, column, f"pick a value of {names[number - 1]}", ErrorCode.VALIDATION)
        elif number > len(names) and value:
            reader.refuse(row, column, f"the product has no option {number}", ErrorCode.VALIDATION)
        elif value:
            picks.append(SelectedOption(names[number - 1], value))
    return picks


def _variant(reader: _Reader, row: Row, names: Sequence[str] | None) -> VariantDraft:
    header, cells = reader.header, row.cells
    title = cells.get("variant_title", "").strip()
    fields = VariantFields(
        sku=cells["sku"].strip(),
        title=title or None,
        option_values=_picks(reader, row, names),
        weight_grams=reader.whole(row, "weight_grams", "a weight in grams"),
        barcode=cells.get("barcode", "").strip() or None,
        tax_class_id=reader.named(row, "tax_class", reader.names.tax_classes, "tax class"),
        track_inventory=reader.boolean(row, "track_inventory"),
        allow_backorder=reader.boolean(row, "allow_backorder"),
    )
    draft = VariantDraft(row.line, fields)
    for currency in header.prices:
        draft.prices[currency] = reader.whole(row, f"{PRICE}{currency}", "a price in minor units")
    for currency in header.compare_at:
        column = f"{COMPARE_AT}{currency}"
        draft.compare_at[currency] = reader.whole(row, column, "a price in minor units")
    for code in header.stock:
        column = f"{STOCK}{code}"
        count = reader.whole(row, column, "a quantity")
        if count is not None and code not in reader.names.warehouses:
            reader.refuse(row, column, f"no warehouse {code!r}", ErrorCode.NOT_FOUND)
        elif count is not None:
            draft.stock[code] = count
    return draft


def read_product(
    group: ProductRows, header: Header, names: CatalogNames
) -> tuple[ProductDraft, list[RowProblem]]:
    """Return the draft of one product's rows and every problem its cells have."""
    reader = _Reader(header, names)
    draft = ProductDraft(slug=group.slug, line=group.rows[0].line)
    _product_fields(reader, group, draft)
    draft.variants = [_variant(reader, row, draft.option_names) for row in group.rows]
    return draft, reader.problems
