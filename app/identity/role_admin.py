"""A tenant's roles: list them, create, change and delete custom ones.

Built-in roles (owner, admin, editor, viewer) grant what :mod:`app.identity.roles` computes from
the declared permissions and cannot be changed or deleted. A custom role grants the tenant
permissions stored for it; only permissions the caller holds can be put in it, and only a
caller holding all of a role's permissions can change or delete it (:mod:`app.identity.grants`).
Every write emits its event in the same transaction and makes this process forget the cached
principals of the role's holders (other processes follow within the principal cache's TTL).
"""

from __future__ import annotations

import re
import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from app.errors import Conflict, ErrorCode, FieldProblem, NotFound
from app.events.emit import emit
from app.identity.events import (
    ROLE_CREATED,
    ROLE_DELETED,
    ROLE_UPDATED,
    RoleCreated,
    RoleDeleted,
    RoleUpdated,
)
from app.identity.grants import grant_problems, raise_problems, reach_problems, tenant_permissions
from app.identity.membership import ensure_builtin_roles
from app.identity.models import MembershipRoleRow, RolePermissionRow, RoleRow
from app.identity.roles import BUILTIN_ROLES, builtin_permissions
from app.ids import new_id
from app.runtime import Context

__all__ = [
    "RoleView",
    "create_role",
    "delete_role",
    "find_role_by_name",
    "get_role",
    "list_roles",
    "role_holders",
    "role_views",
    "update_role",
]

_NAME = re.compile(r"^[a-z][a-z0-9_-]{0,59}$")
_BUILTIN_ORDER = {role.name: index for index, role in enumerate(BUILTIN_ROLES)}


@dataclass(frozen=True, slots=True)
class RoleView:
    """A role with the permissions it grants now (computed for built-in roles)."""

    id: uuid.UUID
    name: str
    description: str
    is_builtin: bool
    permissions: tuple[str, ...]
    created_at: datetime


def _name_problems(name: str) -> list[FieldProblem]:
    if _NAME.match(name):
        return []
    message = (
        "use 1 to 60 lowercase letters, digits, hyphens and underscores, starting with a "
        f"letter (for example 'shop-staff'), got {name[:70]!r}"
    )
    return [FieldProblem(ErrorCode.VALIDATION, message, "name")]


def _description_problems(description: str) -> list[FieldProblem]:
    if len(description) > 300:
        return [FieldProblem(ErrorCode.VALIDATION, "keep it to 300 characters", "description")]
    if any(ord(char) < 32 and char not in "\n\t" for char in description):
        return [FieldProblem(ErrorCode.VALIDATION, "it has control characters", "description")]
    return []


def _sort_key(view: RoleView) -> tuple[int, int, str]:
    if view.is_builtin:
        return (0, _BUILTIN_ORDER.get(view.name, len(_BUILTIN_ORDER)), view.name)
    return (1, 0, view.name)


async def role_views(
    ctx: Context, session: AsyncSession, tenant_id: uuid.UUID, rows: Sequence[RoleRow]
) -> list[RoleView]:
    """Return ``rows`` with their permissions (one query for every custom role among them)."""
    custom = [row.id for row in rows if not row.is_builtin]
    stored: dict[uuid.UUID, set[str]] = defaultdict(set)
    if custom:
        found = await session.execute(
            select(RolePermissionRow.role_id, RolePermissionRow.permission).where(
                RolePermissionRow.tenant_id == tenant_id, RolePermissionRow.role_id.in_(custom)
            )
        )
        for role_id, permission in found.all():
            stored[role_id].add(permission)
    declared = tenant_permissions(ctx)
    views = []
    for row in rows:
        if row.is_builtin:
            granted = builtin_permissions(row.name, declared.values())
        else:
            granted = frozenset(name for name in stored[row.id] if name in declared)
        views.append(
            RoleView(
                id=row.id,
                name=row.name,
                description=row.description,
                is_builtin=row.is_builtin,
                permissions=tuple(sorted(granted)),
                created_at=row.created_at,
            )
        )
    return sorted(views, key=_sort_key)


