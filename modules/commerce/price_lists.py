"""Price lists: staff create, change and delete them, and set a variant's tiers in one.

Every write checks the list whole (:mod:`modules.commerce.price_list_rules`) before it writes
anything; a customer group or variant the shop does not have is NOT_FOUND on its input path
(``customerGroupIds.N``, ``variantId``). A list's currency is fixed at creation: its tiers are
amounts of it. Setting a variant's tiers replaces all of them (none removes the variant from
the list). Each write emits its ``commerce.price_list.*`` event; an update that changes nothing
emits none. Which price a buyer pays is decided in :mod:`modules.commerce.price_resolution`.
"""

from __future__ import annotations

import enum
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.errors import FieldProblem, NotFound
from app.events.emit import emit
from app.ids import new_id
from app.runtime import Context
from modules.commerce.customer_models import CustomerGroupRow
from modules.commerce.errors import not_found, refuse_if_any
from modules.commerce.models import VariantRow
from modules.commerce.price_list_events import (
    PRICE_LIST_CREATED,
    PRICE_LIST_DELETED,
    PRICE_LIST_ENTRIES_SET,
    PRICE_LIST_UPDATED,
    PriceListChanged,
    PriceListEntriesSet,
    PriceListRef,
)
from modules.commerce.price_list_models import PriceListEntryRow, PriceListGroupRow, PriceListRow
from modules.commerce.price_list_rules import (
    PriceListSpec,
    PriceListStatus,
    TierInput,
    spec_problems,
    tier_problems,
)
from modules.commerce.settings import load_settings

__all__ = [
    "KEEP",
    "Keep",
    "PriceListChanges",
    "create_price_list",
    "delete_price_list",
    "list_group_ids",
    "set_entries",
    "update_price_list",
]


class Keep(enum.Enum):
    """An update field that was not given: keep what the list has."""

    KEEP = "keep"


KEEP = Keep.KEEP


@dataclass(frozen=True, slots=True, kw_only=True)
class PriceListChanges:
    """An update's fields; :data:`KEEP` leaves one as it is (null clears a window bound)."""

    name: str | Keep = KEEP
    status: PriceListStatus | Keep = KEEP
    starts_at: datetime | Keep | None = KEEP
    ends_at: datetime | Keep | None = KEEP
    priority: int | Keep = KEEP
    customer_group_ids: Sequence[uuid.UUID] | Keep = KEEP


async def _unknown_groups(
    session: AsyncSession, tenant_id: uuid.UUID, spec: PriceListSpec
) -> list[FieldProblem]:
    wanted = list(spec.customer_group_ids)
    known = set(
        await session.scalars(
            select(CustomerGroupRow.id).where(
                CustomerGroupRow.tenant_id == tenant_id, CustomerGroupRow.id.in_(set(wanted))
            )
        )
    )
    return [
        not_found("the shop has no such customer group", f"customerGroupIds.{number}")
        for number, group in enumerate(wanted)
        if group not in known
    ]


async def _check(session: AsyncSession, tenant_id: uuid.UUID, spec: PriceListSpec) -> None:
    settings = await load_settings(session, tenant_id)
    problems = spec_problems(spec, settings)
    if spec.customer_group_ids:
        problems += await _unknown_groups(session, tenant_id, spec)
    refuse_if_any(problems)


async def _write_groups(
    session: AsyncSession, row: PriceListRow, group_ids: Sequence[uuid.UUID]
) -> None:
    await session.execute(
        delete(PriceListGroupRow).where(
            PriceListGroupRow.tenant_id == row.tenant_id,
            PriceListGroupRow.price_list_id == row.id,
        )
    )
    session.add_all(
        PriceListGroupRow(tenant_id=row.tenant_id, price_list_id=row.id, customer_group_id=group)
        for group in dict.fromkeys(group_ids)
    )


def _apply(row: PriceListRow, spec: PriceListSpec) -> None:
    row.name, row.status, row.priority = spec.name.strip(), spec.status.value, spec.priority
    row.starts_at, row.ends_at = spec.starts_at, spec.ends_at


async def create_price_list(ctx: Context, spec: PriceListSpec) -> uuid.UUID:
    """Create a price list (no tiers yet) for its groups; emit its event.

    Raises:
        ValidationFailed: every problem at once (NOT_FOUND per unknown customer group).
    """
    tenant_id = ctx.require_tenant().id
    async with ctx.runtime.db.transaction(tenant_id) as session:
        await _check(session, tenant_id, spec)
        now = ctx.runtime.clock.now()
        row = PriceListRow(
            tenant_id=tenant_id, id=new_id(), currency=spec.currency, created_at=now, updated_at=now
        )
        _apply(row, spec)
        session.add(row)
        await session.flush()
        await _write_groups(session, row, spec.customer_group_ids)
        payload = PriceListRef(price_list_id=str(row.id), currency=row.currency)
        await emit(ctx, session, PRICE_LIST_CREATED, payload, aggregate_id=row.id)
    return row.id


async def _locked(session: AsyncSession, tenant_id: uuid.UUID, list_id: uuid.UUID) -> PriceListRow:
    row = await session.scalar(
        select(PriceListRow)
        .where(PriceListRow.tenant_id == tenant_id, PriceListRow.id == list_id)
        .with_for_update()
    )
    if row is None:
        raise NotFound("no such price list", field="id")
    return row


