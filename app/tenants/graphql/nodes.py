"""``node(id:)`` source of ``Tenant``: the request's own tenant; any tenant to platform admins."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import select

from app.auth.permissions import MANAGE_TENANTS
from app.registry import NodeSource
from app.runtime import Context
from app.tenants.graphql.types import Tenant
from app.tenants.models import TenantRow

__all__ = ["TENANT_NODES"]


async def _tenants(ctx: Context, ids: list[uuid.UUID]) -> Sequence[Tenant | None]:
    if ctx.principal.has_permission(MANAGE_TENANTS, None):
        visible = set(ids)
    else:
        visible = {ctx.tenant.id} & set(ids) if ctx.tenant is not None else set()
    if not visible:
        return [None] * len(ids)
    async with ctx.runtime.db.transaction(readonly=True) as session:
        rows = await session.scalars(select(TenantRow).where(TenantRow.id.in_(visible)))
        found = {row.id: Tenant.from_row(row) for row in rows}
    return [found.get(key) for key in ids]


TENANT_NODES = (NodeSource(type_name="Tenant", load=_tenants),)
