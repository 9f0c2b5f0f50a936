"""Shipping rates: how a zone's carts ship and at what price; create, update, delete.

A rate lives in one zone (NOT_FOUND on ``zoneId``) and is priced in one of the shop's
currencies; only carts in that currency see it. Its tax class (optional; NOT_FOUND on
``taxClassId``) taxes the shipping charge; without one, shipping is untaxed. An update that
changes ``kind`` drops what the old kind priced by (a flat price, or the brackets) unless the
update gives it anew; the whole result is checked as a create would be.
"""

from __future__ import annotations

import enum
import uuid
from dataclasses import dataclass, replace

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.errors import FieldProblem, NotFound
from app.events.emit import emit
from app.ids import new_id
from app.runtime import Context
from modules.commerce.errors import not_found, refuse_if_any
from modules.commerce.settings import load_settings
from modules.commerce.shipping_events import (
    SHIPPING_RATE_CREATED,
    SHIPPING_RATE_DELETED,
    SHIPPING_RATE_UPDATED,
    ShippingRateChanged,
    ShippingRateCreated,
    ShippingRateRef,
)
from modules.commerce.shipping_models import ShippingRateRow, ShippingZoneRow
from modules.commerce.shipping_rules import Bracket, Price, RateKind, RateSpec, rate_problems
from modules.commerce.tax_models import TaxClassRow

__all__ = [
    "KEEP",
    "Keep",
    "RateChanges",
    "create_rate",
    "delete_rate",
    "spec_of",
    "update_rate",
]


class Keep(enum.Enum):
    """An update field that was not given: keep what the rate has."""

    KEEP = "keep"


KEEP = Keep.KEEP


@dataclass(frozen=True, slots=True, kw_only=True)
class RateChanges:
    """A rate's changes: None (or KEEP, where null means "remove") leaves a field as it is."""

    name: str | None = None
    kind: RateKind | None = None
    price: Price | Keep | None = KEEP
    brackets: tuple[Bracket, ...] | None = None
    free_over: Price | Keep | None = KEEP
    tax_class_id: uuid.UUID | Keep | None = KEEP
    is_active: bool | None = None


def spec_of(row: ShippingRateRow) -> RateSpec:
    """Return a stored rate's whole state."""
    currency = row.currency
    return RateSpec(
        name=row.name,
        kind=RateKind(row.kind),
        price=None if row.amount is None else Price(row.amount, currency),
        brackets=tuple(
            Bracket(int(b["up_to_grams"]), Price(int(b["amount"]), currency)) for b in row.brackets
        ),
        free_over=None if row.free_over_amount is None else Price(row.free_over_amount, currency),
        tax_class_id=row.tax_class_id,
        is_active=row.is_active,
    )


def _write(row: ShippingRateRow, spec: RateSpec) -> None:
    row.name, row.kind, row.currency = spec.name.strip(), spec.kind.value, spec.currency
    row.amount = None if spec.price is None else spec.price.amount
    row.brackets = [{"up_to_grams": b.up_to_grams, "amount": b.price.amount} for b in spec.brackets]
    row.free_over_amount = None if spec.free_over is None else spec.free_over.amount
    row.tax_class_id, row.is_active = spec.tax_class_id, spec.is_active


async def _reference_problems(
    session: AsyncSession, tenant_id: uuid.UUID, zone_id: uuid.UUID | None, spec: RateSpec
) -> list[FieldProblem]:
    found = []
    if zone_id is not None and not await session.scalar(
        select(ShippingZoneRow.id).where(
            ShippingZoneRow.tenant_id == tenant_id, ShippingZoneRow.id == zone_id
        )
    ):
        found.append(not_found("no such shipping zone", "zoneId"))
    if spec.tax_class_id is not None and not await session.scalar(
        select(TaxClassRow.id).where(
            TaxClassRow.tenant_id == tenant_id, TaxClassRow.id == spec.tax_class_id
        )
    ):
        found.append(not_found("no such tax class", "taxClassId"))
    return found


