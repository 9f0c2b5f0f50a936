"""The outbox benchmarks' module, ``benchout``: two event types, a no-op handler, a projection.

It is registered only by the benchmarks (``build_registry(settings, extra_modules=(module,))``)
and migrated like any module, from ``bench/outbox_migrations`` (row-level security included).

- ``benchout.item.touched`` goes to ``benchout.noop``, a handler with no effect: what the
  pipeline itself costs per delivery.
- ``benchout.item.changed`` goes to ``benchout.listing``, a projection that upserts one
  ``idx_benchout_listing`` row per item from ``benchout_items`` (and deletes the rows of items
  gone at the source): a real read model, refreshed from the source state.

``touch_item`` is the service a write goes through: one UPDATE of the source row and one
``emit``, in one transaction.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from sqlalchemy import BigInteger, Index, String, delete, exists, select, update
from sqlalchemy import event as sa_event
from sqlalchemy.orm import Mapped, Session, mapped_column

from app.db import Base, TenantScoped
from app.db.upsert import insert_for
from app.events.declarations import (
    DeliveryContext,
    EventPayload,
    EventType,
    Handler,
    Projection,
    RefreshContext,
)
from app.events.emit import emit
from app.events.envelope import Event
from app.registry import Module, Permission
from app.runtime import Context

__all__ = [
    "ITEM_CHANGED",
    "ITEM_TOUCHED",
    "LISTING",
    "MODULE_NAME",
    "NOOP",
    "ItemChanged",
    "ItemRow",
    "ListingRow",
    "item_id",
    "module",
    "touch_item",
]

MODULE_NAME = "benchout"
VIEW_ITEMS = Permission("benchout.view_items", "See the benchmark's items.")


class ItemRow(TenantScoped, Base):
    """The source table: one item per aggregate."""

    __tablename__ = "benchout_items"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    stamp: Mapped[int] = mapped_column(BigInteger)
    updated_at: Mapped[datetime]


class ListingRow(Base):
    """The read table the projection keeps: one row per item, a copy of its source state."""

    __tablename__ = "idx_benchout_listing"
    __table_args__ = (Index("ix_idx_benchout_listing_tenant_id_stamp", "tenant_id", "stamp"),)

    tenant_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    item_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    stamp: Mapped[int] = mapped_column(BigInteger)
    updated_at: Mapped[datetime]


class ItemTouched(EventPayload):
    """An item was touched; nothing reads it but the no-op handler."""

    stamp: int


class ItemChanged(EventPayload):
    """An item changed; its id is the aggregate id."""

    name: str
    stamp: int


ITEM_TOUCHED = EventType(
    name="benchout.item.touched",
    version=1,
    payload=ItemTouched,
    permission=VIEW_ITEMS,
    description="An item was touched (benchmark only).",
)
ITEM_CHANGED = EventType(
    name="benchout.item.changed",
    version=1,
    payload=ItemChanged,
    permission=VIEW_ITEMS,
    description="An item changed (benchmark only).",
)


async def _nothing(_context: DeliveryContext, _event: Event) -> None:
    """Do nothing: the delivery's cost is the pipeline's alone."""


async def refresh_listing(context: RefreshContext, ids: list[str]) -> None:
    """Upsert the listing rows of ``ids`` from the source; delete those gone at the source."""
    if not ids:
        return
    session, tenant = context.session, context.tenant_id
    keys = [uuid.UUID(value) for value in ids]
    columns = ("tenant_id", "item_id", "name", "stamp", "updated_at")
    current = select(
        ItemRow.tenant_id, ItemRow.id, ItemRow.name, ItemRow.stamp, ItemRow.updated_at
    ).where(ItemRow.tenant_id == tenant, ItemRow.id.in_(keys))
    upsert = insert_for(session, ListingRow.__table__).from_select(columns, current)
    upsert = upsert.on_conflict_do_update(
        index_elements=["tenant_id", "item_id"],
        set_={name: upsert.excluded[name] for name in ("name", "stamp", "updated_at")},
    )
    await session.execute(upsert)
    gone = ~exists().where(
        ItemRow.tenant_id == ListingRow.tenant_id, ItemRow.id == ListingRow.item_id
    )
    await session.execute(
        delete(ListingRow).where(ListingRow.tenant_id == tenant, ListingRow.item_id.in_(keys), gone)
    )


async def all_items(context: RefreshContext) -> list[str]:
    """List every item id of the tenant at the source."""
    ids = await context.session.scalars(
        select(ItemRow.id).where(ItemRow.tenant_id == context.tenant_id)
    )
    return [str(value) for value in ids]


async def clear_listing(context: RefreshContext) -> None:
    """Delete the tenant's listing rows."""
    await context.session.execute(
        delete(ListingRow).where(ListingRow.tenant_id == context.tenant_id)
    )


NOOP = Handler(name="benchout.noop", events=(ITEM_TOUCHED.name,), handle=_nothing)
LISTING = Projection(
    name="benchout.listing",
    events=(ITEM_CHANGED.name,),
    tables=("idx_benchout_listing",),
    refresh=refresh_listing,
    aggregates=all_items,
    clear=clear_listing,
)


def item_id(number: int) -> uuid.UUID:
    """Return the id of item ``number`` (stable, so every process derives the same ids)."""
    return uuid.UUID(int=(0xB0 << 120) | number)


async def touch_item(
    ctx: Context,
    item: uuid.UUID,
    stamp: int,
    *,
    on_commit: Callable[[], None] | None = None,
) -> None:
    """Write ``stamp`` into an item and emit ``benchout.item.changed``, in one transaction.

    ``on_commit`` is called right after the database confirmed the commit (the moment a
    freshness measurement starts from).
    """
    runtime, tenant = ctx.runtime, ctx.require_tenant()
    async with runtime.db.transaction(tenant.id) as session:
        if on_commit is not None:
            sa_event.listen(session.sync_session, "after_commit", _call(on_commit), once=True)
        name = f"item {stamp}"
        await session.execute(
            update(ItemRow)
            .where(ItemRow.tenant_id == tenant.id, ItemRow.id == item)
            .values(name=name, stamp=stamp, updated_at=runtime.clock.now())
        )
        await emit(
            ctx, session, ITEM_CHANGED, ItemChanged(name=name, stamp=stamp), aggregate_id=item
        )


def _call(callback: Callable[[], None]) -> Callable[[Session], None]:
    def committed(_session: Session) -> None:
        callback()

    return committed


module = Module(
    name=MODULE_NAME,
    version="1.0.0",
    description="The outbox benchmarks' module (benchmark only).",
    models=(ItemRow, ListingRow),
    migrations=Path(__file__).parent / "outbox_migrations",
    permissions=(VIEW_ITEMS,),
    events=(ITEM_TOUCHED, ITEM_CHANGED),
    handlers=(NOOP,),
    projections=(LISTING,),
)
