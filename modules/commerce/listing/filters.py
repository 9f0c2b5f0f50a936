"""The filters of the catalog list, as conditions on listing rows (facets through ``EXISTS``).

A facet's counts leave its own filter out (``leave_out``), so a shopper sees how many products
each other value of that facet would give.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import ColumnElement, exists, select

from modules.commerce.listing.models import ProductFacetRow, ProductListingRow

if TYPE_CHECKING:
    from modules.commerce.listing.lists import ListRequest

__all__ = ["OptionFilter", "conditions"]

_ROW = ProductListingRow
_FACET = ProductFacetRow


@dataclass(frozen=True, slots=True)
class OptionFilter:
    """Products offering one of ``values`` of the option ``name``."""

    name: str
    values: Sequence[str]


def _facet(values: Sequence[str], name: str) -> ColumnElement[bool]:
    return exists(
        select(_FACET.product_id).where(
            _FACET.tenant_id == _ROW.tenant_id,
            _FACET.currency == _ROW.currency,
            _FACET.product_id == _ROW.product_id,
            _FACET.facet == name,
            _FACET.value.in_(list(values)),
        )
    )


def conditions(request: ListRequest, leave_out: str | None = None) -> list[ColumnElement[bool]]:
    """Return the request's filters as conditions, but the facet ``leave_out``'s own."""
    found: list[ColumnElement[bool]] = []
    if request.category_ids and leave_out != "category":
        found.append(_facet([str(value) for value in request.category_ids], "category"))
    found += [
        _facet(option.values, f"option:{option.name}")
        for option in request.options
        if f"option:{option.name}" != leave_out
    ]
    if request.price_min is not None:
        found.append(_ROW.min_amount >= request.price_min)
    if request.price_max is not None:
        found.append(_ROW.min_amount <= request.price_max)
    if request.in_stock is not None:
        found.append(_ROW.is_in_stock == request.in_stock)
    return found
