"""``node(id:)`` for ``CustomerAddress``, ``CustomerGroup`` and ``CommerceCustomer``.

Holders of ``commerce.view_customers`` get any of them; a signed-in customer gets their own
addresses, and null for another's, as for an unknown id.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import select

from app.registry import NodeSource
from app.runtime import Context
from modules.commerce.cart_rules import caller_customer
from modules.commerce.customer_models import AddressBookRow
from modules.commerce.graphql.address_book_types import CustomerAddress
from modules.commerce.graphql.customer_loaders import customers_by_id, groups_by_id
from modules.commerce.graphql.customer_types import CommerceCustomer, CustomerGroup
from modules.commerce.permissions import VIEW_CUSTOMERS

__all__ = ["CUSTOMER_NODES"]


def _is_staff(ctx: Context) -> bool:
    return ctx.principal.has_permission(VIEW_CUSTOMERS, ctx.require_tenant().id)


async def _addresses(ctx: Context, ids: list[uuid.UUID]) -> Sequence[CustomerAddress | None]:
    tenant_id = ctx.require_tenant().id
    customer = caller_customer(ctx, tenant_id)
    if customer is None and not _is_staff(ctx):
        return [None] * len(ids)
    statement = select(AddressBookRow).where(
        AddressBookRow.tenant_id == tenant_id, AddressBookRow.id.in_(ids)
    )
    if not _is_staff(ctx):
        statement = statement.where(AddressBookRow.customer_id == customer)
    async with ctx.runtime.db.transaction(tenant_id, readonly=True) as session:
        found = {row.id: row for row in await session.scalars(statement)}
    return [CustomerAddress.from_row(found[key]) if key in found else None for key in ids]


async def _groups(ctx: Context, ids: list[uuid.UUID]) -> Sequence[CustomerGroup | None]:
    if not _is_staff(ctx):
        return [None] * len(ids)
    rows = await groups_by_id(ctx).load_many(ids)
    return [None if row is None else CustomerGroup.from_row(row) for row in rows]


async def _customers(ctx: Context, ids: list[uuid.UUID]) -> Sequence[CommerceCustomer | None]:
    if not _is_staff(ctx):
        return [None] * len(ids)
    rows = await customers_by_id(ctx).load_many(ids)
    return [None if row is None else CommerceCustomer.from_row(row) for row in rows]


CUSTOMER_NODES = (
    NodeSource(type_name="CustomerAddress", load=_addresses),
    NodeSource(type_name="CustomerGroup", load=_groups),
    NodeSource(type_name="CommerceCustomer", load=_customers),
)