async def list_group_ids(
    session: AsyncSession, tenant_id: uuid.UUID, list_id: uuid.UUID
) -> list[uuid.UUID]:
    """Return the ids of the customer groups a list is for (none: everyone)."""
    found = await session.scalars(
        select(PriceListGroupRow.customer_group_id)
        .where(PriceListGroupRow.tenant_id == tenant_id, PriceListGroupRow.price_list_id == list_id)
        .order_by(PriceListGroupRow.customer_group_id)
    )
    return list(found)


def _merged(row: PriceListRow, groups: list[uuid.UUID], changes: PriceListChanges) -> PriceListSpec:
    spec = PriceListSpec(
        name=row.name,
        currency=row.currency,
        status=PriceListStatus(row.status),
        starts_at=row.starts_at,
        ends_at=row.ends_at,
        priority=row.priority,
        customer_group_ids=groups,
    )
    given = {
        field: getattr(changes, field)
        for field in ("name", "status", "starts_at", "ends_at", "priority", "customer_group_ids")
        if getattr(changes, field) is not KEEP
    }
    return replace(spec, **given)


def _changed(before: PriceListSpec, after: PriceListSpec) -> list[str]:
    names = {"starts_at": "startsAt", "ends_at": "endsAt", "customer_group_ids": "customerGroupIds"}
    found = []
    for field in ("name", "status", "starts_at", "ends_at", "priority", "customer_group_ids"):
        was, now = getattr(before, field), getattr(after, field)
        if field == "name":
            now = now.strip()
        if field == "customer_group_ids":
            was, now = set(was), set(now)
        if was != now:
            found.append(names.get(field, field))
    return found


async def update_price_list(
    ctx: Context, list_id: uuid.UUID, changes: PriceListChanges
) -> uuid.UUID:
    """Change a list's fields or groups; emit which changed, if any did.

    Raises:
        ValidationFailed: every problem of the list as it would be, at once.
        NotFound: the shop has no such price list (``id``).
    """
    tenant_id = ctx.require_tenant().id
    async with ctx.runtime.db.transaction(tenant_id) as session:
        row = await _locked(session, tenant_id, list_id)
        groups = await list_group_ids(session, tenant_id, list_id)
        before = _merged(row, groups, PriceListChanges())
        after = _merged(row, groups, changes)
        await _check(session, tenant_id, after)
        changed = _changed(before, after)
        if not changed:
            return list_id
        _apply(row, after)
        row.updated_at = ctx.runtime.clock.now()
        if "customerGroupIds" in changed:
            await _write_groups(session, row, after.customer_group_ids)
        payload = PriceListChanged(price_list_id=str(row.id), changed=changed)
        await emit(ctx, session, PRICE_LIST_UPDATED, payload, aggregate_id=row.id)
    return list_id


async def delete_price_list(ctx: Context, list_id: uuid.UUID) -> None:
    """Delete a list with its groups and tiers; emit its event.

    Raises:
        NotFound: the shop has no such price list (``id``).
    """
    tenant_id = ctx.require_tenant().id
    async with ctx.runtime.db.transaction(tenant_id) as session:
        row = await _locked(session, tenant_id, list_id)
        await session.delete(row)
        await session.flush()
        payload = PriceListRef(price_list_id=str(row.id), currency=row.currency)
        await emit(ctx, session, PRICE_LIST_DELETED, payload, aggregate_id=row.id)


async def _has_variant(session: AsyncSession, tenant_id: uuid.UUID, variant_id: uuid.UUID) -> bool:
    found = await session.scalar(
        select(VariantRow.id).where(VariantRow.tenant_id == tenant_id, VariantRow.id == variant_id)
    )
    return found is not None


async def set_entries(
    ctx: Context, list_id: uuid.UUID, variant_id: uuid.UUID, tiers: Sequence[TierInput]
) -> uuid.UUID:
    """Replace a variant's tiers in a list (none: take it out of the list); emit the new tiers.

    Raises:
        ValidationFailed: every problem of the tiers at once (``tiers.N.minQuantity``,
            ``tiers.N.price.amount``, ``tiers.N.price.currency``), or NOT_FOUND on
            ``variantId`` for a variant the shop does not have.
        NotFound: the shop has no such price list (``id``).
    """
    tenant_id = ctx.require_tenant().id
    async with ctx.runtime.db.transaction(tenant_id) as session:
        row = await _locked(session, tenant_id, list_id)
        problems = tier_problems(tiers, row.currency)
        if not await _has_variant(session, tenant_id, variant_id):
            problems.append(not_found("the shop has no such variant", "variantId"))
        refuse_if_any(problems)
        await session.execute(
            delete(PriceListEntryRow).where(
                PriceListEntryRow.tenant_id == tenant_id,
                PriceListEntryRow.price_list_id == list_id,
                PriceListEntryRow.variant_id == variant_id,
            )
        )
        ordered = sorted(tiers, key=lambda tier: tier.min_quantity)
        session.add_all(
            PriceListEntryRow(
                tenant_id=tenant_id,
                price_list_id=list_id,
                variant_id=variant_id,
                min_quantity=tier.min_quantity,
                amount=tier.amount,
            )
            for tier in ordered
        )
        row.updated_at = ctx.runtime.clock.now()
        payload = PriceListEntriesSet(
            price_list_id=str(list_id),
            variant_id=str(variant_id),
            min_quantities=[tier.min_quantity for tier in ordered],
        )
        await emit(ctx, session, PRICE_LIST_ENTRIES_SET, payload, aggregate_id=list_id)
    return list_id
