"""The signed-in user: ``me``."""

from __future__ import annotations

import strawberry
from sqlalchemy import select

from app.auth.principal import UserPrincipal
from app.errors import Unauthenticated
from app.graphql.context import Info
from app.graphql.directives import authenticated
from app.identity.access import member_permissions
from app.identity.graphql.types import Me, Membership, User
from app.identity.models import MembershipRow, UserRow
from app.tenants.graphql.types import Tenant
from app.tenants.models import TenantRow, TenantStatus

__all__ = ["IdentityQuery"]


@strawberry.type(description="Identity reads.")
class IdentityQuery:
    """The caller."""

    @strawberry.field(
        description="The signed-in user with every membership, its roles and permissions.",
        directives=authenticated(),
    )
    async def me(self, info: Info) -> Me:
        """Describe the caller."""
        context = info.context
        principal = context.principal
        if not isinstance(principal, UserPrincipal):
            raise Unauthenticated("`me` describes a signed-in user; API keys have no `me`")
        runtime = context.runtime
        async with runtime.db.transaction(readonly=True) as session:
            user = await session.get(UserRow, principal.user_id)
            if user is None:
                raise Unauthenticated("the account no longer exists")
            tenants = (
                await session.scalars(
                    select(TenantRow)
                    .join(MembershipRow, MembershipRow.tenant_id == TenantRow.id)
                    .where(
                        MembershipRow.user_id == user.id,
                        TenantRow.status == TenantStatus.ACTIVE.value,
                    )
                    .order_by(TenantRow.slug)
                )
            ).all()
            memberships = []
            for tenant in tenants:
                roles, granted = await member_permissions(
                    session, runtime.registry, tenant.id, user.id
                )
                memberships.append(
                    Membership(
                        tenant=Tenant.from_row(tenant), roles=roles, permissions=sorted(granted)
                    )
                )
        return Me(user=User.from_row(user), memberships=memberships)
