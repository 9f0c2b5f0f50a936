"""A file's rows grouped by product, and the problems found, each named by its line."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from app.errors import ErrorCode

__all__ = ["ProductRows", "Row", "RowProblem", "group_rows"]


@dataclass(frozen=True, slots=True)
class Row:
    """One data row: the line it starts on (the header is line 1) and its cells by column."""

    line: int
    cells: Mapping[str, str]
    extra_cells: int = 0  # cells past the header's columns


@dataclass(frozen=True, slots=True)
class RowProblem:
    """What is wrong at a line (and column): a typed error's code and message."""

    line: int
    column: str | None
    message: str
    code: ErrorCode = ErrorCode.VALIDATION

    def __str__(self) -> str:
        where = f"line {self.line}" + (f", {self.column}" if self.column else "")
        return f"{where}: {self.code.value}: {self.message}"


@dataclass(slots=True)
class ProductRows:
    """The rows of one product (by ``product_slug``), and problems found across the file."""

    slug: str
    rows: list[Row] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)


def group_rows(rows: Iterable[Row]) -> tuple[list[ProductRows], list[RowProblem]]:
    """Group rows by product slug, in the order products first appear.

    Returns the products (a SKU given on an earlier line is a problem of the later line's
    product) and the problems of rows that belong to no product (no slug).
    """
    products: dict[str, ProductRows] = {}
    orphans: list[RowProblem] = []
    skus: dict[str, int] = {}
    for row in rows:
        slug = row.cells.get("product_slug", "").strip()
        if not slug:
            orphans.append(RowProblem(row.line, "product_slug", "give the product's slug"))
            continue
        group = products.setdefault(slug, ProductRows(slug))
        group.rows.append(row)
        if row.extra_cells:
            message = f"{row.extra_cells} more cells than the header has columns"
            group.problems.append(RowProblem(row.line, None, message))
        sku = row.cells.get("sku", "").strip()
        if not sku:
            group.problems.append(RowProblem(row.line, "sku", "give the variant's SKU"))
        elif sku in skus:
            message = f"the SKU {sku!r} is also on line {skus[sku]}"
            group.problems.append(RowProblem(row.line, "sku", message, ErrorCode.CONFLICT))
        else:
            skus[sku] = row.line
    return list(products.values()), orphans
