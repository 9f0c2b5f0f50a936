"""Tax reads for the admin: the tax classes, and the rates page by page."""

from __future__ import annotations

from typing import Annotated

import strawberry
from sqlalchemy import Select, select

from app.graphql.context import Info
from app.graphql.directives import guarded
from app.graphql.global_ids import local_id
from app.graphql.relay import After, First, PageRequest, paginate
from app.graphql.types import Connection
from modules.commerce.graphql.tax_types import TaxClass, TaxRate
from modules.commerce.permissions import MANAGE_TAXES
from modules.commerce.tax_models import TaxClassRow, TaxRateRow

__all__ = ["TaxQuery"]


@strawberry.type(description="Tax reads.")
class TaxQuery:
    """Tax queries."""

    @strawberry.field(
        description="Every tax class, by code (a shop has a handful).",
        directives=guarded(MANAGE_TAXES),
    )
    async def tax_classes(self, info: Info) -> list[TaxClass]:
        """List the tax classes."""
        ctx = info.context
        tenant_id = ctx.require_tenant().id
        async with ctx.runtime.db.transaction(tenant_id, readonly=True) as session:
            rows = await session.scalars(
                select(TaxClassRow)
                .where(TaxClassRow.tenant_id == tenant_id)
                .order_by(TaxClassRow.code)
            )
            return [TaxClass.from_row(row) for row in rows]

    @strawberry.field(
        description="Tax rates, oldest first (of one class or country, if given).",
        directives=guarded(MANAGE_TAXES),
    )
    async def tax_rates(
        self,
        info: Info,
        tax_class_id: Annotated[
            strawberry.ID | None, strawberry.argument(description="Only this `TaxClass`'s rates.")
        ] = None,
        country: Annotated[
            str | None, strawberry.argument(description="Only rates in this country (`DE`).")
        ] = None,
        first: First = None,
        after: After = None,
    ) -> Connection[TaxRate]:
        """Page through the rates."""
        ctx = info.context
        page = PageRequest.from_arguments(
            first=first,
            after=after,
            max_size=ctx.runtime.settings.max_page_size,
        )
        tenant_id = ctx.require_tenant().id
        every: Select[tuple[TaxRateRow]] = select(TaxRateRow)
        statement = every.where(TaxRateRow.tenant_id == tenant_id)
        if tax_class_id is not None:
            class_id = local_id(tax_class_id, "TaxClass", "taxClassId")
            statement = statement.where(TaxRateRow.tax_class_id == class_id)
        if country is not None:
            statement = statement.where(TaxRateRow.country == country.upper())
        async with ctx.runtime.db.transaction(tenant_id, readonly=True) as session:
            return await paginate(
                session, statement, TaxRateRow.id, page, TaxRate.from_row, lambda row: row.id
            )
