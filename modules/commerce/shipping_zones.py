"""Shipping zones: the countries and regions a shop ships to; create, update, delete.

A country, or one region of it, is in at most one zone: naming one that another zone holds
is CONFLICT at ``regions.N.country`` (the region table's key says so too). An update's
``regions`` replaces the zone's. Deleting a zone deletes its rates (with their events); a cart
that had chosen one of them is without a rate at its next change.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import delete, select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession

from app.errors import NotFound
from app.events.emit import emit
from app.ids import new_id
from app.runtime import Context
from modules.commerce.errors import conflict, refuse_if_any
from modules.commerce.shipping_events import (
    SHIPPING_RATE_DELETED,
    SHIPPING_ZONE_CREATED,
    SHIPPING_ZONE_DELETED,
    SHIPPING_ZONE_UPDATED,
    ShippingRateRef,
    ShippingZoneChanged,
    ShippingZoneRef,
)
from modules.commerce.shipping_models import ShippingRateRow, ShippingZoneRegionRow, ShippingZoneRow
from modules.commerce.shipping_rules import ZoneRegion, region_problems
from modules.commerce.tax_rules import name_problem

__all__ = ["ZoneFields", "create_zone", "delete_zone", "update_zone"]


@dataclass(frozen=True, slots=True, kw_only=True)
class ZoneFields:
    """A zone's fields; on update, None leaves one as it is (``regions`` replaces them all)."""

    name: str | None = None
    regions: tuple[ZoneRegion, ...] | None = None


async def _held_elsewhere(
    session: AsyncSession,
    tenant_id: uuid.UUID,
    regions: Sequence[ZoneRegion],
    zone_id: uuid.UUID | None,
) -> None:
    """Refuse (CONFLICT at ``regions.N.country``) the regions another zone holds."""
    keys = [(region.country, region.region) for region in regions]
    statement = select(ShippingZoneRegionRow.country, ShippingZoneRegionRow.region).where(
        ShippingZoneRegionRow.tenant_id == tenant_id,
        tuple_(ShippingZoneRegionRow.country, ShippingZoneRegionRow.region).in_(keys),
    )
    if zone_id is not None:
        statement = statement.where(ShippingZoneRegionRow.zone_id != zone_id)
    held = await session.execute(statement)
    taken = {ZoneRegion(country, region) for country, region in held.all()}
    refuse_if_any(
        [
            conflict(
                f"{region.country} {region.region}".strip() + " is in another zone",
                f"regions.{number}.country",
            )
            for number, region in enumerate(regions)
            if region in taken
        ]
    )


def _region_rows(
    ctx: Context, zone: ShippingZoneRow, regions: Sequence[ZoneRegion]
) -> list[ShippingZoneRegionRow]:
    now = ctx.runtime.clock.now()
    return [
        ShippingZoneRegionRow(
            tenant_id=zone.tenant_id,
            country=region.country,
            region=region.region,
            zone_id=zone.id,
            created_at=now,
        )
        for region in regions
    ]


async def create_zone(ctx: Context, fields: ZoneFields) -> uuid.UUID:
    """Create a shipping zone with its regions; emit ``commerce.shipping_zone.created``.

    Raises:
        ValidationFailed: every problem at once (CONFLICT at ``regions.N.country`` for a
            region another zone holds).
    """
    tenant_id = ctx.require_tenant().id
    name, regions = fields.name or "", fields.regions or ()
    found = [p for p in (name_problem(name, "name", required=True),) if p]
    refuse_if_any(found + region_problems(regions))
    async with ctx.runtime.db.transaction(tenant_id) as session:
        await _held_elsewhere(session, tenant_id, regions, None)
        now = ctx.runtime.clock.now()
        zone = ShippingZoneRow(
            tenant_id=tenant_id, id=new_id(), name=name.strip(), created_at=now, updated_at=now
        )
        session.add(zone)
        await session.flush()
        session.add_all(_region_rows(ctx, zone, regions))
        await session.flush()
        payload = ShippingZoneRef(shipping_zone_id=str(zone.id))
        await emit(ctx, session, SHIPPING_ZONE_CREATED, payload, aggregate_id=zone.id)
    return zone.id


async def _locked(
    session: AsyncSession, tenant_id: uuid.UUID, zone_id: uuid.UUID
) -> ShippingZoneRow:
    zone = await session.scalar(
        select(ShippingZoneRow)
        .where(ShippingZoneRow.tenant_id == tenant_id, ShippingZoneRow.id == zone_id)
        .with_for_update()
    )
    if zone is None:
        raise NotFound("no such shipping zone", field="id")
    return zone


async def _current(session: AsyncSession, zone: ShippingZoneRow) -> set[ZoneRegion]:
    rows = await session.execute(
        select(ShippingZoneRegionRow.country, ShippingZoneRegionRow.region).where(
            ShippingZoneRegionRow.tenant_id == zone.tenant_id,
            ShippingZoneRegionRow.zone_id == zone.id,
        )
    )
    return {ZoneRegion(country, region) for country, region in rows.all()}


async def update_zone(ctx: Context, zone_id: uuid.UUID, fields: ZoneFields) -> None:
    """Rename a zone or replace its regions; emit ``commerce.shipping_zone.updated``.

    Raises:
        ValidationFailed: every problem at once (as for create).
        NotFound: the tenant has no such zone (``id``).
    """
    tenant_id = ctx.require_tenant().id
    name, regions = fields.name, fields.regions
    found = [p for p in (name_problem(name, "name", required=False),) if p]
    refuse_if_any(found + ([] if regions is None else region_problems(regions)))
    async with ctx.runtime.db.transaction(tenant_id) as session:
        zone = await _locked(session, tenant_id, zone_id)
        changed = []
        if name is not None and name.strip() != zone.name:
            zone.name = name.strip()
            changed.append("name")
        if regions is not None and set(regions) != await _current(session, zone):
            await _held_elsewhere(session, tenant_id, regions, zone.id)
            await session.execute(
                delete(ShippingZoneRegionRow).where(
                    ShippingZoneRegionRow.tenant_id == tenant_id,
                    ShippingZoneRegionRow.zone_id == zone.id,
                )
            )
            session.add_all(_region_rows(ctx, zone, regions))
            changed.append("regions")
        if not changed:
            return
        zone.updated_at = ctx.runtime.clock.now()
        await session.flush()
        payload = ShippingZoneChanged(shipping_zone_id=str(zone.id), changed=changed)
        await emit(ctx, session, SHIPPING_ZONE_UPDATED, payload, aggregate_id=zone.id)


async def delete_zone(ctx: Context, zone_id: uuid.UUID) -> None:
    """Delete a zone with its regions and rates; emit the rates' and the zone's events.

    Raises:
        NotFound: the tenant has no such zone (``id``).
    """
    tenant_id = ctx.require_tenant().id
    async with ctx.runtime.db.transaction(tenant_id) as session:
        zone = await _locked(session, tenant_id, zone_id)
        rates = list(
            await session.scalars(
                select(ShippingRateRow.id).where(
                    ShippingRateRow.tenant_id == tenant_id, ShippingRateRow.zone_id == zone.id
                )
            )
        )
        await session.delete(zone)
        await session.flush()
        for rate_id in rates:
            payload = ShippingRateRef(shipping_rate_id=str(rate_id))
            await emit(ctx, session, SHIPPING_RATE_DELETED, payload, aggregate_id=rate_id)
        gone = ShippingZoneRef(shipping_zone_id=str(zone.id))
        await emit(ctx, session, SHIPPING_ZONE_DELETED, gone, aggregate_id=zone.id)
