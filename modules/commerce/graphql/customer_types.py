"""GraphQL ``CustomerGroup`` and ``CommerceCustomer``: groups, and a customer as staff see them.

Both are given only to holders of ``commerce.view_customers`` (``customerGroups``,
``commerceCustomer``, ``node``); a group returned by a ``commerce.manage_customers`` mutation
shows its ``members`` only to those who may also view customers.
"""

from __future__ import annotations

import uuid
from datetime import datetime

import strawberry
from sqlalchemy import Select, select
from strawberry.dataloader import DataLoader

from app.graphql.context import Info
from app.graphql.directives import guarded
from app.graphql.loaders import request_loader
from app.graphql.relay import After, First, PageRequest, paginate_groups
from app.graphql.types import Connection, Edge, MinorUnits, Money, Node
from app.identity.customer_models import CustomerRow
from app.ids import encode_global_id
from app.runtime import Context
from modules.commerce.customer_models import CustomerGroupMemberRow, CustomerGroupRow
from modules.commerce.graphql.address_book_types import CustomerAddress
from modules.commerce.graphql.customer_loaders import (
    MEMBERS,
    addresses_by_customer,
    customers_by_id,
    groups_by_customer,
)
from modules.commerce.graphql.customer_order_loaders import order_pages, order_stats, orders_by_id
from modules.commerce.graphql.order_types import Order
from modules.commerce.permissions import VIEW_CUSTOMERS, VIEW_ORDERS

__all__ = ["CommerceCustomer", "CustomerGroup"]


@strawberry.type(description="A storefront customer as the shop's staff see them in commerce.")
class CommerceCustomer(Node):
    """A customer: who they are, their address book and groups."""

    customer_id: strawberry.ID = strawberry.field(description="The core `Customer` ID.")
    email: str = strawberry.field(description="The sign-in e-mail, lowercased.")
    display_name: str = strawberry.field(description="The name the storefront greets with.")
    created_at: datetime = strawberry.field(description="When the account was created.")
    row: strawberry.Private[CustomerRow]

    @strawberry.field(description="The customer's address book, oldest first (at most 50).")
    async def addresses(self, info: Info) -> list[CustomerAddress]:
        """Load the book (one batch for a page of customers)."""
        rows = await addresses_by_customer(info.context).load(self.row.id)
        return [CustomerAddress.from_row(row) for row in rows]

    @strawberry.field(description="The groups the customer is in, by code.")
    async def groups(self, info: Info) -> list[CustomerGroup]:
        """Load the groups (one batch for a page of customers)."""
        rows = await groups_by_customer(info.context).load(self.row.id)
        return [CustomerGroup.from_row(row) for row in rows]

    @strawberry.field(description="How many orders the customer placed, whatever their state.")
    async def order_count(self, info: Info) -> int:
        """Count the orders (one batch for a page of customers, from the order list)."""
        return (await order_stats(info.context).load(self.row.id)).count

    @strawberry.field(
        description=(
            "What the customer's orders that are paid or later (paid, partially refunded, "
            "refunded) total, one amount per currency, by code; refunds are not taken off."
        )
    )
    async def total_spent(self, info: Info) -> list[Money]:
        """Sum the settled orders (one batch for a page of customers, from the order list)."""
        stats = await order_stats(info.context).load(self.row.id)
        return [
            Money(amount=MinorUnits(amount), currency=code) for code, amount in stats.spent.items()
        ]

    @strawberry.field(
        description="The customer's orders, newest first.", directives=guarded(VIEW_ORDERS)
    )
    async def orders(
        self, info: Info, first: First = None, after: After = None
    ) -> Connection[Order]:
        """Page through the orders (one batch for a page of customers)."""
        ctx = info.context
        page = PageRequest.from_arguments(
            first=first,
            after=after,
            max_size=ctx.runtime.settings.max_page_size,
        )
        listed = await order_pages(ctx, page).load(self.row.id)
        rows = await orders_by_id(ctx).load_many([edge.node.order_id for edge in listed.edges])
        edges = [
            Edge(cursor=edge.cursor, node=Order.from_row(row))
            for edge, row in zip(listed.edges, rows, strict=True)
            if row is not None  # an order gone whose list row the projection has yet to drop
        ]
        return Connection(edges=edges, page_info=listed.page_info, total_count=listed.total_count)

    @classmethod
    def from_row(cls, row: CustomerRow) -> CommerceCustomer:
        """Build from a core customer row."""
        return cls(
            id=strawberry.ID(encode_global_id("CommerceCustomer", row.id)),
            customer_id=strawberry.ID(encode_global_id("Customer", row.id)),
            email=row.email,
            display_name=row.display_name,
            created_at=row.created_at,
            row=row,
        )


def _member_pages(ctx: Context, page: PageRequest) -> DataLoader[uuid.UUID, Connection[uuid.UUID]]:
    async def load(keys: list[uuid.UUID]) -> list[Connection[uuid.UUID]]:
        tenant_id = ctx.require_tenant().id
        every: Select[tuple[CustomerGroupMemberRow]] = select(CustomerGroupMemberRow)
        statement = every.where(CustomerGroupMemberRow.tenant_id == tenant_id)
        async with ctx.runtime.db.transaction(tenant_id, readonly=True) as session:
            return await paginate_groups(
                session, statement, MEMBERS, keys, page, lambda row: row.customer_id
            )

    return request_loader(ctx, f"commerce.member_pages:{page}", load)


async def _customers(ctx: Context, ids: Connection[uuid.UUID]) -> Connection[CommerceCustomer]:
    rows = await customers_by_id(ctx).load_many([edge.node for edge in ids.edges])
    edges = [
        Edge(cursor=edge.cursor, node=CommerceCustomer.from_row(row))
        for edge, row in zip(ids.edges, rows, strict=True)
        if row is not None  # a membership cascades with its customer
    ]
    return Connection(edges=edges, page_info=ids.page_info, total_count=ids.total_count)


@strawberry.type(
    description="A group of customers (`wholesale`): price lists and discounts name one."
)
class CustomerGroup(Node):
    """A customer group."""

    code: str = strawberry.field(description="The code, unique in the shop (`wholesale`).")
    name: str = strawberry.field(description="The name, unique in the shop.")
    row: strawberry.Private[CustomerGroupRow]

    @strawberry.field(
        description="The group's members, oldest account first.",
        directives=guarded(VIEW_CUSTOMERS),
    )
    async def members(
        self, info: Info, first: First = None, after: After = None
    ) -> Connection[CommerceCustomer]:
        """Page through the members (one batch for a page of groups)."""
        ctx = info.context
        page = PageRequest.from_arguments(
            first=first,
            after=after,
            max_size=ctx.runtime.settings.max_page_size,
        )
        return await _customers(ctx, await _member_pages(ctx, page).load(self.row.id))

    @classmethod
    def from_row(cls, row: CustomerGroupRow) -> CustomerGroup:
        """Build from a group row."""
        return cls(
            id=strawberry.ID(encode_global_id("CustomerGroup", row.id)),
            code=row.code,
            name=row.name,
            row=row,
        )
