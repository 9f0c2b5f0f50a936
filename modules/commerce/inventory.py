"""Stock: adjust what a warehouse holds, and reserve or release it for orders.

Every change locks the stock level row first (``SELECT ... FOR UPDATE`` on PostgreSQL; SQLite
has one writer at a time), so concurrent changes queue instead of losing one another's update.
It writes one movement row per level changed (the audit trail) and emits
``commerce.stock.changed``, all in the caller's transaction. ``available`` (on hand less
reserved) never goes below zero unless the variant allows backorders or is not tracked;
a refused change writes nothing.

:func:`adjust_stock` serves ``stockAdjust``; :func:`reserve` and :func:`release` are the
primitives checkout (#8) builds on, and :func:`ship` the one fulfilments take reserved stock out
of the warehouse with, each run inside its caller's transaction.
"""

from __future__ import annotations

import enum
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.db.upsert import insert_for
from app.errors import ErrorCode, FieldProblem
from app.events.emit import emit
from app.identity.people import reference_of
from app.ids import new_id
from app.runtime import Context
from modules.commerce.errors import conflict, not_found, refuse_if_any
from modules.commerce.events import STOCK_CHANGED, StockChanged
from modules.commerce.models import StockLevelRow, StockMovementRow, VariantRow, WarehouseRow

__all__ = [
    "MAX_STOCK",
    "Reference",
    "StockAdjustment",
    "StockLine",
    "StockReason",
    "adjust_stock",
    "is_in_stock",
    "release",
    "reserve",
    "ship",
]

MAX_STOCK = 1_000_000_000
MAX_NOTE = 500


class StockReason(enum.Enum):
    """Why a stock level changed (the movement's ``reason``)."""

    ADJUSTMENT = "adjustment"
    RECEIPT = "receipt"
    RETURN = "return"
    RESERVATION = "reservation"
    RELEASE = "release"
    FULFILMENT = "fulfilment"


ADDING = frozenset({StockReason.RECEIPT, StockReason.RETURN})
ADJUSTING = frozenset({StockReason.ADJUSTMENT, *ADDING})


@dataclass(frozen=True, slots=True, kw_only=True)
class StockAdjustment:
    """A counted change of one level: ``on_hand_delta`` or the new ``on_hand``, not both."""

    variant_id: uuid.UUID
    warehouse_id: uuid.UUID
    on_hand_delta: int | None = None
    on_hand: int | None = None
    reason: StockReason = StockReason.ADJUSTMENT
    note: str | None = None


@dataclass(frozen=True, slots=True)
class StockLine:
    """A quantity of a variant in a warehouse, to reserve or release."""

    variant_id: uuid.UUID
    warehouse_id: uuid.UUID
    quantity: int


@dataclass(frozen=True, slots=True)
class Reference:
    """What a movement was made for (``order`` and its id)."""

    type: str
    id: uuid.UUID


def _problem(message: str, field: str) -> FieldProblem:
    return FieldProblem(ErrorCode.VALIDATION, message, field)


def _short(field: str, available: int) -> FieldProblem:
    message = f"only {max(available, 0)} available"
    return FieldProblem(ErrorCode.INSUFFICIENT_STOCK, message, field)


def _is_limited(variant: VariantRow) -> bool:
    """Return whether the variant's stock limits what may be promised."""
    return variant.track_inventory and not variant.allow_backorder


def is_in_stock(variant: VariantRow, levels: Iterable[tuple[StockLevelRow, WarehouseRow]]) -> bool:
    """Return whether the variant can be sold now: untracked, on backorder, or available.

    Only active warehouses count; a warehouse short of stock does not cancel out another's.
    """
    if not _is_limited(variant):
        return True
    return any(level.available > 0 for level, warehouse in levels if warehouse.is_active)


