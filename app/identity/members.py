"""A tenant's members: adding existing users, removing them, assigning and unassigning roles.

Two rules hold across these operations. A tenant that has an owner keeps one: removing the last
owner (or their owner role) is a CONFLICT; the owner role's row is locked while owners change,
so two concurrent removals cannot both pass. And nobody hands out or takes away permissions
they do not hold (:mod:`app.identity.grants`): giving or removing a role, or removing a member,
needs every permission involved. Each write emits its events in its transaction and makes this
process forget the member's cached principals.

Writes lock the role rows they depend on before the membership row, always in that order (no
deadlock between them), so a role assignment cannot outlive a concurrent removal of the member
(assignments grant permissions by themselves) nor point at a concurrently deleted role.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from app.errors import Conflict, FieldProblem, NotFound
from app.events.emit import emit
from app.identity.events import (
    ROLE_ASSIGNED,
    ROLE_UNASSIGNED,
    USER_ADDED,
    USER_REMOVED,
    RoleAssigned,
    RoleUnassigned,
    UserAdded,
    UserRemoved,
)
from app.identity.grants import raise_problems, reach_problems
from app.identity.membership import ensure_builtin_roles
from app.identity.models import MembershipRoleRow, MembershipRow, RoleRow, UserRow
from app.identity.role_admin import RoleView, get_role, role_views
from app.identity.users import find_user_by_email
from app.runtime import Context

__all__ = [
    "OWNER",
    "MemberView",
    "add_member",
    "assign_role",
    "get_member",
    "member_views",
    "remove_member",
    "unassign_role",
]

OWNER = "owner"


@dataclass(frozen=True, slots=True)
class MemberView:
    """A member of a tenant: the user, since when, and the roles held there."""

    user: UserRow
    joined_at: datetime
    roles: tuple[RoleView, ...]

    @property
    def permissions(self) -> frozenset[str]:
        """Return every permission the member's roles grant."""
        return frozenset(name for role in self.roles for name in role.permissions)


async def member_views(
    ctx: Context,
    session: AsyncSession,
    tenant_id: uuid.UUID,
    memberships: Sequence[MembershipRow],
) -> list[MemberView]:
    """Return ``memberships`` with users and roles, in three queries whatever their number."""
    user_ids = [membership.user_id for membership in memberships]
    if not user_ids:
        return []
    users = {
        user.id: user
        for user in await session.scalars(select(UserRow).where(UserRow.id.in_(user_ids)))
    }
    held = (
        await session.execute(
            select(MembershipRoleRow.user_id, RoleRow)
            .join(
                RoleRow,
                (RoleRow.tenant_id == MembershipRoleRow.tenant_id)
                & (RoleRow.id == MembershipRoleRow.role_id),
            )
            .where(
                MembershipRoleRow.tenant_id == tenant_id, MembershipRoleRow.user_id.in_(user_ids)
            )
        )
    ).all()
    rows = {role.id: role for _, role in held}
    views = {
        view.id: view for view in await role_views(ctx, session, tenant_id, list(rows.values()))
    }
    order = {view_id: index for index, view_id in enumerate(views)}
    roles: dict[uuid.UUID, list[RoleView]] = defaultdict(list)
    for user_id, role in held:
        roles[user_id].append(views[role.id])
    return [
        MemberView(
            user=users[membership.user_id],
            joined_at=membership.created_at,
            roles=tuple(sorted(roles[membership.user_id], key=lambda view: order[view.id])),
        )
        for membership in memberships
    ]


async def get_member(
    ctx: Context,
    session: AsyncSession,
    tenant_id: uuid.UUID,
    user_id: uuid.UUID,
    *,
    field: str = "userId",
    for_update: bool = False,
) -> MemberView:
    """Return the member ``user_id`` of the tenant; NotFound at ``field`` if not a member."""
    membership = await session.get(MembershipRow, (tenant_id, user_id), with_for_update=for_update)
    if membership is None:
        raise NotFound("no such member in this tenant", field=field)
    return (await member_views(ctx, session, tenant_id, [membership]))[0]


