"""Discounts: create, update and delete, each with its event.

The result of every write is checked whole (``modules.commerce.discount_rules``); a code taken
by another discount of the shop is a CONFLICT on ``code``, and a target the shop does not have
(a product or a category) NOT_FOUND on ``targetIds``. An update names the fields it changed in
its event (``code`` as changed when only its case differs is not a change: codes are stored
upper-case). Deleting a discount takes it off the carts it was applied to; orders keep what it
took off them (``commerce_order_discounts`` has no key to it).
"""

from __future__ import annotations

import enum
import uuid
from dataclasses import dataclass, fields
from datetime import datetime
from typing import TypeVar

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.errors import FieldProblem, NotFound
from app.events.emit import emit
from app.ids import new_id
from app.runtime import Context
from modules.commerce.discount_events import (
    DISCOUNT_CREATED,
    DISCOUNT_DELETED,
    DISCOUNT_UPDATED,
    DiscountChanged,
    DiscountRef,
)
from modules.commerce.discount_models import DiscountRow, DiscountTargetRow
from modules.commerce.discount_rules import (
    DiscountKind,
    DiscountSpec,
    DiscountStatus,
    DiscountTarget,
    spec_problems,
)
from modules.commerce.errors import conflict, not_found, refuse_if_any
from modules.commerce.models import CategoryRow, ProductRow
from modules.commerce.settings import load_settings

__all__ = [
    "KEEP",
    "DiscountChanges",
    "Keep",
    "create_discount",
    "delete_discount",
    "target_ids_of",
    "update_discount",
]

T = TypeVar("T")


class Keep(enum.Enum):
    """An update field that was not given: keep what the discount has."""

    KEEP = "keep"


KEEP = Keep.KEEP


@dataclass(frozen=True, slots=True, kw_only=True)
class DiscountChanges:
    """A discount's changes; KEEP leaves a field as it is (None clears a nullable one)."""

    code: str | Keep | None = KEEP
    name: str | Keep = KEEP
    is_automatic: bool | Keep = KEEP
    kind: DiscountKind | Keep = KEEP
    value: int | Keep = KEEP
    currency: str | Keep | None = KEEP
    target: DiscountTarget | Keep = KEEP
    target_ids: tuple[uuid.UUID, ...] | Keep = KEEP
    min_subtotal: int | Keep | None = KEEP
    usage_limit: int | Keep | None = KEEP
    usage_limit_per_customer: int | Keep | None = KEEP
    starts_at: datetime | Keep | None = KEEP
    ends_at: datetime | Keep | None = KEEP
    combinable: bool | Keep = KEEP
    status: DiscountStatus | Keep = KEEP


def _pick(change: T | Keep, current: T) -> T:
    return current if isinstance(change, Keep) else change


def _changed(spec: DiscountSpec, changes: DiscountChanges) -> DiscountSpec:
    c = changes
    return DiscountSpec(
        code=_pick(c.code, spec.code),
        name=_pick(c.name, spec.name),
        is_automatic=_pick(c.is_automatic, spec.is_automatic),
        kind=_pick(c.kind, spec.kind),
        value=_pick(c.value, spec.value),
        currency=_pick(c.currency, spec.currency),
        target=_pick(c.target, spec.target),
        target_ids=_pick(c.target_ids, spec.target_ids),
        min_subtotal=_pick(c.min_subtotal, spec.min_subtotal),
        usage_limit=_pick(c.usage_limit, spec.usage_limit),
        usage_limit_per_customer=_pick(c.usage_limit_per_customer, spec.usage_limit_per_customer),
        starts_at=_pick(c.starts_at, spec.starts_at),
        ends_at=_pick(c.ends_at, spec.ends_at),
        combinable=_pick(c.combinable, spec.combinable),
        status=_pick(c.status, spec.status),
    )


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def _differences(old: DiscountSpec, new: DiscountSpec) -> list[str]:
    found = []
    for field in fields(DiscountSpec):
        before, after = getattr(old, field.name), getattr(new, field.name)
        if field.name == "target_ids":
            before, after = set(before), set(after)
        if before != after:
            found.append(_camel(field.name))
    return found


async def _store_problems(
    session: AsyncSession, tenant_id: uuid.UUID, spec: DiscountSpec, exclude: uuid.UUID | None
) -> list[FieldProblem]:
    found = []
    if spec.code is not None:
        taken = select(DiscountRow.id).where(
            DiscountRow.tenant_id == tenant_id, DiscountRow.code == spec.code
        )
        if exclude is not None:
            taken = taken.where(DiscountRow.id != exclude)
        if await session.scalar(taken) is not None:
            found.append(conflict(f"another discount has the code {spec.code!r}", "code"))
    if spec.target != "order" and spec.target_ids:
        model = ProductRow if spec.target == "products" else CategoryRow
        known = set(
            await session.scalars(
                select(model.id).where(model.tenant_id == tenant_id, model.id.in_(spec.target_ids))
            )
        )
        if known != set(spec.target_ids):
            noun = "product" if spec.target == "products" else "category"
            found.append(
                not_found(f"no such {noun}: {len(set(spec.target_ids) - known)}", "targetIds")
            )
    return found


