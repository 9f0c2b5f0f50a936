"""Warehouses: where stock is kept; create, update, and the ``main`` one every shop starts with.

A warehouse's ``code`` is unique in the tenant; ``position`` orders allocation (checkout takes
stock from the lowest position first, #8). Warehouses are deactivated, never deleted: the stock
movement trail names them.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.errors import ErrorCode, FieldProblem, NotFound
from app.events.emit import emit
from app.ids import new_id
from app.registry import ModuleContext
from app.runtime import Context
from modules.commerce.errors import conflict, refuse_if_any
from modules.commerce.events import (
    WAREHOUSE_CREATED,
    WAREHOUSE_UPDATED,
    WarehouseChanged,
    WarehouseCreated,
)
from modules.commerce.models import WarehouseRow

__all__ = [
    "MAIN_CODE",
    "WarehouseFields",
    "create_warehouse",
    "ensure_main_warehouse",
    "update_warehouse",
]

MAIN_CODE = "main"
CODE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,59}$")
MAX_ADDRESS_LINES = 20
MAX_ADDRESS_TEXT = 300
MAX_POSITION = 1_000_000


@dataclass(frozen=True, slots=True, kw_only=True)
class WarehouseFields:
    """A warehouse's fields; on update, None leaves one as it is (an empty address clears it)."""

    code: str | None = None
    name: str | None = None
    address: object = None
    is_active: bool | None = None
    position: int | None = None


def _problem(message: str, field: str) -> FieldProblem:
    return FieldProblem(ErrorCode.VALIDATION, message, field)


def _address_problem(address: object) -> FieldProblem | None:
    if address is None:
        return None
    if not isinstance(address, dict) or len(address) > MAX_ADDRESS_LINES:
        return _problem(f"an object of at most {MAX_ADDRESS_LINES} text fields", "address")
    for key, value in address.items():
        if not isinstance(value, str) or len(value) > MAX_ADDRESS_TEXT or len(key) > 60:
            return _problem(
                f"address.{key}: text of at most {MAX_ADDRESS_TEXT} characters", "address"
            )
    return None


def field_problems(fields: WarehouseFields, *, is_new: bool) -> list[FieldProblem]:
    """Return what is wrong with the fields, every problem at once (no database look-ups)."""
    found: list[FieldProblem] = []
    if (fields.code is not None or is_new) and not CODE.match(fields.code or ""):
        found.append(_problem("1 to 60 of a-z, 0-9, `-` and `_`, starting alphanumeric", "code"))
    if (fields.name is not None or is_new) and not 1 <= len((fields.name or "").strip()) <= 200:
        found.append(_problem("a name of 1 to 200 characters", "name"))
    if (problem := _address_problem(fields.address)) is not None:
        found.append(problem)
    if fields.position is not None and not 0 <= fields.position <= MAX_POSITION:
        found.append(_problem(f"a position from 0 to {MAX_POSITION}", "position"))
    return found


async def _code_taken(
    session: AsyncSession, tenant_id: uuid.UUID, code: str, exclude: uuid.UUID | None = None
) -> bool:
    statement = select(WarehouseRow.id).where(
        WarehouseRow.tenant_id == tenant_id, WarehouseRow.code == code
    )
    if exclude is not None:
        statement = statement.where(WarehouseRow.id != exclude)
    return await session.scalar(statement) is not None


async def _next_position(session: AsyncSession, tenant_id: uuid.UUID) -> int:
    found = await session.scalar(
        select(func.max(WarehouseRow.position)).where(WarehouseRow.tenant_id == tenant_id)
    )
    return 0 if found is None else int(found) + 1


def _address(address: object) -> dict[str, str] | None:
    if not isinstance(address, dict) or not address:
        return None
    return {str(key): str(value) for key, value in address.items()}


