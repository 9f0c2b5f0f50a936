"""The columns of the catalog CSV, and what a file's header may hold.

Product columns repeat on each of the product's rows; ``product_slug`` groups them. Prices are
integer minor units (``1999`` for 19.99 EUR), one column per currency; stock is the count on
hand, one column per warehouse code.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from modules.commerce.options import MAX_OPTIONS

__all__ = [
    "COMPARE_AT",
    "LIST_SEPARATOR",
    "OPTION_COLUMNS",
    "PRICE",
    "PRODUCT_COLUMNS",
    "STOCK",
    "VARIANT_COLUMNS",
    "Header",
    "header_for",
    "option_columns",
    "read_header",
]

PRICE = "price_"
COMPARE_AT = "compare_at_"
STOCK = "stock_"
LIST_SEPARATOR = "|"


def option_columns(number: int) -> tuple[str, str]:
    """Return the name and value columns of the product's option ``number`` (from 1)."""
    return f"option{number}_name", f"option{number}_value"


PRODUCT_COLUMNS: tuple[str, ...] = (
    "product_slug",
    "product_name",
    "status",
    "categories",
    "seo_title",
    "seo_description",
)
OPTION_COLUMNS: tuple[str, ...] = tuple(
    column for number in range(1, MAX_OPTIONS + 1) for column in option_columns(number)
)
VARIANT_COLUMNS: tuple[str, ...] = (
    "sku",
    "variant_title",
    "weight_grams",
    "barcode",
    "tax_class",
    "track_inventory",
    "allow_backorder",
)
REQUIRED = ("product_slug", "sku")


def header_for(currencies: Sequence[str], warehouses: Sequence[str]) -> list[str]:
    """Return the export's header for a shop's currencies and warehouse codes."""
    return [
        *PRODUCT_COLUMNS,
        *OPTION_COLUMNS,
        *VARIANT_COLUMNS,
        *(f"{PRICE}{currency}" for currency in currencies),
        *(f"{COMPARE_AT}{currency}" for currency in currencies),
        *(f"{STOCK}{code}" for code in warehouses),
    ]


@dataclass(frozen=True, slots=True)
class Header:
    """The columns a file holds: a column left out leaves that field of what exists as it is."""

    columns: frozenset[str]
    prices: tuple[str, ...]  # currencies, in the file's order
    compare_at: tuple[str, ...]
    stock: tuple[str, ...]  # warehouse codes

    def has(self, column: str) -> bool:
        """Return whether the file has ``column``."""
        return column in self.columns


def read_header(names: Sequence[str]) -> tuple[Header, list[str]]:
    """Return the header of a file's first row, and what is wrong with it (empty when fine)."""
    known = {*PRODUCT_COLUMNS, *OPTION_COLUMNS, *VARIANT_COLUMNS}
    problems = [f"the file has no {column} column" for column in REQUIRED if column not in names]
    prices, compare_at, stock = [], [], []
    for name in names:
        if name.startswith(PRICE) and len(name) > len(PRICE):
            prices.append(name.removeprefix(PRICE))
        elif name.startswith(COMPARE_AT) and len(name) > len(COMPARE_AT):
            compare_at.append(name.removeprefix(COMPARE_AT))
        elif name.startswith(STOCK) and len(name) > len(STOCK):
            stock.append(name.removeprefix(STOCK))
        elif name not in known:
            problems.append(f"unknown column {name!r}")
    repeated = sorted({name for name in names if names.count(name) > 1})
    problems += [f"the column {name!r} is given twice" for name in repeated]
    header = Header(frozenset(names), tuple(prices), tuple(compare_at), tuple(stock))
    return header, problems
