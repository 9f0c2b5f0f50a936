"""Tax rates: a class's rate in a country, or in one region of it; create, update, delete.

A rate is unique per class, country and region (CONFLICT on ``country`` otherwise). Its
``ratePercent`` is exact decimal text (at most 4 decimals, 0 to 100), stored in parts per
million. ``region`` is matched upper-cased and trimmed (empty: the whole country); an address
in a region without a rate of its own takes the country's.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.errors import ErrorCode, FieldProblem, NotFound
from app.events.emit import emit
from app.ids import new_id
from app.runtime import Context
from modules.commerce.address import country_problem, region_key
from modules.commerce.errors import conflict, not_found, refuse_if_any
from modules.commerce.tax_events import (
    TAX_RATE_CREATED,
    TAX_RATE_DELETED,
    TAX_RATE_UPDATED,
    TaxRateChanged,
    TaxRateCreated,
    TaxRateRef,
)
from modules.commerce.tax_models import TaxClassRow, TaxRateRow
from modules.commerce.tax_rules import MAX_REGION, parse_percent

__all__ = ["TaxRateFields", "create_tax_rate", "delete_tax_rate", "update_tax_rate"]

_MAX_RATE_NAME = 100


@dataclass(frozen=True, slots=True, kw_only=True)
class TaxRateFields:
    """A tax rate's fields; on update, None leaves one as it is."""

    tax_class_id: uuid.UUID | None = None
    country: str | None = None
    region: str | None = None
    rate_percent: str | None = None
    name: str | None = None


def _problem(message: str, field: str) -> FieldProblem:
    return FieldProblem(ErrorCode.VALIDATION, message, field)


def _problems(fields: TaxRateFields, *, is_new: bool) -> list[FieldProblem]:
    found: list[FieldProblem] = []
    if fields.country is not None or is_new:
        problem = country_problem((fields.country or "").upper(), "country")
        found.extend([problem] if problem else [])
    if fields.region is not None and len(region_key(fields.region)) > MAX_REGION:
        found.append(_problem(f"at most {MAX_REGION} characters", "region"))
    if (fields.rate_percent is not None or is_new) and parse_percent(
        fields.rate_percent or ""
    ) is None:
        message = "a percentage from 0 to 100 as decimal text with at most 4 decimals (7.25)"
        found.append(_problem(message, "ratePercent"))
    if fields.name is not None and len(fields.name.strip()) > _MAX_RATE_NAME:
        found.append(_problem(f"at most {_MAX_RATE_NAME} characters", "name"))
    return found


async def _class_problem(
    session: AsyncSession, tenant_id: uuid.UUID, class_id: uuid.UUID | None
) -> FieldProblem | None:
    if class_id is None:
        return None
    found = await session.scalar(
        select(TaxClassRow.id).where(TaxClassRow.tenant_id == tenant_id, TaxClassRow.id == class_id)
    )
    return None if found is not None else not_found("no such tax class", "taxClassId")


async def _taken(session: AsyncSession, row: TaxRateRow) -> FieldProblem | None:
    other = await session.scalar(
        select(TaxRateRow.id).where(
            TaxRateRow.tenant_id == row.tenant_id,
            TaxRateRow.tax_class_id == row.tax_class_id,
            TaxRateRow.country == row.country,
            TaxRateRow.region == row.region,
            TaxRateRow.id != row.id,
        )
    )
    if other is None:
        return None
    where = f"{row.country} {row.region}".strip()
    return conflict(f"this class already has a rate for {where}", "country")


