"""What price lists add to commerce's schema: the list query, mutations, type and node."""

from __future__ import annotations

from typing import Annotated

import strawberry
from sqlalchemy import Select, select

from app.graphql.context import Info
from app.graphql.directives import guarded
from app.graphql.relay import After, First, PageRequest, paginate
from app.graphql.types import Connection
from modules.commerce.graphql.mutations.price_list_create import PriceListCreateMutation
from modules.commerce.graphql.mutations.price_list_delete import PriceListDeleteMutation
from modules.commerce.graphql.mutations.price_list_entries_set import (
    PriceListEntriesSetMutation,
)
from modules.commerce.graphql.mutations.price_list_update import PriceListUpdateMutation
from modules.commerce.graphql.price_list_types import PRICE_LIST_NODES, PriceList
from modules.commerce.permissions import MANAGE_PRICES
from modules.commerce.price_list_models import PriceListRow

__all__ = ["PRICE_LIST_MUTATIONS", "PRICE_LIST_NODES", "PriceListQuery"]


@strawberry.type(description="Price list reads.")
class PriceListQuery:
    """Price list queries."""

    @strawberry.field(
        description="The shop's price lists, oldest first (in a currency, if given).",
        directives=guarded(MANAGE_PRICES),
    )
    async def price_lists(
        self,
        info: Info,
        currency: Annotated[
            str | None, strawberry.argument(description="Only lists in this currency.")
        ] = None,
        first: First = None,
        after: After = None,
    ) -> Connection[PriceList]:
        """Page through the lists."""
        ctx = info.context
        page = PageRequest.from_arguments(
            first=first,
            after=after,
            max_size=ctx.runtime.settings.max_page_size,
        )
        tenant_id = ctx.require_tenant().id
        every: Select[tuple[PriceListRow]] = select(PriceListRow)
        statement = every.where(PriceListRow.tenant_id == tenant_id)
        if currency is not None:
            statement = statement.where(PriceListRow.currency == currency)
        async with ctx.runtime.db.transaction(tenant_id, readonly=True) as session:
            return await paginate(
                session, statement, PriceListRow.id, page, PriceList.from_row, lambda row: row.id
            )


PRICE_LIST_MUTATIONS = (
    PriceListCreateMutation,
    PriceListUpdateMutation,
    PriceListDeleteMutation,
    PriceListEntriesSetMutation,
)