def _write(row: DiscountRow, spec: DiscountSpec) -> None:
    row.code, row.name, row.is_automatic = spec.code, spec.name.strip(), spec.is_automatic
    row.kind, row.value, row.currency = spec.kind, spec.value, spec.currency
    row.target, row.min_subtotal_amount = spec.target, spec.min_subtotal
    row.usage_limit, row.usage_limit_per_customer = spec.usage_limit, spec.usage_limit_per_customer
    row.starts_at, row.ends_at = spec.starts_at, spec.ends_at
    row.combinable, row.status = spec.combinable, spec.status


async def _write_targets(session: AsyncSession, row: DiscountRow, spec: DiscountSpec) -> None:
    await session.execute(
        delete(DiscountTargetRow).where(
            DiscountTargetRow.tenant_id == row.tenant_id, DiscountTargetRow.discount_id == row.id
        )
    )
    kind = "product" if spec.target == "products" else "category"
    for target_id in dict.fromkeys(spec.target_ids):
        session.add(
            DiscountTargetRow(
                tenant_id=row.tenant_id, discount_id=row.id, target_type=kind, target_id=target_id
            )
        )
    await session.flush()


async def _check(
    session: AsyncSession, tenant_id: uuid.UUID, spec: DiscountSpec, exclude: uuid.UUID | None
) -> None:
    settings = await load_settings(session, tenant_id)
    refuse_if_any(spec_problems(spec, settings))
    refuse_if_any(await _store_problems(session, tenant_id, spec, exclude))


async def create_discount(ctx: Context, spec: DiscountSpec) -> uuid.UUID:
    """Create a discount (no uses yet); emit ``commerce.discount.created``.

    Raises:
        ValidationFailed: every problem at once (CONFLICT on ``code`` when it is taken,
            NOT_FOUND on ``targetIds`` for a target the shop does not have).
    """
    tenant_id = ctx.require_tenant().id
    async with ctx.runtime.db.transaction(tenant_id) as session:
        await _check(session, tenant_id, spec, None)
        now = ctx.runtime.clock.now()
        row = DiscountRow(
            tenant_id=tenant_id, id=new_id(), usage_count=0, created_at=now, updated_at=now
        )
        _write(row, spec)
        session.add(row)
        await session.flush()
        await _write_targets(session, row, spec)
        payload = DiscountRef(discount_id=str(row.id), code=row.code)
        await emit(ctx, session, DISCOUNT_CREATED, payload, aggregate_id=row.id)
    return row.id


async def _locked(
    session: AsyncSession, tenant_id: uuid.UUID, discount_id: uuid.UUID
) -> DiscountRow:
    row = await session.scalar(
        select(DiscountRow)
        .where(DiscountRow.tenant_id == tenant_id, DiscountRow.id == discount_id)
        .with_for_update()
    )
    if row is None:
        raise NotFound("no such discount", field="id")
    return row


async def target_ids_of(
    session: AsyncSession, tenant_id: uuid.UUID, discount_id: uuid.UUID
) -> tuple[uuid.UUID, ...]:
    """Return a discount's target IDs."""
    rows = await session.scalars(
        select(DiscountTargetRow.target_id)
        .where(
            DiscountTargetRow.tenant_id == tenant_id, DiscountTargetRow.discount_id == discount_id
        )
        .order_by(DiscountTargetRow.target_id)
    )
    return tuple(rows)


async def update_discount(ctx: Context, discount_id: uuid.UUID, changes: DiscountChanges) -> None:
    """Change a discount's fields; emit ``commerce.discount.updated`` if any changed.

    Raises:
        ValidationFailed: every problem with the result at once, as for creating one.
        NotFound: the tenant has no such discount (``id``).
    """
    tenant_id = ctx.require_tenant().id
    async with ctx.runtime.db.transaction(tenant_id) as session:
        row = await _locked(session, tenant_id, discount_id)
        old = DiscountSpec.of(row, await target_ids_of(session, tenant_id, row.id))
        new = _changed(old, changes)
        await _check(session, tenant_id, new, row.id)
        changed = _differences(old, new)
        if not changed:
            return
        _write(row, new)
        row.updated_at = ctx.runtime.clock.now()
        if "targetIds" in changed or "target" in changed:
            await _write_targets(session, row, new)
        payload = DiscountChanged(discount_id=str(row.id), code=row.code, changed=changed)
        await emit(ctx, session, DISCOUNT_UPDATED, payload, aggregate_id=row.id)


async def delete_discount(ctx: Context, discount_id: uuid.UUID) -> None:
    """Delete a discount, its targets and its codes on carts; emit ``commerce.discount.deleted``.

    Raises:
        NotFound: the tenant has no such discount (``id``).
    """
    tenant_id = ctx.require_tenant().id
    async with ctx.runtime.db.transaction(tenant_id) as session:
        row = await _locked(session, tenant_id, discount_id)
        await session.delete(row)
        await session.flush()
        payload = DiscountRef(discount_id=str(row.id), code=row.code)
        await emit(ctx, session, DISCOUNT_DELETED, payload, aggregate_id=row.id)