async def create_rate(ctx: Context, zone_id: uuid.UUID, spec: RateSpec) -> uuid.UUID:
    """Create a rate in a zone; emit ``commerce.shipping_rate.created``.

    Raises:
        ValidationFailed: every problem at once (NOT_FOUND on ``zoneId`` / ``taxClassId``).
    """
    tenant_id = ctx.require_tenant().id
    async with ctx.runtime.db.transaction(tenant_id) as session:
        settings = await load_settings(session, tenant_id)
        found = rate_problems(spec, settings.currencies)
        refuse_if_any(found + await _reference_problems(session, tenant_id, zone_id, spec))
        now = ctx.runtime.clock.now()
        row = ShippingRateRow(
            tenant_id=tenant_id, id=new_id(), zone_id=zone_id, created_at=now, updated_at=now
        )
        _write(row, spec)
        session.add(row)
        await session.flush()
        payload = ShippingRateCreated(shipping_rate_id=str(row.id), shipping_zone_id=str(zone_id))
        await emit(ctx, session, SHIPPING_RATE_CREATED, payload, aggregate_id=row.id)
    return row.id


def _changed_spec(spec: RateSpec, changes: RateChanges) -> RateSpec:
    kind = spec.kind if changes.kind is None else changes.kind
    price = spec.price if changes.price is KEEP else changes.price
    brackets = spec.brackets if changes.brackets is None else changes.brackets
    if kind is not spec.kind:
        # A new kind drops what the old one priced by, unless given anew.
        price = None if changes.price is KEEP else price
        brackets = () if changes.brackets is None else brackets
    return replace(
        spec,
        name=spec.name if changes.name is None else changes.name,
        kind=kind,
        price=price,
        brackets=brackets,
        free_over=spec.free_over if changes.free_over is KEEP else changes.free_over,
        tax_class_id=spec.tax_class_id if changes.tax_class_id is KEEP else changes.tax_class_id,
        is_active=spec.is_active if changes.is_active is None else changes.is_active,
    )


_INPUT_NAMES = {
    "name": "name",
    "kind": "kind",
    "price": "price",
    "brackets": "brackets",
    "free_over": "freeOver",
    "tax_class_id": "taxClassId",
    "is_active": "isActive",
}


async def _locked(
    session: AsyncSession, tenant_id: uuid.UUID, rate_id: uuid.UUID
) -> ShippingRateRow:
    row = await session.scalar(
        select(ShippingRateRow)
        .where(ShippingRateRow.tenant_id == tenant_id, ShippingRateRow.id == rate_id)
        .with_for_update()
    )
    if row is None:
        raise NotFound("no such shipping rate", field="id")
    return row


async def update_rate(ctx: Context, rate_id: uuid.UUID, changes: RateChanges) -> None:
    """Change a rate; emit ``commerce.shipping_rate.updated`` naming what changed.

    Raises:
        ValidationFailed: every problem of the result at once (as for create).
        NotFound: the tenant has no such rate (``id``).
    """
    tenant_id = ctx.require_tenant().id
    async with ctx.runtime.db.transaction(tenant_id) as session:
        row = await _locked(session, tenant_id, rate_id)
        before = spec_of(row)
        after = _changed_spec(before, changes)
        settings = await load_settings(session, tenant_id)
        found = rate_problems(after, settings.currencies)
        refuse_if_any(found + await _reference_problems(session, tenant_id, None, after))
        changed = [
            name
            for attribute, name in _INPUT_NAMES.items()
            if getattr(before, attribute) != getattr(after, attribute)
        ]
        if not changed:
            return
        _write(row, after)
        row.updated_at = ctx.runtime.clock.now()
        payload = ShippingRateChanged(shipping_rate_id=str(row.id), changed=changed)
        await emit(ctx, session, SHIPPING_RATE_UPDATED, payload, aggregate_id=row.id)


async def delete_rate(ctx: Context, rate_id: uuid.UUID) -> None:
    """Delete a rate; emit ``commerce.shipping_rate.deleted``.

    A cart that had chosen it is without a rate at its next change.

    Raises:
        NotFound: the tenant has no such rate (``id``).
    """
    tenant_id = ctx.require_tenant().id
    async with ctx.runtime.db.transaction(tenant_id) as session:
        row = await _locked(session, tenant_id, rate_id)
        await session.delete(row)
        await session.flush()
        payload = ShippingRateRef(shipping_rate_id=str(row.id))
        await emit(ctx, session, SHIPPING_RATE_DELETED, payload, aggregate_id=row.id)