async def _locked_owner_role(session: AsyncSession, tenant_id: uuid.UUID) -> RoleRow | None:
    found: RoleRow | None = await session.scalar(
        select(RoleRow)
        .where(RoleRow.tenant_id == tenant_id, RoleRow.name == OWNER, RoleRow.is_builtin.is_(True))
        .with_for_update()
    )
    return found


async def _ensure_an_owner_remains(
    session: AsyncSession, tenant_id: uuid.UUID, member: MemberView, field: str
) -> None:
    owner = await _locked_owner_role(session, tenant_id)  # serializes changes of owners
    if owner is None or owner.id not in {role.id for role in member.roles}:
        return
    owners = await session.scalar(
        select(func.count())
        .select_from(MembershipRoleRow)
        .where(MembershipRoleRow.tenant_id == tenant_id, MembershipRoleRow.role_id == owner.id)
    )
    if (owners or 0) <= 1:
        raise Conflict(
            "this is the tenant's last owner: make another member owner first", field=field
        )


def _check_reach(
    ctx: Context, tenant_id: uuid.UUID, role: RoleView, field: str
) -> list[FieldProblem]:
    return reach_problems(ctx, tenant_id, role.permissions, field, f"the role {role.name!r}")


async def _roles_to_add(
    ctx: Context, session: AsyncSession, tenant_id: uuid.UUID, role_names: Sequence[str]
) -> list[RoleView]:
    rows = {
        row.name: row
        for row in await session.scalars(
            select(RoleRow)
            .where(RoleRow.tenant_id == tenant_id, RoleRow.name.in_(role_names))
            .order_by(RoleRow.id)
            .with_for_update()
        )
    }
    views = {
        view.name: view for view in await role_views(ctx, session, tenant_id, list(rows.values()))
    }
    problems: list[FieldProblem] = []
    for index, name in enumerate(role_names):
        view = views.get(name)
        if view is None:
            message = f"no role named {name[:70]!r} in this tenant: see the `roles` query"
            problems += NotFound(message, field=f"roles.{index}").problems
        else:
            problems += _check_reach(ctx, tenant_id, view, f"roles.{index}")
    raise_problems(problems)
    return list(views.values())


async def add_member(
    ctx: Context, tenant_id: uuid.UUID, *, email: str, role_names: Sequence[str]
) -> MemberView:
    """Make an existing user a member holding ``role_names``.

    NOT_FOUND (``email``) when no account has the email (new people cannot be invited by
    email yet), CONFLICT when the user is a member already, NOT_FOUND or VALIDATION at
    ``roles.<i>`` for a role that does not exist or grants what the caller does not hold.
    """
    try:
        async with ctx.runtime.db.transaction(tenant_id) as session:
            user = await _existing_user(session, email)
            await ensure_builtin_roles(ctx, session, tenant_id)
            roles = await _roles_to_add(ctx, session, tenant_id, role_names)
            if await session.get(MembershipRow, (tenant_id, user.id)) is not None:
                raise _already_a_member()
            await _insert_member(ctx, session, tenant_id, user.id, roles)
            member = await get_member(ctx, session, tenant_id, user.id)
    except IntegrityError:  # a concurrent memberAdd of the same user won
        raise _already_a_member() from None
    ctx.runtime.identity.forget_user(user.id)
    return member


async def _existing_user(session: AsyncSession, email: str) -> UserRow:
    user = await find_user_by_email(session, email)
    if user is None:
        raise NotFound(
            "no account uses this email; create the user first (inviting new people by "
            "email is not supported)",
            field="email",
        )
    return user


def _already_a_member() -> Conflict:
    return Conflict("this user is a member already: give roles with roleAssign", field="email")


async def _insert_member(
    ctx: Context,
    session: AsyncSession,
    tenant_id: uuid.UUID,
    user_id: uuid.UUID,
    roles: Sequence[RoleView],
) -> None:
    now = ctx.runtime.clock.now()
    session.add(MembershipRow(tenant_id=tenant_id, user_id=user_id, created_at=now))
    session.add_all(
        MembershipRoleRow(tenant_id=tenant_id, user_id=user_id, role_id=role.id) for role in roles
    )
    added = UserAdded(user_id=str(user_id), role_ids=[str(role.id) for role in roles])
    await emit(ctx, session, USER_ADDED, added, aggregate_id=user_id, tenant_id=tenant_id)
    for role in roles:
        assigned = RoleAssigned(role_id=str(role.id), user_id=str(user_id))
        await emit(ctx, session, ROLE_ASSIGNED, assigned, aggregate_id=role.id, tenant_id=tenant_id)
    await session.flush()