async def list_roles(ctx: Context, tenant_id: uuid.UUID) -> list[RoleView]:
    """Return the tenant's roles: built-in ones first (owner to viewer), then custom by name."""
    async with ctx.runtime.db.transaction(tenant_id, readonly=True) as session:
        rows = (await session.scalars(select(RoleRow).where(RoleRow.tenant_id == tenant_id))).all()
        return await role_views(ctx, session, tenant_id, rows)


async def get_role(
    session: AsyncSession,
    tenant_id: uuid.UUID,
    role_id: uuid.UUID,
    *,
    field: str = "id",
    for_update: bool = False,
) -> RoleRow:
    """Return the tenant's role ``role_id``; NotFound at ``field`` if the tenant has none."""
    role = await session.get(RoleRow, (tenant_id, role_id), with_for_update=for_update)
    if role is None:
        raise NotFound("no such role in this tenant", field=field)
    return role


async def find_role_by_name(
    session: AsyncSession, tenant_id: uuid.UUID, name: str
) -> RoleRow | None:
    """Return the tenant's role named ``name``, or None."""
    found: RoleRow | None = await session.scalar(
        select(RoleRow).where(RoleRow.tenant_id == tenant_id, RoleRow.name == name)
    )
    return found


async def role_holders(
    session: AsyncSession, tenant_id: uuid.UUID, role_id: uuid.UUID
) -> list[uuid.UUID]:
    """Return the ids of the members holding ``role_id``."""
    return list(
        await session.scalars(
            select(MembershipRoleRow.user_id).where(
                MembershipRoleRow.tenant_id == tenant_id, MembershipRoleRow.role_id == role_id
            )
        )
    )


async def _ensure_name_free(
    session: AsyncSession, tenant_id: uuid.UUID, name: str, exclude: uuid.UUID | None = None
) -> None:
    taken = await find_role_by_name(session, tenant_id, name)
    if taken is not None and taken.id != exclude:
        raise Conflict(f"a role named {name!r} exists in this tenant", field="name")


async def _store_permissions(
    session: AsyncSession, tenant_id: uuid.UUID, role_id: uuid.UUID, names: Sequence[str]
) -> None:
    await session.execute(
        delete(RolePermissionRow).where(
            RolePermissionRow.tenant_id == tenant_id, RolePermissionRow.role_id == role_id
        )
    )
    session.add_all(
        RolePermissionRow(tenant_id=tenant_id, role_id=role_id, permission=name)
        for name in sorted(set(names))
    )


async def create_role(
    ctx: Context,
    tenant_id: uuid.UUID,
    *,
    name: str,
    description: str,
    permissions: Sequence[str],
) -> RoleView:
    """Create a custom role; VALIDATION for bad fields, CONFLICT for a taken name."""
    description = description.strip()
    raise_problems(
        _name_problems(name)
        + _description_problems(description)
        + grant_problems(ctx, tenant_id, permissions)
    )
    role = RoleRow(
        tenant_id=tenant_id,
        id=new_id(),
        name=name,
        description=description,
        is_builtin=False,
        created_at=ctx.runtime.clock.now(),
    )
    try:
        async with ctx.runtime.db.transaction(tenant_id) as session:
            await ensure_builtin_roles(ctx, session, tenant_id)
            await _ensure_name_free(session, tenant_id, name)
            session.add(role)
            await session.flush()
            await _store_permissions(session, tenant_id, role.id, permissions)
            payload = RoleCreated(role_id=str(role.id), name=name)
            await emit(
                ctx, session, ROLE_CREATED, payload, aggregate_id=role.id, tenant_id=tenant_id
            )
            await session.flush()
            return (await role_views(ctx, session, tenant_id, [role]))[0]
    except IntegrityError:
        raise Conflict(f"a role named {name!r} exists in this tenant", field="name") from None


