"""Fulfilments: an order's units leave a warehouse, ship, and the order is completed.

``create_fulfilment`` (``fulfilmentCreate``, staff) locks the order and, in one transaction,
checks the order may ship (:func:`modules.commerce.order_rules.fulfil_refusal`: paid, or cash
on delivery authorized), that each line is the order's, named once, for at most what is neither
fulfilled nor refunded yet, and that the warehouse holds that much reserved for the order; it
consumes those reservations, takes the stock out of the warehouse
(:func:`modules.commerce.inventory.ship`), raises the lines' ``fulfilled_quantity`` and moves
the order to ``partially_fulfilled`` or ``fulfilled`` (every unit fulfilled or refunded), with
``commerce.fulfilment.created`` and ``commerce.order.partially_fulfilled`` / ``fulfilled``. A
carrier or tracking number given at once ships it too. ``ship_fulfilment`` moves ``created`` →
``shipped`` (``commerce.fulfilment.shipped``). ``complete_order`` closes a fulfilled, settled
order (``commerce.order.completed``); the job ``commerce.complete_orders`` does it after the
tenant's ``auto_complete_days``.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.errors import Conflict, ErrorCode, FieldProblem, NotFound
from app.events.emit import emit
from app.ids import new_id
from app.runtime import Context
from modules.commerce.errors import conflict, not_found, refuse_if_any
from modules.commerce.fulfilment_events import (
    FULFILMENT_CREATED,
    FULFILMENT_SHIPPED,
    ORDER_COMPLETED,
    ORDER_FULFILLED,
    ORDER_PARTIALLY_FULFILLED,
    FulfilmentCreated,
    FulfilmentShipped,
    OrderCompleted,
    OrderFulfilment,
)
from modules.commerce.fulfilment_models import FulfilmentLineRow, FulfilmentRow
from modules.commerce.inventory import Reference, StockLine, ship
from modules.commerce.models import WarehouseRow
from modules.commerce.order_models import OrderLineRow, OrderRow, ReservationRow
from modules.commerce.order_rules import (
    FulfilmentStatus,
    OrderStatus,
    ReservationStatus,
    complete_refusal,
    fulfil_refusal,
)
from modules.commerce.payments import locked_order

__all__ = [
    "MAX_TRACKING",
    "FulfilmentLine",
    "FulfilmentRequest",
    "complete_locked",
    "complete_order",
    "create_fulfilment",
    "ship_fulfilment",
]

MAX_TRACKING = 100


class FulfilmentState:
    """A fulfilment's ``status`` values."""

    CREATED = "created"
    SHIPPED = "shipped"


@dataclass(frozen=True, slots=True)
class FulfilmentLine:
    """An order line and how many of it leave."""

    line_id: uuid.UUID
    quantity: int


@dataclass(frozen=True, slots=True)
class FulfilmentRequest:
    """What staff asked: from which warehouse, which lines, and the carrier's details."""

    warehouse_id: uuid.UUID
    lines: Sequence[FulfilmentLine]
    carrier: str | None = None
    tracking_number: str | None = None


def _problem(message: str, where: str) -> FieldProblem:
    return FieldProblem(ErrorCode.VALIDATION, message, where)


def _text_problems(carrier: str | None, tracking: str | None) -> list[FieldProblem]:
    found = []
    for value, where in ((carrier, "carrier"), (tracking, "trackingNumber")):
        if value is not None and not 1 <= len(value.strip()) <= MAX_TRACKING:
            found.append(_problem(f"1 to {MAX_TRACKING} characters, or null", where))
    return found


def _line_problems(
    request: FulfilmentRequest, lines: dict[uuid.UUID, OrderLineRow]
) -> list[FieldProblem]:
    found = []
    if not request.lines:
        found.append(_problem("name at least one line", "lines"))
    seen: set[uuid.UUID] = set()
    for number, wanted in enumerate(request.lines):
        at = f"lines.{number}"
        if wanted.line_id in seen:
            found.append(_problem("each line at most once", f"{at}.orderLineId"))
        seen.add(wanted.line_id)
        row = lines.get(wanted.line_id)
        if row is None:
            found.append(not_found("not a line of this order", f"{at}.orderLineId"))
            continue
        left = row.quantity - row.fulfilled_quantity - row.refunded_quantity
        if not 1 <= wanted.quantity <= max(left, 0):
            message = f"from 1 to {left}: what is neither fulfilled nor refunded yet"
            if left <= 0:
                message = "nothing is left of this line to fulfil"
            found.append(_problem(message, f"{at}.quantity"))
    return found


