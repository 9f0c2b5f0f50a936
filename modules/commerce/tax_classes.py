"""Tax classes: create, update, delete, and the ``standard`` class every shop starts with.

Exactly one class is the default: variants without a class of their own are taxed by it.
Making a class the default takes the flag from the one that had it (that class's
``commerce.tax_class.updated`` names ``isDefault``); the default cannot be un-flagged or deleted
directly (make another the default first). A class named by a variant or a shipping rate
cannot be deleted (CONFLICT on ``id``); its rates go with it, each with its deleted event.
"""

from __future__ import annotations

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
from modules.commerce.models import VariantRow
from modules.commerce.shipping_models import ShippingRateRow
from modules.commerce.tax_events import (
    TAX_CLASS_CREATED,
    TAX_CLASS_DELETED,
    TAX_CLASS_UPDATED,
    TAX_RATE_DELETED,
    TaxClassChanged,
    TaxClassRef,
    TaxRateRef,
)
from modules.commerce.tax_models import TaxClassRow, TaxRateRow
from modules.commerce.tax_rules import CODE, name_problem

__all__ = [
    "STANDARD_CODE",
    "TaxClassFields",
    "create_tax_class",
    "delete_tax_class",
    "ensure_standard_tax_class",
    "unknown_classes",
    "update_tax_class",
]

STANDARD_CODE = "standard"


@dataclass(frozen=True, slots=True, kw_only=True)
class TaxClassFields:
    """A tax class's fields; on update, None leaves one as it is."""

    code: str | None = None
    name: str | None = None
    is_default: bool | None = None


def _problems(fields: TaxClassFields, *, is_new: bool) -> list[FieldProblem]:
    found: list[FieldProblem] = []
    if (fields.code is not None or is_new) and not CODE.match(fields.code or ""):
        message = "1 to 60 of a-z, 0-9, `-` and `_`, starting alphanumeric"
        found.append(FieldProblem(ErrorCode.VALIDATION, message, "code"))
    if (problem := name_problem(fields.name, "name", required=is_new)) is not None:
        found.append(problem)
    return found


async def _code_taken(
    session: AsyncSession, tenant_id: uuid.UUID, code: str, exclude: uuid.UUID | None = None
) -> bool:
    statement = select(TaxClassRow.id).where(
        TaxClassRow.tenant_id == tenant_id, TaxClassRow.code == code
    )
    if exclude is not None:
        statement = statement.where(TaxClassRow.id != exclude)
    return await session.scalar(statement) is not None


async def _take_default(ctx: Context, session: AsyncSession, row: TaxClassRow) -> None:
    """Make ``row`` the only default class; the class that had the flag says so by event."""
    others = await session.scalars(
        select(TaxClassRow)
        .where(
            TaxClassRow.tenant_id == row.tenant_id,
            TaxClassRow.is_default.is_(True),
            TaxClassRow.id != row.id,
        )
        .with_for_update()
    )
    for other in others:
        other.is_default, other.updated_at = False, ctx.runtime.clock.now()
        payload = TaxClassChanged(
            tax_class_id=str(other.id), code=other.code, changed=["isDefault"]
        )
        await emit(ctx, session, TAX_CLASS_UPDATED, payload, aggregate_id=other.id)
    row.is_default = True


async def create_tax_class(ctx: Context, fields: TaxClassFields) -> uuid.UUID:
    """Create a tax class (the default if told, or if the shop has none); emit its event.

    Raises:
        ValidationFailed: every problem at once (CONFLICT on ``code`` when it is taken).
    """
    tenant_id = ctx.require_tenant().id
    refuse_if_any(_problems(fields, is_new=True))
    code = fields.code or ""
    async with ctx.runtime.db.transaction(tenant_id) as session:
        if await _code_taken(session, tenant_id, code):
            refuse_if_any([conflict(f"another tax class has the code {code!r}", "code")])
        now = ctx.runtime.clock.now()
        row = TaxClassRow(
            tenant_id=tenant_id,
            id=new_id(),
            code=code,
            name=(fields.name or "").strip(),
            is_default=False,
            created_at=now,
            updated_at=now,
        )
        session.add(row)
        await session.flush()
        payload = TaxClassRef(tax_class_id=str(row.id), code=code)
        await emit(ctx, session, TAX_CLASS_CREATED, payload, aggregate_id=row.id)
        any_default = await session.scalar(
            select(TaxClassRow.id).where(
                TaxClassRow.tenant_id == tenant_id, TaxClassRow.is_default.is_(True)
            )
        )
        if fields.is_default or any_default is None:
            await _take_default(ctx, session, row)
    return row.id


async def _locked(session: AsyncSession, tenant_id: uuid.UUID, class_id: uuid.UUID) -> TaxClassRow:
    row = await session.scalar(
        select(TaxClassRow)
        .where(TaxClassRow.tenant_id == tenant_id, TaxClassRow.id == class_id)
        .with_for_update()
    )
    if row is None:
        raise NotFound("no such tax class", field="id")
    return row


