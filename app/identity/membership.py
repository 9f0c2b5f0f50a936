"""Memberships and role grants within a tenant."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.db import set_tenant
from app.errors import NotFound
from app.events.emit import emit
from app.identity.events import (
    ROLE_ASSIGNED,
    ROLE_CREATED,
    USER_ADDED,
    RoleAssigned,
    RoleCreated,
    UserAdded,
)
from app.identity.models import MembershipRoleRow, MembershipRow, RoleRow, UserRow
from app.identity.roles import BUILTIN_ROLES
from app.ids import new_id
from app.runtime import Context

__all__ = ["ensure_builtin_roles", "grant_role"]


async def ensure_builtin_roles(ctx: Context, session: AsyncSession, tenant_id: uuid.UUID) -> None:
    """Create the tenant's built-in roles that are missing (idempotent)."""
    await set_tenant(session, tenant_id)
    existing = set(
        await session.scalars(
            select(RoleRow.name).where(RoleRow.tenant_id == tenant_id, RoleRow.is_builtin.is_(True))
        )
    )
    now = ctx.runtime.clock.now()
    for builtin in BUILTIN_ROLES:
        if builtin.name in existing:
            continue
        role = RoleRow(
            tenant_id=tenant_id,
            id=new_id(),
            name=builtin.name,
            description=builtin.description,
            is_builtin=True,
            created_at=now,
        )
        session.add(role)
        await session.flush()
        payload = RoleCreated(role_id=str(role.id), name=role.name)
        await emit(ctx, session, ROLE_CREATED, payload, aggregate_id=role.id, tenant_id=tenant_id)


async def grant_role(
    ctx: Context, tenant_id: uuid.UUID, user_id: uuid.UUID, role_name: str
) -> bool:
    """Make the user a member (if needed) holding ``role_name``; return whether it changed."""
    async with ctx.runtime.db.transaction(tenant_id) as session:
        if await session.get(UserRow, user_id) is None:
            raise NotFound("no such user", field="user")
        await ensure_builtin_roles(ctx, session, tenant_id)
        role = await session.scalar(
            select(RoleRow).where(RoleRow.tenant_id == tenant_id, RoleRow.name == role_name)
        )
        if role is None:
            raise NotFound(f"no role named {role_name!r} in this tenant", field="role")
        changed = await _ensure_membership(ctx, session, tenant_id, user_id, role.id)
        held = await session.get(MembershipRoleRow, (tenant_id, user_id, role.id))
        if held is None:
            session.add(MembershipRoleRow(tenant_id=tenant_id, user_id=user_id, role_id=role.id))
            payload = RoleAssigned(role_id=str(role.id), user_id=str(user_id))
            await emit(
                ctx, session, ROLE_ASSIGNED, payload, aggregate_id=role.id, tenant_id=tenant_id
            )
            changed = True
    ctx.runtime.identity.forget_user(user_id)
    return changed


async def _ensure_membership(
    ctx: Context,
    session: AsyncSession,
    tenant_id: uuid.UUID,
    user_id: uuid.UUID,
    role_id: uuid.UUID,
) -> bool:
    if await session.get(MembershipRow, (tenant_id, user_id)) is not None:
        return False
    session.add(
        MembershipRow(tenant_id=tenant_id, user_id=user_id, created_at=ctx.runtime.clock.now())
    )
    payload = UserAdded(user_id=str(user_id), role_ids=[str(role_id)])
    await emit(ctx, session, USER_ADDED, payload, aggregate_id=user_id, tenant_id=tenant_id)
    return True