async def _changeable(
    ctx: Context, session: AsyncSession, tenant_id: uuid.UUID, role_id: uuid.UUID
) -> tuple[RoleRow, RoleView]:
    role = await get_role(session, tenant_id, role_id, for_update=True)
    if role.is_builtin:
        raise Conflict(
            f"{role.name!r} is a built-in role and cannot be changed or deleted; "
            "create a custom role instead",
            field="id",
        )
    view = (await role_views(ctx, session, tenant_id, [role]))[0]
    what = f"the role {role.name!r}"
    raise_problems(reach_problems(ctx, tenant_id, view.permissions, "id", what))
    return role, view


@dataclass(frozen=True, slots=True)
class _Changes:
    name: str | None
    description: str | None
    permissions: Sequence[str] | None


async def _apply(
    session: AsyncSession, role: RoleRow, before: RoleView, changes: _Changes
) -> list[str]:
    changed = []
    if changes.name is not None and changes.name != role.name:
        await _ensure_name_free(session, role.tenant_id, changes.name, exclude=role.id)
        role.name = changes.name
        changed.append("name")
    if changes.description is not None and changes.description != role.description:
        role.description = changes.description
        changed.append("description")
    permissions = changes.permissions
    if permissions is not None and set(permissions) != set(before.permissions):
        await _store_permissions(session, role.tenant_id, role.id, permissions)
        changed.append("permissions")
    return changed


async def update_role(
    ctx: Context,
    tenant_id: uuid.UUID,
    role_id: uuid.UUID,
    *,
    name: str | None = None,
    description: str | None = None,
    permissions: Sequence[str] | None = None,
) -> RoleView:
    """Change a custom role; omitted fields stay. CONFLICT for built-in roles and taken names."""
    changes = _Changes(name, description.strip() if description is not None else None, permissions)
    raise_problems(
        (_name_problems(name) if name is not None else [])
        + (_description_problems(changes.description) if changes.description is not None else [])
        + (grant_problems(ctx, tenant_id, permissions) if permissions is not None else [])
    )
    try:
        async with ctx.runtime.db.transaction(tenant_id) as session:
            role, before = await _changeable(ctx, session, tenant_id, role_id)
            changed = await _apply(session, role, before, changes)
            if changed:
                payload = RoleUpdated(role_id=str(role.id), changed=changed)
                await emit(
                    ctx, session, ROLE_UPDATED, payload, aggregate_id=role.id, tenant_id=tenant_id
                )
            await session.flush()
            after = (await role_views(ctx, session, tenant_id, [role]))[0]
            holders = await role_holders(session, tenant_id, role.id)
    except IntegrityError:
        raise Conflict(f"a role named {name!r} exists in this tenant", field="name") from None
    if "permissions" in changed:
        _forget(ctx, holders)
    return after


async def delete_role(
    ctx: Context, tenant_id: uuid.UUID, role_id: uuid.UUID
) -> tuple[RoleView, int]:
    """Delete a custom role and every assignment of it; return it and how many lost it."""
    async with ctx.runtime.db.transaction(tenant_id) as session:
        _, view = await _changeable(ctx, session, tenant_id, role_id)
        holders = await role_holders(session, tenant_id, role_id)
        for table in (MembershipRoleRow, RolePermissionRow):
            await session.execute(
                delete(table).where(table.tenant_id == tenant_id, table.role_id == role_id)
            )
        await session.execute(
            delete(RoleRow).where(RoleRow.tenant_id == tenant_id, RoleRow.id == role_id)
        )
        payload = RoleDeleted(role_id=str(role_id), name=view.name)
        await emit(ctx, session, ROLE_DELETED, payload, aggregate_id=role_id, tenant_id=tenant_id)
    _forget(ctx, holders)
    return view, len(holders)


def _forget(ctx: Context, user_ids: Sequence[uuid.UUID]) -> None:
    for user_id in user_ids:
        ctx.runtime.identity.forget_user(user_id)