async def update_tax_class(ctx: Context, class_id: uuid.UUID, fields: TaxClassFields) -> None:
    """Change a tax class's fields; emit ``commerce.tax_class.updated`` if any changed.

    Raises:
        ValidationFailed: every problem at once (CONFLICT on ``code`` when it is taken;
            VALIDATION on ``isDefault`` when un-flagging the default).
        NotFound: the tenant has no such class (``id``).
    """
    tenant_id = ctx.require_tenant().id
    refuse_if_any(_problems(fields, is_new=False))
    async with ctx.runtime.db.transaction(tenant_id) as session:
        row = await _locked(session, tenant_id, class_id)
        found = []
        if fields.code is not None and await _code_taken(session, tenant_id, fields.code, row.id):
            found.append(conflict(f"another tax class has the code {fields.code!r}", "code"))
        if fields.is_default is False and row.is_default:
            message = "one class is always the default: make another class the default instead"
            found.append(FieldProblem(ErrorCode.VALIDATION, message, "isDefault"))
        refuse_if_any(found)
        changed = []
        if fields.code is not None and fields.code != row.code:
            row.code = fields.code
            changed.append("code")
        if fields.name is not None and fields.name.strip() != row.name:
            row.name = fields.name.strip()
            changed.append("name")
        if fields.is_default and not row.is_default:
            await _take_default(ctx, session, row)
            changed.append("isDefault")
        if not changed:
            return
        row.updated_at = ctx.runtime.clock.now()
        payload = TaxClassChanged(tax_class_id=str(row.id), code=row.code, changed=changed)
        await emit(ctx, session, TAX_CLASS_UPDATED, payload, aggregate_id=row.id)


async def _users(session: AsyncSession, row: TaxClassRow) -> list[FieldProblem]:
    variants = await session.scalar(
        select(func.count()).where(
            VariantRow.tenant_id == row.tenant_id, VariantRow.tax_class_id == row.id
        )
    )
    rates = await session.scalar(
        select(func.count()).where(
            ShippingRateRow.tenant_id == row.tenant_id, ShippingRateRow.tax_class_id == row.id
        )
    )
    found = []
    if row.is_default:
        found.append(
            conflict("the default class cannot be deleted: make another the default", "id")
        )
    if variants:
        found.append(conflict(f"{variants} variant(s) are in this class: move them first", "id"))
    if rates:
        found.append(conflict(f"{rates} shipping rate(s) are taxed by this class", "id"))
    return found


async def delete_tax_class(ctx: Context, class_id: uuid.UUID) -> None:
    """Delete a tax class with its rates; emit the rates' and the class's deleted events.

    Raises:
        ValidationFailed: CONFLICT on ``id`` for the default class or a class in use.
        NotFound: the tenant has no such class (``id``).
    """
    tenant_id = ctx.require_tenant().id
    async with ctx.runtime.db.transaction(tenant_id) as session:
        row = await _locked(session, tenant_id, class_id)
        refuse_if_any(await _users(session, row))
        rates = list(
            await session.scalars(
                select(TaxRateRow.id).where(
                    TaxRateRow.tenant_id == tenant_id, TaxRateRow.tax_class_id == row.id
                )
            )
        )
        await session.delete(row)
        await session.flush()
        for rate_id in rates:
            payload = TaxRateRef(tax_rate_id=str(rate_id))
            await emit(ctx, session, TAX_RATE_DELETED, payload, aggregate_id=rate_id)
        gone = TaxClassRef(tax_class_id=str(row.id), code=row.code)
        await emit(ctx, session, TAX_CLASS_DELETED, gone, aggregate_id=row.id)


async def unknown_classes(
    session: AsyncSession, tenant_id: uuid.UUID, wanted: dict[str, uuid.UUID | None]
) -> list[FieldProblem]:
    """Return NOT_FOUND at each input path (key) naming a class the tenant does not have."""
    ids = {class_id for class_id in wanted.values() if class_id is not None}
    if not ids:
        return []
    known = set(
        await session.scalars(
            select(TaxClassRow.id).where(
                TaxClassRow.tenant_id == tenant_id, TaxClassRow.id.in_(ids)
            )
        )
    )
    return [
        FieldProblem(ErrorCode.NOT_FOUND, "no such tax class", field)
        for field, class_id in wanted.items()
        if class_id is not None and class_id not in known
    ]


async def ensure_standard_tax_class(context: ModuleContext) -> None:
    """Give a tenant without any tax class the default ``standard`` one (no event).

    As for the ``main`` warehouse, a shop that renamed or replaced ``standard`` gets no second
    class when commerce is enabled again: only a tenant with none at all gets one.
    """
    session, tenant_id = context.session, context.tenant_id
    any_one = select(TaxClassRow.id).where(TaxClassRow.tenant_id == tenant_id).limit(1)
    if await session.scalar(any_one) is not None:
        return
    now = context.clock.now()
    session.add(
        TaxClassRow(
            tenant_id=tenant_id,
            id=new_id(),
            code=STANDARD_CODE,
            name="Standard",
            is_default=True,
            created_at=now,
            updated_at=now,
        )
    )
    await session.flush()
