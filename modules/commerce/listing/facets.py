"""Facet counts of the catalog list: how many of the listed products carry each facet value.

One statement counts every facet the request does not filter on; each filtered facet gets one
more, with its own filter left out. So the number of statements follows the filters given,
never the page size or the catalog's size.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql import Subquery

from modules.commerce.listing.filters import conditions
from modules.commerce.listing.models import ProductFacetRow, ProductListingRow

if TYPE_CHECKING:
    from modules.commerce.listing.lists import ListRequest

__all__ = ["FacetCount", "count_facets"]

_ROW = ProductListingRow
_FACET = ProductFacetRow


@dataclass(frozen=True, slots=True)
class FacetCount:
    """How many listed products carry ``value`` of ``facet`` (``category``, ``option:Size``)."""

    facet: str
    value: str
    count: int


def _counts(
    tenant_id: uuid.UUID,
    currency: str,
    request: ListRequest,
    matches: Subquery | None,
    leave_out: str | None,
) -> Select[str, str, int]:
    listed = select(_ROW.product_id).where(
        _ROW.tenant_id == tenant_id,
        _ROW.currency == currency,
        _ROW.status == "active",
        *conditions(request, leave_out),
    )
    if matches is not None:
        listed = listed.join(matches, matches.c.doc_id == _ROW.product_id)
    return (
        select(_FACET.facet, _FACET.value, func.count())
        .where(
            _FACET.tenant_id == tenant_id,
            _FACET.currency == currency,
            _FACET.product_id.in_(listed),
        )
        .group_by(_FACET.facet, _FACET.value)
    )


async def count_facets(
    session: AsyncSession,
    tenant_id: uuid.UUID,
    currency: str,
    request: ListRequest,
    matches: Subquery | None,
) -> list[FacetCount]:
    """Return the counts of every facet value among the listed products, most common first."""
    filtered = ["category"] if request.category_ids else []
    filtered += [f"option:{option.name}" for option in request.options]
    statements = [_counts(tenant_id, currency, request, matches, None)]
    if filtered:
        statements[0] = statements[0].where(_FACET.facet.not_in(filtered))
    statements += [
        _counts(tenant_id, currency, request, matches, name).where(_FACET.facet == name)
        for name in filtered
    ]
    found: list[FacetCount] = []
    for statement in statements:
        rows = await session.execute(statement)
        found += [FacetCount(facet, value, int(count)) for facet, value, count in rows]
    return sorted(
        found, key=lambda item: (item.facet != "category", item.facet, -item.count, item.value)
    )
