"""``node(id:)`` sources of identity's types, each as visible as through its own queries.

- ``User``: the signed-in user themself, or, to a holder of ``core.manage_users``, a member of
  the request's tenant (as ``members`` shows them).
- ``Role``: the tenant's roles, to a holder of ``core.manage_roles``.
- ``ApiKey``: the tenant's keys, to a holder of ``core.manage_api_keys``.
- ``Customer``: the signed-in customer's own profile only.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import select

from app.auth.permissions import MANAGE_API_KEYS, MANAGE_ROLES, MANAGE_USERS
from app.auth.principal import CustomerPrincipal, UserPrincipal
from app.identity.customer_models import CustomerRow
from app.identity.graphql.api_keys import ApiKey
from app.identity.graphql.customer_types import CustomerProfile
from app.identity.graphql.roles import Role
from app.identity.graphql.types import User
from app.identity.models import ApiKeyRow, MembershipRow, RoleRow, UserRow
from app.identity.role_admin import role_views
from app.registry import NodeSource, Permission
from app.runtime import Context

__all__ = ["IDENTITY_NODES"]


def _may(ctx: Context, permission: Permission) -> bool:
    return ctx.tenant is not None and ctx.principal.has_permission(permission, ctx.tenant.id)


async def _users(ctx: Context, ids: list[uuid.UUID]) -> Sequence[User | None]:
    principal = ctx.principal
    own = principal.user_id if isinstance(principal, UserPrincipal) else None
    visible = {own} & set(ids)
    async with ctx.runtime.db.transaction(
        ctx.tenant.id if ctx.tenant else None, readonly=True
    ) as session:
        if ctx.tenant is not None and _may(ctx, MANAGE_USERS):
            members = await session.scalars(
                select(MembershipRow.user_id).where(
                    MembershipRow.tenant_id == ctx.tenant.id, MembershipRow.user_id.in_(ids)
                )
            )
            visible |= set(members)
        found = {
            row.id: User.from_row(row)
            for row in await session.scalars(select(UserRow).where(UserRow.id.in_(visible)))
        }
    return [found.get(key) for key in ids]


async def _roles(ctx: Context, ids: list[uuid.UUID]) -> Sequence[Role | None]:
    if ctx.tenant is None or not _may(ctx, MANAGE_ROLES):
        return [None] * len(ids)
    tenant_id = ctx.tenant.id
    async with ctx.runtime.db.transaction(tenant_id, readonly=True) as session:
        rows = (
            await session.scalars(
                select(RoleRow).where(RoleRow.tenant_id == tenant_id, RoleRow.id.in_(ids))
            )
        ).all()
        views = await role_views(ctx, session, tenant_id, rows)
    found = {view.id: Role.from_view(view) for view in views}
    return [found.get(key) for key in ids]


async def _api_keys(ctx: Context, ids: list[uuid.UUID]) -> Sequence[ApiKey | None]:
    if ctx.tenant is None or not _may(ctx, MANAGE_API_KEYS):
        return [None] * len(ids)
    tenant_id = ctx.tenant.id
    async with ctx.runtime.db.transaction(tenant_id, readonly=True) as session:
        rows = await session.scalars(
            select(ApiKeyRow).where(ApiKeyRow.tenant_id == tenant_id, ApiKeyRow.id.in_(ids))
        )
        found = {row.id: ApiKey.from_row(row) for row in rows}
    return [found.get(key) for key in ids]


async def _customers(ctx: Context, ids: list[uuid.UUID]) -> Sequence[CustomerProfile | None]:
    principal = ctx.principal
    if not isinstance(principal, CustomerPrincipal) or principal.customer_id not in ids:
        return [None] * len(ids)
    async with ctx.runtime.db.transaction(principal.tenant_id, readonly=True) as session:
        row = await session.scalar(
            select(CustomerRow).where(
                CustomerRow.tenant_id == principal.tenant_id,
                CustomerRow.id == principal.customer_id,
            )
        )
    profile = CustomerProfile.from_row(row) if row is not None else None
    return [profile if key == principal.customer_id else None for key in ids]


IDENTITY_NODES = (
    NodeSource(type_name="User", load=_users),
    NodeSource(type_name="Role", load=_roles),
    NodeSource(type_name="ApiKey", load=_api_keys),
    NodeSource(type_name="Customer", load=_customers),
)