async def create_tax_rate(ctx: Context, fields: TaxRateFields) -> uuid.UUID:
    """Create a tax rate in a class; emit ``commerce.tax_rate.created``.

    Raises:
        ValidationFailed: every problem at once (NOT_FOUND on ``taxClassId``; CONFLICT on
            ``country`` when the class has a rate there).
    """
    tenant_id = ctx.require_tenant().id
    refuse_if_any(_problems(fields, is_new=True))
    async with ctx.runtime.db.transaction(tenant_id) as session:
        refuse_if_any(
            [p for p in [await _class_problem(session, tenant_id, fields.tax_class_id)] if p]
        )
        now = ctx.runtime.clock.now()
        row = TaxRateRow(
            tenant_id=tenant_id,
            id=new_id(),
            tax_class_id=fields.tax_class_id,
            country=(fields.country or "").upper(),
            region=region_key(fields.region),
            rate_ppm=parse_percent(fields.rate_percent or ""),
            name=(fields.name or "").strip(),
            created_at=now,
            updated_at=now,
        )
        refuse_if_any([p for p in [await _taken(session, row)] if p])
        session.add(row)
        await session.flush()
        payload = TaxRateCreated(
            tax_rate_id=str(row.id),
            tax_class_id=str(row.tax_class_id),
            country=row.country,
            region=row.region,
        )
        await emit(ctx, session, TAX_RATE_CREATED, payload, aggregate_id=row.id)
    return row.id


def _apply(row: TaxRateRow, fields: TaxRateFields) -> list[str]:
    rate = None if fields.rate_percent is None else parse_percent(fields.rate_percent)
    wanted: dict[str, tuple[str, object]] = {
        "tax_class_id": ("taxClassId", fields.tax_class_id),
        "country": ("country", None if fields.country is None else fields.country.upper()),
        "region": ("region", None if fields.region is None else region_key(fields.region)),
        "rate_ppm": ("ratePercent", rate),
        "name": ("name", None if fields.name is None else fields.name.strip()),
    }
    changed = []
    for attribute, (name, value) in wanted.items():
        if value is not None and getattr(row, attribute) != value:
            setattr(row, attribute, value)
            changed.append(name)
    return changed


async def _locked(session: AsyncSession, tenant_id: uuid.UUID, rate_id: uuid.UUID) -> TaxRateRow:
    row = await session.scalar(
        select(TaxRateRow)
        .where(TaxRateRow.tenant_id == tenant_id, TaxRateRow.id == rate_id)
        .with_for_update()
    )
    if row is None:
        raise NotFound("no such tax rate", field="id")
    return row


async def update_tax_rate(ctx: Context, rate_id: uuid.UUID, fields: TaxRateFields) -> None:
    """Change a tax rate's fields; emit ``commerce.tax_rate.updated`` if any changed.

    Raises:
        ValidationFailed: every problem at once (as for create).
        NotFound: the tenant has no such rate (``id``).
    """
    tenant_id = ctx.require_tenant().id
    refuse_if_any(_problems(fields, is_new=False))
    async with ctx.runtime.db.transaction(tenant_id) as session:
        row = await _locked(session, tenant_id, rate_id)
        refuse_if_any(
            [p for p in [await _class_problem(session, tenant_id, fields.tax_class_id)] if p]
        )
        with session.no_autoflush:  # the duplicate check runs before the change is written
            changed = _apply(row, fields)
            if not changed:
                return
            refuse_if_any([p for p in [await _taken(session, row)] if p])
        row.updated_at = ctx.runtime.clock.now()
        payload = TaxRateChanged(tax_rate_id=str(row.id), changed=changed)
        await emit(ctx, session, TAX_RATE_UPDATED, payload, aggregate_id=row.id)


async def delete_tax_rate(ctx: Context, rate_id: uuid.UUID) -> None:
    """Delete a tax rate; emit ``commerce.tax_rate.deleted``.

    Raises:
        NotFound: the tenant has no such rate (``id``).
    """
    tenant_id = ctx.require_tenant().id
    async with ctx.runtime.db.transaction(tenant_id) as session:
        row = await _locked(session, tenant_id, rate_id)
        await session.delete(row)
        await session.flush()
        payload = TaxRateRef(tax_rate_id=str(row.id))
        await emit(ctx, session, TAX_RATE_DELETED, payload, aggregate_id=row.id)