def adjustment_problems(change: StockAdjustment) -> list[FieldProblem]:
    """Return what is wrong with an adjustment before any look-up, every problem at once."""
    found: list[FieldProblem] = []
    if (change.on_hand_delta is None) == (change.on_hand is None):
        found.append(_problem("give `onHandDelta` or `onHand`, exactly one", "onHandDelta"))
    if change.on_hand_delta == 0:
        found.append(_problem("a change of at least 1 either way", "onHandDelta"))
    if change.on_hand_delta is not None and abs(change.on_hand_delta) > MAX_STOCK:
        found.append(_problem(f"a change of at most {MAX_STOCK} either way", "onHandDelta"))
    if change.on_hand is not None and not 0 <= change.on_hand <= MAX_STOCK:
        found.append(_problem(f"a count from 0 to {MAX_STOCK}", "onHand"))
    if change.reason not in ADJUSTING:
        found.append(_problem("ADJUSTMENT, RECEIPT or RETURN", "reason"))
    if change.note is not None and len(change.note) > MAX_NOTE:
        found.append(_problem(f"a note of at most {MAX_NOTE} characters", "note"))
    return found


async def _lock_level(
    ctx: Context, session: AsyncSession, variant_id: uuid.UUID, warehouse_id: uuid.UUID
) -> StockLevelRow:
    """Return the level, created at zero if missing, locked until the transaction ends."""
    tenant_id = ctx.require_tenant().id
    now = ctx.runtime.clock.now()
    values = {
        "tenant_id": tenant_id,
        "variant_id": variant_id,
        "warehouse_id": warehouse_id,
        "on_hand": 0,
        "reserved": 0,
        "created_at": now,
        "updated_at": now,
    }
    await session.execute(
        insert_for(session, StockLevelRow.__table__).values(values).on_conflict_do_nothing()
    )
    level = await session.scalar(
        select(StockLevelRow)
        .where(
            StockLevelRow.tenant_id == tenant_id,
            StockLevelRow.variant_id == variant_id,
            StockLevelRow.warehouse_id == warehouse_id,
        )
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    if level is None:  # the row was inserted or kept just above, in this transaction
        raise LookupError(f"stock level {variant_id}/{warehouse_id} vanished")
    return level


async def _record(
    ctx: Context,
    session: AsyncSession,
    variant: VariantRow,
    level: StockLevelRow,
    movement: StockMovementRow,
) -> None:
    """Write the movement and emit ``commerce.stock.changed`` for the level it changed."""
    actor = reference_of(ctx.principal)
    movement.tenant_id, movement.id = level.tenant_id, new_id()
    movement.actor_kind, movement.actor_id = actor.kind.value, actor.id
    movement.created_at = level.updated_at = ctx.runtime.clock.now()
    session.add(movement)
    payload = StockChanged(
        product_id=str(variant.product_id),
        variant_id=str(variant.id),
        warehouse_id=str(level.warehouse_id),
        reason=movement.reason,
        available=level.available,
    )
    await emit(ctx, session, STOCK_CHANGED, payload, aggregate_id=variant.id)


async def _variants(
    session: AsyncSession, tenant_id: uuid.UUID, ids: set[uuid.UUID]
) -> dict[uuid.UUID, VariantRow]:
    rows = await session.scalars(
        select(VariantRow).where(VariantRow.tenant_id == tenant_id, VariantRow.id.in_(ids))
    )
    return {row.id: row for row in rows}


async def _warehouses(
    session: AsyncSession, tenant_id: uuid.UUID, ids: set[uuid.UUID]
) -> dict[uuid.UUID, WarehouseRow]:
    rows = await session.scalars(
        select(WarehouseRow).where(WarehouseRow.tenant_id == tenant_id, WarehouseRow.id.in_(ids))
    )
    return {row.id: row for row in rows}


async def _known_variant(
    session: AsyncSession, tenant_id: uuid.UUID, change: StockAdjustment
) -> VariantRow:
    """Return the adjusted variant; NOT_FOUND for it and for the warehouse, both at once."""
    variant = (await _variants(session, tenant_id, {change.variant_id})).get(change.variant_id)
    problems = [] if variant else [not_found("no such variant", "variantId")]
    if not await _warehouses(session, tenant_id, {change.warehouse_id}):
        problems.append(not_found("no such warehouse", "warehouseId"))
    refuse_if_any(problems)
    if variant is None:  # refused just above; this tells the type checker
        raise LookupError(change.variant_id)
    return variant


def _new_on_hand_problems(
    change: StockAdjustment, variant: VariantRow, level: StockLevelRow, wanted: int
) -> list[FieldProblem]:
    field = "onHand" if change.on_hand is not None else "onHandDelta"
    if change.reason in ADDING and wanted < level.on_hand:
        return [_problem("a receipt or a return adds stock", "reason")]
    if not 0 <= wanted <= MAX_STOCK:
        return [_problem(f"on hand from 0 to {MAX_STOCK}; it is {level.on_hand}", field)]
    if _is_limited(variant) and wanted < level.on_hand and wanted < level.reserved:
        return [_short(field, level.available)]
    return []


async def adjust_stock(ctx: Context, change: StockAdjustment) -> StockLevelRow:
    """Count a variant's stock in a warehouse up or down; return the level after the change.

    Writes one ``adjustment``, ``receipt`` or ``return`` movement and emits
    ``commerce.stock.changed``; a count equal to the current one changes nothing.

    Raises:
        ValidationFailed: every problem at once: VALIDATION for the input, NOT_FOUND for
            ``variantId`` or ``warehouseId``, INSUFFICIENT_STOCK when fewer would be on hand
            than are reserved for a variant that does not allow backorders.
    """
    refuse_if_any(adjustment_problems(change))
    tenant_id = ctx.require_tenant().id
    async with ctx.runtime.db.transaction(tenant_id) as session:
        variant = await _known_variant(session, tenant_id, change)
        level = await _lock_level(ctx, session, change.variant_id, change.warehouse_id)
        wanted = change.on_hand
        if wanted is None:
            wanted = level.on_hand + (change.on_hand_delta or 0)
        refuse_if_any(_new_on_hand_problems(change, variant, level, wanted))
        if wanted == level.on_hand:
            return level
        movement = StockMovementRow(
            variant_id=variant.id,
            warehouse_id=level.warehouse_id,
            on_hand_delta=wanted - level.on_hand,
            reserved_delta=0,
            reason=change.reason.value,
            note=(change.note or "").strip() or None,
        )
        level.on_hand = wanted
        await _record(ctx, session, variant, level, movement)
    return level


def _merged(lines: Sequence[StockLine]) -> dict[tuple[uuid.UUID, uuid.UUID], tuple[int, int]]:
    """Return each (variant, warehouse) once, sorted (the lock order): (first line, quantity)."""
    merged: dict[tuple[uuid.UUID, uuid.UUID], tuple[int, int]] = {}
    for number, line in enumerate(lines):
        key = (line.variant_id, line.warehouse_id)
        first, quantity = merged.get(key, (number, 0))
        merged[key] = (first, quantity + line.quantity)
    return dict(sorted(merged.items()))


async def _line_problems(
    session: AsyncSession,
    tenant_id: uuid.UUID,
    lines: Sequence[StockLine],
    reason: StockReason,
    field: str,
) -> tuple[list[FieldProblem], dict[uuid.UUID, VariantRow]]:
    """Check the lines before any lock; an inactive warehouse takes no new reservation."""
    variants = await _variants(session, tenant_id, {line.variant_id for line in lines})
    warehouses = await _warehouses(session, tenant_id, {line.warehouse_id for line in lines})
    found: list[FieldProblem] = []
    for number, line in enumerate(lines):
        at = f"{field}.{number}"
        if not 1 <= line.quantity <= MAX_STOCK:
            found.append(_problem(f"a quantity from 1 to {MAX_STOCK}", f"{at}.quantity"))
        if line.variant_id not in variants:
            found.append(not_found("no such variant", f"{at}.variantId"))
        warehouse = warehouses.get(line.warehouse_id)
        if warehouse is None:
            found.append(not_found("no such warehouse", f"{at}.warehouseId"))
        elif not warehouse.is_active and reason is StockReason.RESERVATION:
            found.append(conflict("the warehouse is not active", f"{at}.warehouseId"))
    return found, variants


async def _change_reserved(
    ctx: Context,
    session: AsyncSession,
    lines: Sequence[StockLine],
    reference: Reference,
    reason: StockReason,
    field: str,
) -> None:
    tenant_id = ctx.require_tenant().id
    problems, variants = await _line_problems(session, tenant_id, lines, reason, field)
    refuse_if_any(problems)
    sign = 1 if reason is StockReason.RESERVATION else -1
    locked = []
    for (variant_id, warehouse_id), (first, quantity) in _merged(lines).items():
        level = await _lock_level(ctx, session, variant_id, warehouse_id)
        at = f"{field}.{first}.quantity"
        if sign < 0 and level.reserved < quantity:
            problems.append(conflict(f"only {level.reserved} reserved", at))
        elif sign > 0 and _is_limited(variants[variant_id]) and level.available < quantity:
            problems.append(_short(at, level.available))
        locked.append((variants[variant_id], level, quantity))
    refuse_if_any(problems)
    for variant, level, quantity in locked:
        level.reserved += sign * quantity
        movement = StockMovementRow(
            variant_id=variant.id,
            warehouse_id=level.warehouse_id,
            on_hand_delta=0,
            reserved_delta=sign * quantity,
            reason=reason.value,
            reference_type=reference.type,
            reference_id=reference.id,
        )
        await _record(ctx, session, variant, level, movement)


async def reserve(
    ctx: Context,
    session: AsyncSession,
    lines: Sequence[StockLine],
    reference: Reference,
    *,
    field: str = "lines",
) -> None:
    """Promise stock to ``reference`` (an order) in the caller's transaction: all or nothing.

    Levels are locked in one order (variant, warehouse), so two checkouts never deadlock.
    Lines naming the same variant and warehouse count together.

    Raises:
        ValidationFailed: every problem at once, each naming ``<field>.<n>.<input>``:
            INSUFFICIENT_STOCK when fewer are available than asked (unless the variant allows
            backorders or is not tracked), NOT_FOUND for an unknown variant or warehouse,
            CONFLICT for an inactive warehouse, VALIDATION for a quantity below 1. The caller's
            transaction must then roll back (nothing was changed yet).
    """
    await _change_reserved(ctx, session, lines, reference, StockReason.RESERVATION, field)


async def release(
    ctx: Context,
    session: AsyncSession,
    lines: Sequence[StockLine],
    reference: Reference,
    *,
    field: str = "lines",
) -> None:
    """Give back stock reserved for ``reference`` (a cancelled or expired order): all or nothing.

    Raises:
        ValidationFailed: as :func:`reserve`, with CONFLICT when fewer are reserved than given
            back.
    """
    await _change_reserved(ctx, session, lines, reference, StockReason.RELEASE, field)


async def ship(
    ctx: Context,
    session: AsyncSession,
    lines: Sequence[StockLine],
    reference: Reference,
    *,
    field: str = "lines",
) -> None:
    """Take stock reserved for ``reference`` out of the warehouse (a fulfilment): all or nothing.

    Each level loses the quantity from both ``reserved`` and ``on_hand``.

    Raises:
        ValidationFailed: as :func:`release`, with CONFLICT when fewer are reserved than
            shipped and INSUFFICIENT_STOCK when fewer are on hand (a backorder not yet in).
    """
    tenant_id = ctx.require_tenant().id
    problems, variants = await _line_problems(
        session, tenant_id, lines, StockReason.FULFILMENT, field
    )
    refuse_if_any(problems)
    locked = []
    for (variant_id, warehouse_id), (first, quantity) in _merged(lines).items():
        level = await _lock_level(ctx, session, variant_id, warehouse_id)
        at = f"{field}.{first}.quantity"
        if level.reserved < quantity:
            problems.append(conflict(f"only {level.reserved} reserved", at))
        elif level.on_hand < quantity:
            message = f"only {level.on_hand} on hand: receive the backorder first"
            problems.append(FieldProblem(ErrorCode.INSUFFICIENT_STOCK, message, at))
        locked.append((variants[variant_id], level, quantity))
    refuse_if_any(problems)
    for variant, level, quantity in locked:
        level.reserved -= quantity
        level.on_hand -= quantity
        movement = StockMovementRow(
            variant_id=variant.id,
            warehouse_id=level.warehouse_id,
            on_hand_delta=-quantity,
            reserved_delta=-quantity,
            reason=StockReason.FULFILMENT.value,
            reference_type=reference.type,
            reference_id=reference.id,
        )
        await _record(ctx, session, variant, level, movement)
