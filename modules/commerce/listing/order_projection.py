"""The projection ``commerce.orders``: the admin's order list rows, one per order.

Every ``commerce.order.*`` event (its aggregate id is the order's id) refreshes that order's
row from the source tables, never from the payload: the order's own columns, the units its
lines hold, its customer's name (the core's ``core_customers``) and its latest event. So an
order event this code has never heard of (payments, refunds, fulfilments as they land) keeps
the row current all the same, and replays, late events and rebuilds converge on the same rows.
``core.customer.updated`` refreshes every order of that customer (keyed ``customer:<id>``):
their name or e-mail may have changed.

``email`` is the order's own e-mail, or its customer's when the cart had none; ``search_text``
holds the number, e-mail and name, lower-cased, for the list's search.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence

from sqlalchemy import delete, func, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.events.declarations import Projection, RefreshContext
from app.events.envelope import Event
from app.events.models import EventRow
from app.identity.customer_models import CustomerRow
from modules.commerce.listing.order_models import OrderListingRow
from modules.commerce.order_models import OrderLineRow, OrderRow

__all__ = ["ORDERS"]

_ROW = OrderListingRow
_CUSTOMER = "customer:"


def _aggregate(event: Event) -> str:
    """Return what an event refreshes: the order, or every order of a customer."""
    if event.type.startswith("core.customer."):
        return f"{_CUSTOMER}{event.aggregate_id}"
    return event.aggregate_id


async def _orders_of(
    session: AsyncSession, tenant_id: uuid.UUID, ids: Iterable[str]
) -> list[uuid.UUID]:
    orders: set[uuid.UUID] = set()
    customers: list[uuid.UUID] = []
    for value in ids:
        if value.startswith(_CUSTOMER):
            customers.append(uuid.UUID(value.removeprefix(_CUSTOMER)))
        else:
            orders.add(uuid.UUID(value))
    if customers:
        theirs = select(OrderRow.id).where(
            OrderRow.tenant_id == tenant_id, OrderRow.customer_id.in_(customers)
        )
        orders |= set(await session.scalars(theirs))
    return sorted(orders)


async def _latest_events(
    session: AsyncSession, tenant_id: uuid.UUID, keys: Sequence[uuid.UUID]
) -> dict[str, uuid.UUID]:
    """Return each order's latest event still kept in the event store (highest sequence)."""
    scope = (
        EventRow.tenant_id == tenant_id,
        EventRow.aggregate_type == "commerce.order",
        EventRow.aggregate_id.in_([str(key) for key in keys]),
    )
    latest = (
        select(EventRow.aggregate_id, func.max(EventRow.sequence).label("sequence"))
        .where(*scope)
        .group_by(EventRow.aggregate_id)
        .subquery()
    )
    rows = await session.execute(
        select(EventRow.aggregate_id, EventRow.id)
        .join(
            latest,
            (latest.c.aggregate_id == EventRow.aggregate_id)
            & (latest.c.sequence == EventRow.sequence),
        )
        .where(*scope)
    )
    return {aggregate: event_id for aggregate, event_id in rows}


async def build_rows(
    session: AsyncSession, tenant_id: uuid.UUID, keys: Sequence[uuid.UUID]
) -> list[dict[str, object]]:
    """Return the list rows of the orders ``keys`` (none for those gone at the source)."""
    units = (
        select(func.coalesce(func.sum(OrderLineRow.quantity), 0))
        .where(OrderLineRow.tenant_id == OrderRow.tenant_id, OrderLineRow.order_id == OrderRow.id)
        .scalar_subquery()
    )
    found = await session.execute(
        select(OrderRow, CustomerRow.display_name, CustomerRow.email, units)
        .outerjoin(
            CustomerRow,
            (CustomerRow.tenant_id == OrderRow.tenant_id)
            & (CustomerRow.id == OrderRow.customer_id),
        )
        .where(OrderRow.tenant_id == tenant_id, OrderRow.id.in_(keys))
    )
    rows = found.all()
    latest = await _latest_events(session, tenant_id, keys) if rows else {}
    return [
        _shaped(order, name, order.email or customer_email, int(count), latest.get(str(order.id)))
        for order, name, customer_email, count in rows
    ]


def _shaped(
    order: OrderRow,
    name: str | None,
    email: str | None,
    item_count: int,
    last_event_id: uuid.UUID | None,
) -> dict[str, object]:
    words = " ".join(part for part in (order.number, email, name) if part)
    return {
        "tenant_id": order.tenant_id,
        "order_id": order.id,
        "number": order.number,
        "status": order.status,
        "payment_status": order.payment_status,
        "fulfilment_status": order.fulfilment_status,
        "customer_id": order.customer_id,
        "customer_name": name,
        "email": email,
        "currency": order.currency,
        "total_amount": order.total_amount,
        "item_count": item_count,
        "placed_at": order.placed_at,
        "updated_at": order.updated_at,
        "search_text": words.lower(),
        "last_event_id": last_event_id,
    }


async def refresh(context: RefreshContext, ids: list[str]) -> None:
    """Rebuild the rows of what ``ids`` name (dropping orders gone at the source)."""
    session, tenant_id = context.session, context.tenant_id
    keys = await _orders_of(session, tenant_id, ids)
    if not keys:
        return
    await session.execute(delete(_ROW).where(_ROW.tenant_id == tenant_id, _ROW.order_id.in_(keys)))
    built = await build_rows(session, tenant_id, keys)
    if built:
        await session.execute(insert(_ROW), built)


async def aggregates(context: RefreshContext) -> list[str]:
    """List every order of the tenant."""
    ids = await context.session.scalars(
        select(OrderRow.id).where(OrderRow.tenant_id == context.tenant_id)
    )
    return [str(value) for value in ids]


async def indexed(context: RefreshContext) -> list[str]:
    """List every order with a row."""
    ids = await context.session.scalars(
        select(_ROW.order_id).where(_ROW.tenant_id == context.tenant_id)
    )
    return [str(value) for value in ids]


async def clear(context: RefreshContext) -> None:
    """Delete every row of the tenant."""
    await context.session.execute(delete(_ROW).where(_ROW.tenant_id == context.tenant_id))


ORDERS = Projection(
    name="commerce.orders",
    events=("commerce.order.*", "core.customer.updated"),
    tables=("idx_commerce_orders",),
    refresh=refresh,
    aggregates=aggregates,
    clear=clear,
    indexed=indexed,
    aggregate_of=_aggregate,
)
