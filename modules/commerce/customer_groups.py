"""Customer groups: staff create, rename and delete them, and add and remove their members.

A group's ``code`` (``wholesale``: 1 to 60 of a-z, 0-9, ``-`` and ``_``) and its ``name`` are
each unique in the shop (``CONFLICT`` on the field when taken). Members are customers of the
shop (an unknown id, or another shop's, is ``NOT_FOUND`` at ``customerIds.<n>``), at most
:data:`MAX_MEMBERS_AT_ONCE` per call. Adding a member twice, or removing a non-member, changes
nothing; ``commerce.customer_group.members_changed`` lists only who really joined or left, and
is not emitted when no one did. Deleting a group ends its memberships.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.errors import ErrorCode, FieldProblem, NotFound
from app.events.emit import emit
from app.identity.customer_models import CustomerRow
from app.ids import new_id
from app.runtime import Context
from modules.commerce.customer_events import (
    CUSTOMER_GROUP_CREATED,
    CUSTOMER_GROUP_DELETED,
    CUSTOMER_GROUP_MEMBERS_CHANGED,
    CUSTOMER_GROUP_UPDATED,
    CustomerGroupChanged,
    CustomerGroupCreated,
    CustomerGroupMembersChanged,
    CustomerGroupRef,
)
from modules.commerce.customer_models import CustomerGroupMemberRow, CustomerGroupRow
from modules.commerce.errors import conflict, not_found, refuse_if_any
from modules.commerce.tax_rules import CODE, name_problem

__all__ = [
    "MAX_MEMBERS_AT_ONCE",
    "GroupFields",
    "add_members",
    "create_group",
    "delete_group",
    "remove_members",
    "update_group",
]

MAX_MEMBERS_AT_ONCE = 100


@dataclass(frozen=True, slots=True, kw_only=True)
class GroupFields:
    """A group's fields; on update, None leaves one as it is (the name is trimmed)."""

    code: str | None = None
    name: str | None = None


def _problems(fields: GroupFields, *, is_new: bool) -> list[FieldProblem]:
    found: list[FieldProblem] = []
    if (fields.code is not None or is_new) and not CODE.match(fields.code or ""):
        message = "1 to 60 of a-z, 0-9, `-` and `_`, starting alphanumeric"
        found.append(FieldProblem(ErrorCode.VALIDATION, message, "code"))
    if (problem := name_problem(fields.name, "name", required=is_new)) is not None:
        found.append(problem)
    return found


async def _taken(
    session: AsyncSession, tenant_id: uuid.UUID, fields: GroupFields, exclude: uuid.UUID | None
) -> list[FieldProblem]:
    found = []
    name = None if fields.name is None else fields.name.strip()
    for field, column, value in (
        ("code", CustomerGroupRow.code, fields.code),
        ("name", CustomerGroupRow.name, name),
    ):
        if value is None:
            continue
        statement = select(CustomerGroupRow.id).where(
            CustomerGroupRow.tenant_id == tenant_id, column == value
        )
        if exclude is not None:
            statement = statement.where(CustomerGroupRow.id != exclude)
        if await session.scalar(statement) is not None:
            found.append(conflict(f"another customer group has the {field} {value!r}", field))
    return found


async def create_group(ctx: Context, fields: GroupFields) -> uuid.UUID:
    """Create a customer group; emit its event.

    Raises:
        ValidationFailed: every problem at once (CONFLICT on a taken ``code`` or ``name``).
    """
    tenant_id = ctx.require_tenant().id
    refuse_if_any(_problems(fields, is_new=True))
    async with ctx.runtime.db.transaction(tenant_id) as session:
        refuse_if_any(await _taken(session, tenant_id, fields, None))
        now = ctx.runtime.clock.now()
        code, name = fields.code or "", (fields.name or "").strip()
        row = CustomerGroupRow(
            tenant_id=tenant_id, id=new_id(), code=code, name=name, created_at=now, updated_at=now
        )
        session.add(row)
        await session.flush()
        payload = CustomerGroupCreated(customer_group_id=str(row.id), code=code)
        await emit(ctx, session, CUSTOMER_GROUP_CREATED, payload, aggregate_id=row.id)
    return row.id


async def _locked(
    session: AsyncSession, tenant_id: uuid.UUID, group_id: uuid.UUID
) -> CustomerGroupRow:
    row = await session.scalar(
        select(CustomerGroupRow)
        .where(CustomerGroupRow.tenant_id == tenant_id, CustomerGroupRow.id == group_id)
        .with_for_update()
    )
    if row is None:
        raise NotFound("no such customer group", field="id")
    return row


async def update_group(ctx: Context, group_id: uuid.UUID, fields: GroupFields) -> uuid.UUID:
    """Change a group's code or name; emit ``commerce.customer_group.updated`` if either changed.

    Raises:
        ValidationFailed: every problem at once (CONFLICT on a taken ``code`` or ``name``).
        NotFound: the shop has no such group (``id``).
    """
    tenant_id = ctx.require_tenant().id
    refuse_if_any(_problems(fields, is_new=False))
    async with ctx.runtime.db.transaction(tenant_id) as session:
        row = await _locked(session, tenant_id, group_id)
        refuse_if_any(await _taken(session, tenant_id, fields, row.id))
        changed = []
        if fields.code is not None and fields.code != row.code:
            row.code = fields.code
            changed.append("code")
        if fields.name is not None and fields.name.strip() != row.name:
            row.name = fields.name.strip()
            changed.append("name")
        if changed:
            row.updated_at = ctx.runtime.clock.now()
            payload = CustomerGroupChanged(customer_group_id=str(row.id), changed=changed)
            await emit(ctx, session, CUSTOMER_GROUP_UPDATED, payload, aggregate_id=row.id)
    return group_id


