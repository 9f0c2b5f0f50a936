"""Request DataLoaders of commerce's customer data: books, groups, customers, member pages.

Each loads a whole batch in one query (member pages in two), so a page of groups with their
members, or of members with their addresses and groups, costs the same whatever its size.
"""

from __future__ import annotations

import uuid
from collections import defaultdict

from sqlalchemy import select
from strawberry.dataloader import DataLoader

from app.graphql.loaders import request_loader, rows_by_id
from app.graphql.relay import Grouping
from app.identity.customer_models import CustomerRow
from app.runtime import Context
from modules.commerce.customer_models import (
    AddressBookRow,
    CustomerGroupMemberRow,
    CustomerGroupRow,
)

__all__ = [
    "MEMBERS",
    "addresses_by_customer",
    "customers_by_id",
    "groups_by_customer",
    "groups_by_id",
]

MEMBERS = Grouping(
    model=CustomerGroupMemberRow,
    key=CustomerGroupMemberRow.customer_id,
    parent=CustomerGroupMemberRow.customer_group_id,
    key_of=lambda row: row.customer_id,
    parent_of=lambda row: row.customer_group_id,
)


def addresses_by_customer(ctx: Context) -> DataLoader[uuid.UUID, list[AddressBookRow]]:
    """Return the request's loader of each customer's addresses, oldest first."""

    async def load(keys: list[uuid.UUID]) -> list[list[AddressBookRow]]:
        tenant_id = ctx.require_tenant().id
        found: dict[uuid.UUID, list[AddressBookRow]] = defaultdict(list)
        async with ctx.runtime.db.transaction(tenant_id, readonly=True) as session:
            rows = await session.scalars(
                select(AddressBookRow)
                .where(AddressBookRow.tenant_id == tenant_id, AddressBookRow.customer_id.in_(keys))
                .order_by(AddressBookRow.id)
            )
            for row in rows:
                found[row.customer_id].append(row)
        return [found[key] for key in keys]

    return request_loader(ctx, "commerce.addresses_by_customer", load)


def groups_by_customer(ctx: Context) -> DataLoader[uuid.UUID, list[CustomerGroupRow]]:
    """Return the request's loader of the groups each customer is in, by code."""

    async def load(keys: list[uuid.UUID]) -> list[list[CustomerGroupRow]]:
        tenant_id = ctx.require_tenant().id
        found: dict[uuid.UUID, list[CustomerGroupRow]] = defaultdict(list)
        async with ctx.runtime.db.transaction(tenant_id, readonly=True) as session:
            rows = await session.execute(
                select(CustomerGroupMemberRow.customer_id, CustomerGroupRow)
                .join(
                    CustomerGroupRow,
                    (CustomerGroupRow.tenant_id == CustomerGroupMemberRow.tenant_id)
                    & (CustomerGroupRow.id == CustomerGroupMemberRow.customer_group_id),
                )
                .where(
                    CustomerGroupMemberRow.tenant_id == tenant_id,
                    CustomerGroupMemberRow.customer_id.in_(keys),
                )
                .order_by(CustomerGroupRow.code)
            )
            for customer_id, group in rows:
                found[customer_id].append(group)
        return [found[key] for key in keys]

    return request_loader(ctx, "commerce.groups_by_customer", load)


def groups_by_id(ctx: Context) -> DataLoader[uuid.UUID, CustomerGroupRow | None]:
    """Return the request's loader of customer groups by id."""
    return rows_by_id(ctx, CustomerGroupRow, "commerce.customer_groups_by_id")


def customers_by_id(ctx: Context) -> DataLoader[uuid.UUID, CustomerRow | None]:
    """Return the request's loader of the shop's customers by id."""
    return rows_by_id(ctx, CustomerRow, "commerce.customers_by_id")
