"""Customer reads: the signed-in customer's ``myAddresses``; staff's ``commerceCustomer`` and
``customerGroups``.
"""

from __future__ import annotations

from typing import Annotated

import strawberry
from sqlalchemy import Select, select

from app.graphql.context import Info
from app.graphql.directives import authenticated, guarded
from app.graphql.global_ids import local_id
from app.graphql.relay import After, First, PageRequest, paginate
from app.graphql.types import Connection
from modules.commerce.cart_rules import caller_customer
from modules.commerce.customer_models import CustomerGroupRow
from modules.commerce.graphql.address_book_types import CustomerAddress
from modules.commerce.graphql.customer_loaders import addresses_by_customer, customers_by_id
from modules.commerce.graphql.customer_types import CommerceCustomer, CustomerGroup
from modules.commerce.permissions import VIEW_CUSTOMERS

__all__ = ["CustomerQuery"]


@strawberry.type(description="Commerce's customer reads.")
class CustomerQuery:
    """Customer reads."""

    @strawberry.field(
        description=(
            "The signed-in customer's address book, oldest first (at most 50); empty for a "
            "caller who is not a customer of the shop."
        ),
        directives=authenticated(),
    )
    async def my_addresses(self, info: Info) -> list[CustomerAddress]:
        """List the customer's addresses."""
        ctx = info.context
        customer = caller_customer(ctx, ctx.require_tenant().id)
        if customer is None:
            return []  # anyone but a customer of the shop has no book: empty, as for myOrders
        rows = await addresses_by_customer(ctx).load(customer)
        return [CustomerAddress.from_row(row) for row in rows]

    @strawberry.field(
        description="A customer of the shop with their address book and groups; null if none.",
        directives=guarded(VIEW_CUSTOMERS),
    )
    async def commerce_customer(
        self,
        info: Info,
        customer_id: Annotated[
            strawberry.ID, strawberry.argument(description="The `Customer` ID.")
        ],
    ) -> CommerceCustomer | None:
        """Find a customer (staff)."""
        ctx = info.context
        row = await customers_by_id(ctx).load(local_id(customer_id, "Customer", "customerId"))
        return CommerceCustomer.from_row(row) if row else None

    @strawberry.field(
        description="The shop's customer groups, oldest first.",
        directives=guarded(VIEW_CUSTOMERS),
    )
    async def customer_groups(
        self, info: Info, first: First = None, after: After = None
    ) -> Connection[CustomerGroup]:
        """Page through the groups."""
        ctx = info.context
        page = PageRequest.from_arguments(
            first=first,
            after=after,
            max_size=ctx.runtime.settings.max_page_size,
        )
        tenant_id = ctx.require_tenant().id
        every: Select[tuple[CustomerGroupRow]] = select(CustomerGroupRow)
        statement = every.where(CustomerGroupRow.tenant_id == tenant_id)
        async with ctx.runtime.db.transaction(tenant_id, readonly=True) as session:
            return await paginate(
                session,
                statement,
                CustomerGroupRow.id,
                page,
                CustomerGroup.from_row,
                lambda row: row.id,
            )
