"""Discount reads for staff: the discounts, newest first, searched by code or name."""

from __future__ import annotations

from typing import Annotated

import strawberry
from sqlalchemy import Select, or_, select

from app.graphql.context import Info
from app.graphql.directives import guarded
from app.graphql.relay import After, First, PageRequest, paginate
from app.graphql.types import Connection
from modules.commerce.discount_models import DiscountRow
from modules.commerce.graphql.discount_types import Discount, DiscountStatusValue
from modules.commerce.permissions import MANAGE_DISCOUNTS

__all__ = ["DiscountQuery"]


@strawberry.type(description="Discount reads.")
class DiscountQuery:
    """Discount queries."""

    @strawberry.field(
        description="The shop's discounts, oldest first (matching a search or status, if given).",
        directives=guarded(MANAGE_DISCOUNTS),
    )
    async def discounts(
        self,
        info: Info,
        search: Annotated[
            str | None,
            strawberry.argument(description="Only discounts whose code or name contains this."),
        ] = None,
        status: Annotated[
            DiscountStatusValue | None,
            strawberry.argument(description="Only discounts in this status."),
        ] = None,
        first: First = None,
        after: After = None,
    ) -> Connection[Discount]:
        """Page through the discounts."""
        ctx = info.context
        page = PageRequest.from_arguments(
            first=first,
            after=after,
            max_size=ctx.runtime.settings.max_page_size,
        )
        tenant_id = ctx.require_tenant().id
        every: Select[tuple[DiscountRow]] = select(DiscountRow)
        statement = every.where(DiscountRow.tenant_id == tenant_id)
        if search is not None and search.strip():
            pattern = f"%{search.strip()}%"
            statement = statement.where(
                or_(DiscountRow.code.ilike(pattern), DiscountRow.name.ilike(pattern))
            )
        if status is not None:
            statement = statement.where(DiscountRow.status == status.value)
        async with ctx.runtime.db.transaction(tenant_id, readonly=True) as session:
            return await paginate(
                session, statement, DiscountRow.id, page, Discount.from_row, lambda row: row.id
            )