async def _consume(
    ctx: Context,
    session: AsyncSession,
    order: OrderRow,
    request: FulfilmentRequest,
    lines: dict[uuid.UUID, OrderLineRow],
) -> None:
    """Consume the order's reservations in the warehouse for the lines; refuse a shortfall."""
    reservations = list(
        await session.scalars(
            select(ReservationRow)
            .where(
                ReservationRow.tenant_id == order.tenant_id,
                ReservationRow.order_id == order.id,
                ReservationRow.warehouse_id == request.warehouse_id,
                ReservationRow.status == ReservationStatus.ACTIVE,
            )
            .order_by(ReservationRow.id)
        )
    )
    held: dict[uuid.UUID, int] = defaultdict(int)
    for reservation in reservations:
        held[reservation.variant_id] += reservation.quantity
    wanted: dict[uuid.UUID, int] = defaultdict(int)
    problems = []
    for number, line in enumerate(request.lines):
        variant = lines[line.line_id].variant_id
        wanted[variant] += line.quantity
        if wanted[variant] > held[variant]:
            message = f"only {held[variant]} reserved for this order in this warehouse"
            problems.append(conflict(message, f"lines.{number}.quantity"))
    refuse_if_any(problems)
    now = ctx.runtime.clock.now()
    for reservation in reservations:
        take = min(wanted[reservation.variant_id], reservation.quantity)
        if take <= 0:
            continue
        wanted[reservation.variant_id] -= take
        reservation.quantity -= take
        reservation.updated_at = now
        if reservation.quantity == 0:
            reservation.status = ReservationStatus.CONSUMED
    stock = [
        StockLine(lines[line.line_id].variant_id, request.warehouse_id, line.quantity)
        for line in request.lines
    ]
    await ship(ctx, session, stock, Reference("order", order.id))


def _customer(order: OrderRow) -> str | None:
    return None if order.customer_id is None else str(order.customer_id)


async def _mark_fulfilled(
    ctx: Context,
    session: AsyncSession,
    order: OrderRow,
    fulfilment: FulfilmentRow,
    request: FulfilmentRequest,
    lines: dict[uuid.UUID, OrderLineRow],
) -> None:
    now = ctx.runtime.clock.now()
    for wanted in request.lines:
        row = lines[wanted.line_id]
        row.fulfilled_quantity += wanted.quantity
        row.updated_at = now
    done = all(
        row.fulfilled_quantity + row.refunded_quantity >= row.quantity for row in lines.values()
    )
    order.fulfilment_status = (
        FulfilmentStatus.FULFILLED if done else FulfilmentStatus.PARTIALLY_FULFILLED
    )
    order.updated_at = now
    moved = OrderFulfilment(
        order_id=str(order.id),
        number=order.number,
        customer_id=_customer(order),
        fulfilment_id=str(fulfilment.id),
    )
    kind = ORDER_FULFILLED if done else ORDER_PARTIALLY_FULFILLED
    await emit(ctx, session, kind, moved, aggregate_id=order.id)


async def _shipped(
    ctx: Context, session: AsyncSession, order: OrderRow, fulfilment: FulfilmentRow
) -> None:
    fulfilment.status = FulfilmentState.SHIPPED
    fulfilment.shipped_at = fulfilment.updated_at = ctx.runtime.clock.now()
    payload = FulfilmentShipped(
        order_id=str(order.id),
        fulfilment_id=str(fulfilment.id),
        customer_id=_customer(order),
        carrier=fulfilment.carrier,
        tracking_number=fulfilment.tracking_number,
    )
    await emit(ctx, session, FULFILMENT_SHIPPED, payload, aggregate_id=fulfilment.id)


def _clean(value: str | None) -> str | None:
    return None if value is None else value.strip()