async def delete_group(ctx: Context, group_id: uuid.UUID) -> None:
    """Delete a group with its memberships; emit its event.

    Raises:
        NotFound: the shop has no such group (``id``).
    """
    tenant_id = ctx.require_tenant().id
    async with ctx.runtime.db.transaction(tenant_id) as session:
        row = await _locked(session, tenant_id, group_id)
        await session.delete(row)
        await session.flush()
        payload = CustomerGroupRef(customer_group_id=str(row.id))
        await emit(ctx, session, CUSTOMER_GROUP_DELETED, payload, aggregate_id=row.id)


def _count_problem(customer_ids: Sequence[uuid.UUID]) -> list[FieldProblem]:
    if 1 <= len(customer_ids) <= MAX_MEMBERS_AT_ONCE:
        return []
    message = f"give 1 to {MAX_MEMBERS_AT_ONCE} customers at once"
    return [FieldProblem(ErrorCode.VALIDATION, message, "customerIds")]


async def _unknown_customers(
    session: AsyncSession, tenant_id: uuid.UUID, customer_ids: Sequence[uuid.UUID]
) -> list[FieldProblem]:
    known = set(
        await session.scalars(
            select(CustomerRow.id).where(
                CustomerRow.tenant_id == tenant_id, CustomerRow.id.in_(set(customer_ids))
            )
        )
    )
    return [
        not_found("the shop has no such customer", f"customerIds.{number}")
        for number, customer_id in enumerate(customer_ids)
        if customer_id not in known
    ]


async def _members(
    session: AsyncSession, tenant_id: uuid.UUID, group_id: uuid.UUID
) -> set[uuid.UUID]:
    return set(
        await session.scalars(
            select(CustomerGroupMemberRow.customer_id).where(
                CustomerGroupMemberRow.tenant_id == tenant_id,
                CustomerGroupMemberRow.customer_group_id == group_id,
            )
        )
    )


async def _changed(
    ctx: Context,
    session: AsyncSession,
    group_id: uuid.UUID,
    added: list[uuid.UUID],
    removed: list[uuid.UUID],
) -> None:
    if not added and not removed:
        return
    payload = CustomerGroupMembersChanged(
        customer_group_id=str(group_id),
        added_customer_ids=[str(customer) for customer in added],
        removed_customer_ids=[str(customer) for customer in removed],
    )
    await emit(ctx, session, CUSTOMER_GROUP_MEMBERS_CHANGED, payload, aggregate_id=group_id)


async def add_members(
    ctx: Context, group_id: uuid.UUID, customer_ids: Sequence[uuid.UUID]
) -> uuid.UUID:
    """Add customers to a group (those already in it stay); emit who joined, if anyone.

    Raises:
        ValidationFailed: every problem at once (too many or none; NOT_FOUND per unknown
            customer at ``customerIds.<n>``).
        NotFound: the shop has no such group (``id``).
    """
    tenant_id = ctx.require_tenant().id
    refuse_if_any(_count_problem(customer_ids))
    async with ctx.runtime.db.transaction(tenant_id) as session:
        await _locked(session, tenant_id, group_id)
        refuse_if_any(await _unknown_customers(session, tenant_id, customer_ids))
        present, now = await _members(session, tenant_id, group_id), ctx.runtime.clock.now()
        added = [c for c in dict.fromkeys(customer_ids) if c not in present]
        session.add_all(
            CustomerGroupMemberRow(
                tenant_id=tenant_id, customer_group_id=group_id, customer_id=c, created_at=now
            )
            for c in added
        )
        await session.flush()
        await _changed(ctx, session, group_id, added, [])
    return group_id


async def remove_members(
    ctx: Context, group_id: uuid.UUID, customer_ids: Sequence[uuid.UUID]
) -> uuid.UUID:
    """Take customers out of a group (non-members are ignored); emit who left, if anyone.

    Raises:
        ValidationFailed: too many customer ids, or none (``customerIds``).
        NotFound: the shop has no such group (``id``).
    """
    tenant_id = ctx.require_tenant().id
    refuse_if_any(_count_problem(customer_ids))
    async with ctx.runtime.db.transaction(tenant_id) as session:
        await _locked(session, tenant_id, group_id)
        present = await _members(session, tenant_id, group_id)
        removed = [c for c in dict.fromkeys(customer_ids) if c in present]
        if removed:
            await session.execute(
                delete(CustomerGroupMemberRow).where(
                    CustomerGroupMemberRow.tenant_id == tenant_id,
                    CustomerGroupMemberRow.customer_group_id == group_id,
                    CustomerGroupMemberRow.customer_id.in_(removed),
                )
            )
        await _changed(ctx, session, group_id, [], removed)
    return group_id