async def remove_member(ctx: Context, tenant_id: uuid.UUID, user_id: uuid.UUID) -> MemberView:
    """End a membership and its role assignments; return the member as they were.

    NOT_FOUND for a non-member, CONFLICT for the last owner, VALIDATION when the member holds
    permissions the caller does not.
    """
    async with ctx.runtime.db.transaction(tenant_id) as session:
        await _locked_owner_role(session, tenant_id)
        member = await get_member(ctx, session, tenant_id, user_id, for_update=True)
        raise_problems(
            reach_problems(ctx, tenant_id, member.permissions, "userId", "this member's roles")
        )
        await _ensure_an_owner_remains(session, tenant_id, member, "userId")
        await session.execute(
            delete(MembershipRoleRow).where(
                MembershipRoleRow.tenant_id == tenant_id, MembershipRoleRow.user_id == user_id
            )
        )
        await session.execute(
            delete(MembershipRow).where(
                MembershipRow.tenant_id == tenant_id, MembershipRow.user_id == user_id
            )
        )
        payload = UserRemoved(user_id=str(user_id))
        await emit(ctx, session, USER_REMOVED, payload, aggregate_id=user_id, tenant_id=tenant_id)
    ctx.runtime.identity.forget_user(user_id)
    return member


async def _member_and_role(
    ctx: Context,
    session: AsyncSession,
    tenant_id: uuid.UUID,
    user_id: uuid.UUID,
    role_id: uuid.UUID,
) -> tuple[MemberView, RoleView]:
    role_row = await get_role(session, tenant_id, role_id, field="roleId", for_update=True)
    member = await get_member(ctx, session, tenant_id, user_id, for_update=True)
    role = (await role_views(ctx, session, tenant_id, [role_row]))[0]
    raise_problems(_check_reach(ctx, tenant_id, role, "roleId"))
    return member, role


async def assign_role(
    ctx: Context, tenant_id: uuid.UUID, user_id: uuid.UUID, role_id: uuid.UUID
) -> MemberView:
    """Give a member a role (nothing happens if they hold it); return the member."""
    async with ctx.runtime.db.transaction(tenant_id) as session:
        member, role = await _member_and_role(ctx, session, tenant_id, user_id, role_id)
        if role.id in {held.id for held in member.roles}:
            return member
        session.add(MembershipRoleRow(tenant_id=tenant_id, user_id=user_id, role_id=role.id))
        payload = RoleAssigned(role_id=str(role.id), user_id=str(user_id))
        await emit(ctx, session, ROLE_ASSIGNED, payload, aggregate_id=role.id, tenant_id=tenant_id)
        await session.flush()
        member = await get_member(ctx, session, tenant_id, user_id)
    ctx.runtime.identity.forget_user(user_id)
    return member


async def unassign_role(
    ctx: Context, tenant_id: uuid.UUID, user_id: uuid.UUID, role_id: uuid.UUID
) -> MemberView:
    """Take a role from a member (nothing happens if they lack it); return the member.

    CONFLICT when it would leave the tenant without an owner.
    """
    async with ctx.runtime.db.transaction(tenant_id) as session:
        member, role = await _member_and_role(ctx, session, tenant_id, user_id, role_id)
        if role.id not in {held.id for held in member.roles}:
            return member
        if role.is_builtin and role.name == OWNER:
            await _ensure_an_owner_remains(session, tenant_id, member, "roleId")
        await session.execute(
            delete(MembershipRoleRow).where(
                MembershipRoleRow.tenant_id == tenant_id,
                MembershipRoleRow.user_id == user_id,
                MembershipRoleRow.role_id == role.id,
            )
        )
        payload = RoleUnassigned(role_id=str(role.id), user_id=str(user_id))
        await emit(
            ctx, session, ROLE_UNASSIGNED, payload, aggregate_id=role.id, tenant_id=tenant_id
        )
        member = await get_member(ctx, session, tenant_id, user_id)
    ctx.runtime.identity.forget_user(user_id)
    return member