async def create_fulfilment(
    ctx: Context, order_id: uuid.UUID, request: FulfilmentRequest
) -> uuid.UUID:
    """Take units of an order out of a warehouse (module docstring); return the fulfilment.

    Raises:
        ValidationFailed: no lines, a line twice or for more than is left (``lines.N...``),
            a carrier or tracking number too long; NOT_FOUND for a line not of the order or an
            unknown warehouse; CONFLICT on ``lines.N.quantity`` when the warehouse holds less
            reserved for the order; INSUFFICIENT_STOCK when less is on hand.
        NotFound: no such order (``orderId``).
        Conflict: the order may not ship (the message names its state).
    """
    tenant_id = ctx.require_tenant().id
    async with ctx.runtime.db.transaction(tenant_id) as session:
        order = await locked_order(session, tenant_id, order_id)
        refusal = fulfil_refusal(order)
        if refusal is not None:
            raise Conflict(refusal)
        lines = {
            row.id: row
            for row in await session.scalars(
                select(OrderLineRow)
                .where(OrderLineRow.tenant_id == tenant_id, OrderLineRow.order_id == order.id)
                .with_for_update()
            )
        }
        problems = _line_problems(request, lines)
        problems += _text_problems(request.carrier, request.tracking_number)
        warehouse = await session.scalar(
            select(WarehouseRow.id).where(
                WarehouseRow.tenant_id == tenant_id, WarehouseRow.id == request.warehouse_id
            )
        )
        if warehouse is None:
            problems.append(not_found("no such warehouse", "warehouseId"))
        refuse_if_any(problems)
        await _consume(ctx, session, order, request, lines)
        now = ctx.runtime.clock.now()
        fulfilment = FulfilmentRow(
            tenant_id=tenant_id,
            id=new_id(),
            order_id=order.id,
            warehouse_id=request.warehouse_id,
            status=FulfilmentState.CREATED,
            carrier=_clean(request.carrier),
            tracking_number=_clean(request.tracking_number),
            created_at=now,
            updated_at=now,
        )
        session.add(fulfilment)
        await session.flush()  # the lines' foreign key needs the row (no ORM relationship)
        for line in request.lines:
            session.add(
                FulfilmentLineRow(
                    tenant_id=tenant_id,
                    fulfilment_id=fulfilment.id,
                    order_line_id=line.line_id,
                    quantity=line.quantity,
                )
            )
        created = FulfilmentCreated(
            order_id=str(order.id),
            fulfilment_id=str(fulfilment.id),
            warehouse_id=str(request.warehouse_id),
            line_count=len(request.lines),
        )
        await emit(ctx, session, FULFILMENT_CREATED, created, aggregate_id=fulfilment.id)
        if fulfilment.carrier is not None or fulfilment.tracking_number is not None:
            await _shipped(ctx, session, order, fulfilment)
        await _mark_fulfilled(ctx, session, order, fulfilment, request, lines)
        return fulfilment.id


async def ship_fulfilment(
    ctx: Context, fulfilment_id: uuid.UUID, carrier: str | None, tracking: str | None
) -> uuid.UUID:
    """Hand a created fulfilment to a carrier.

    Raises:
        ValidationFailed: a carrier or tracking number too long or blank.
        NotFound: no such fulfilment (``id``).
        Conflict: it shipped already.
    """
    refuse_if_any(_text_problems(carrier, tracking))
    tenant_id = ctx.require_tenant().id
    async with ctx.runtime.db.transaction(tenant_id) as session:
        order_id = await session.scalar(
            select(FulfilmentRow.order_id).where(
                FulfilmentRow.tenant_id == tenant_id, FulfilmentRow.id == fulfilment_id
            )
        )
        if order_id is None:
            raise NotFound("no such fulfilment", field="id")
        order = await locked_order(session, tenant_id, order_id, field="id")
        fulfilment = await session.scalar(
            select(FulfilmentRow)
            .where(FulfilmentRow.tenant_id == tenant_id, FulfilmentRow.id == fulfilment_id)
            .with_for_update()
        )
        if fulfilment is None:
            raise NotFound("no such fulfilment", field="id")
        if fulfilment.status != FulfilmentState.CREATED:
            raise Conflict(f"the fulfilment is {fulfilment.status}")
        fulfilment.carrier = _clean(carrier) or fulfilment.carrier
        fulfilment.tracking_number = _clean(tracking) or fulfilment.tracking_number
        await _shipped(ctx, session, order, fulfilment)
    return fulfilment_id


async def complete_locked(ctx: Context, session: AsyncSession, order: OrderRow) -> None:
    """Complete a locked, completable order and emit the event."""
    now = ctx.runtime.clock.now()
    order.status, order.completed_at, order.updated_at = OrderStatus.COMPLETED, now, now
    done = OrderCompleted(order_id=str(order.id), number=order.number, customer_id=_customer(order))
    await emit(ctx, session, ORDER_COMPLETED, done, aggregate_id=order.id)


async def complete_order(ctx: Context, order_id: uuid.UUID) -> uuid.UUID:
    """Close a fulfilled order whose payment is settled (staff).

    Raises:
        NotFound: no such order (``id``).
        Conflict: the order is not placed, not fulfilled, or not settled (named in the message).
    """
    tenant_id = ctx.require_tenant().id
    async with ctx.runtime.db.transaction(tenant_id) as session:
        order = await locked_order(session, tenant_id, order_id, field="id")
        refusal = complete_refusal(order)
        if refusal is not None:
            raise Conflict(refusal)
        await complete_locked(ctx, session, order)
    return order_id