async def create_warehouse(ctx: Context, fields: WarehouseFields) -> uuid.UUID:
    """Create a warehouse (last in allocation order unless told); emit its created event.

    Raises:
        ValidationFailed: every problem at once (CONFLICT on ``code`` when it is taken).
    """
    tenant_id = ctx.require_tenant().id
    refuse_if_any(field_problems(fields, is_new=True))
    code = fields.code or ""
    async with ctx.runtime.db.transaction(tenant_id) as session:
        if await _code_taken(session, tenant_id, code):
            refuse_if_any([conflict(f"another warehouse has the code {code!r}", "code")])
        now = ctx.runtime.clock.now()
        position = fields.position
        row = WarehouseRow(
            tenant_id=tenant_id,
            id=new_id(),
            code=code,
            name=(fields.name or "").strip(),
            address=_address(fields.address),
            is_active=True if fields.is_active is None else fields.is_active,
            position=await _next_position(session, tenant_id) if position is None else position,
            created_at=now,
            updated_at=now,
        )
        session.add(row)
        await session.flush()
        payload = WarehouseCreated(warehouse_id=str(row.id), code=row.code)
        await emit(ctx, session, WAREHOUSE_CREATED, payload, aggregate_id=row.id)
    return row.id


def _apply(row: WarehouseRow, fields: WarehouseFields) -> list[str]:
    wanted: dict[str, tuple[str, object, object]] = {
        "code": ("code", fields.code, fields.code),
        "name": ("name", fields.name, None if fields.name is None else fields.name.strip()),
        "address": ("address", fields.address, _address(fields.address)),
        "is_active": ("isActive", fields.is_active, fields.is_active),
        "position": ("position", fields.position, fields.position),
    }
    changed = []
    for attribute, (name, given, value) in wanted.items():
        if given is not None and getattr(row, attribute) != value:
            setattr(row, attribute, value)
            changed.append(name)
    return changed


async def update_warehouse(ctx: Context, warehouse_id: uuid.UUID, fields: WarehouseFields) -> None:
    """Change a warehouse's fields; emit ``commerce.warehouse.updated`` if any changed.

    Raises:
        ValidationFailed: every problem at once (CONFLICT on ``code`` when it is taken).
        NotFound: the tenant has no such warehouse (``id``).
    """
    tenant_id = ctx.require_tenant().id
    refuse_if_any(field_problems(fields, is_new=False))
    async with ctx.runtime.db.transaction(tenant_id) as session:
        row = await session.scalar(
            select(WarehouseRow)
            .where(WarehouseRow.tenant_id == tenant_id, WarehouseRow.id == warehouse_id)
            .with_for_update()
        )
        if row is None:
            raise NotFound("no such warehouse", field="id")
        if fields.code is not None and await _code_taken(
            session, tenant_id, fields.code, exclude=row.id
        ):
            refuse_if_any([conflict(f"another warehouse has the code {fields.code!r}", "code")])
        changed = _apply(row, fields)
        if not changed:
            return
        row.updated_at = ctx.runtime.clock.now()
        payload = WarehouseChanged(warehouse_id=str(row.id), code=row.code, changed=changed)
        await emit(ctx, session, WAREHOUSE_UPDATED, payload, aggregate_id=row.id)


async def ensure_main_warehouse(context: ModuleContext) -> None:
    """Give a tenant without any warehouse the ``main`` one (``on_tenant_enable``; no event).

    A shop that renamed or replaced ``main`` keeps its own warehouses when commerce is enabled
    again: only a tenant with none at all gets one.
    """
    session, tenant_id = context.session, context.tenant_id
    any_one = select(WarehouseRow.id).where(WarehouseRow.tenant_id == tenant_id).limit(1)
    if await session.scalar(any_one) is not None:
        return
    now = context.clock.now()
    session.add(
        WarehouseRow(
            tenant_id=tenant_id,
            id=new_id(),
            code=MAIN_CODE,
            name="Main warehouse",
            address=None,
            is_active=True,
            position=0,
            created_at=now,
            updated_at=now,
        )
    )
    await session.flush()
