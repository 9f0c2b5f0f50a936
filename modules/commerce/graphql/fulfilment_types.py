"""GraphQL types of fulfilments: ``Fulfilment``, its lines and its state.

An order's fulfilments and their lines load through one request DataLoader (two queries per
request, whatever the number of orders). ``node`` gives a fulfilment to holders of
``commerce.view_orders`` and to the order's own customer, as the order itself; which warehouse
it left is staff-only.
"""

from __future__ import annotations

import enum
import uuid
from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime

import strawberry
from sqlalchemy import select
from strawberry.dataloader import DataLoader

from app.graphql.context import Info
from app.graphql.directives import guarded
from app.graphql.loaders import request_loader
from app.graphql.types import Node
from app.ids import encode_global_id
from app.registry import NodeSource
from app.runtime import Context
from modules.commerce.fulfilment_models import FulfilmentLineRow, FulfilmentRow
from modules.commerce.graphql import loaders
from modules.commerce.graphql.payment_types import visible_ids
from modules.commerce.graphql.warehouse_types import Warehouse
from modules.commerce.permissions import VIEW_ORDERS

__all__ = [
    "FULFILMENT_NODES",
    "Fulfilment",
    "FulfilmentLine",
    "FulfilmentState",
    "order_fulfilments",
]

Loaded = tuple[FulfilmentRow, list[FulfilmentLineRow]]


@strawberry.enum(description="Where a fulfilment is.")
class FulfilmentState(enum.Enum):
    """GraphQL view of :class:`modules.commerce.fulfilments.FulfilmentState`."""

    CREATED = strawberry.enum_value("created", description="Out of the warehouse, not shipped.")
    SHIPPED = strawberry.enum_value("shipped", description="Handed to a carrier.")


@strawberry.type(description="An order line in a fulfilment.")
class FulfilmentLine:
    """An order line and how many of it."""

    order_line_id: strawberry.ID = strawberry.field(description="The `OrderLine` ID.")
    quantity: int = strawberry.field(description="How many of it.")


@strawberry.type(description="Units of an order that left one warehouse, and their shipping.")
class Fulfilment(Node):
    """A fulfilment."""

    status: FulfilmentState = strawberry.field(description="Where the fulfilment is.")
    lines: list[FulfilmentLine] = strawberry.field(description="What it holds.")
    carrier: str | None = strawberry.field(description="The carrier, once shipped.")
    tracking_number: str | None = strawberry.field(description="The carrier's tracking number.")
    shipped_at: datetime | None = strawberry.field(description="When it shipped.")
    created_at: datetime = strawberry.field(description="When it left the warehouse.")
    row: strawberry.Private[FulfilmentRow]

    @strawberry.field(description="The warehouse it left.", directives=guarded(VIEW_ORDERS))
    async def warehouse(self, info: Info) -> Warehouse | None:
        """Load the warehouse."""
        found = await loaders.warehouses(info.context).load(self.row.warehouse_id)
        return Warehouse.from_row(found) if found is not None else None

    @classmethod
    def from_rows(cls, row: FulfilmentRow, lines: Sequence[FulfilmentLineRow]) -> Fulfilment:
        """Build from a fulfilment row and its lines."""
        return cls(
            id=strawberry.ID(encode_global_id("Fulfilment", row.id)),
            status=FulfilmentState(row.status),
            lines=[
                FulfilmentLine(
                    order_line_id=strawberry.ID(encode_global_id("OrderLine", line.order_line_id)),
                    quantity=line.quantity,
                )
                for line in lines
            ],
            carrier=row.carrier,
            tracking_number=row.tracking_number,
            shipped_at=row.shipped_at,
            created_at=row.created_at,
            row=row,
        )


async def _load(
    ctx: Context, keys: Sequence[uuid.UUID], *, by_order: bool
) -> dict[uuid.UUID, list[Loaded]]:
    """Return fulfilments (with lines) of the orders ``keys`` (or with those ids), grouped."""
    column = FulfilmentRow.order_id if by_order else FulfilmentRow.id
    tenant_id = ctx.require_tenant().id
    async with ctx.runtime.db.transaction(tenant_id, readonly=True) as session:
        rows = list(
            await session.scalars(
                select(FulfilmentRow)
                .where(FulfilmentRow.tenant_id == tenant_id, column.in_(keys))
                .order_by(FulfilmentRow.id)
            )
        )
        lines: dict[uuid.UUID, list[FulfilmentLineRow]] = defaultdict(list)
        if rows:
            for line in await session.scalars(
                select(FulfilmentLineRow)
                .where(
                    FulfilmentLineRow.tenant_id == tenant_id,
                    FulfilmentLineRow.fulfilment_id.in_([row.id for row in rows]),
                )
                .order_by(FulfilmentLineRow.fulfilment_id, FulfilmentLineRow.order_line_id)
            ):
                lines[line.fulfilment_id].append(line)
    grouped: dict[uuid.UUID, list[Loaded]] = defaultdict(list)
    for row in rows:
        key = row.order_id if by_order else row.id
        grouped[key].append((row, lines[row.id]))
    return grouped


def order_fulfilments(ctx: Context) -> DataLoader[uuid.UUID, list[Loaded]]:
    """Return the request's loader of an order's fulfilments with their lines, oldest first."""

    async def load(keys: list[uuid.UUID]) -> list[list[Loaded]]:
        grouped = await _load(ctx, keys, by_order=True)
        return [grouped.get(key, []) for key in keys]

    return request_loader(ctx, "commerce.order_fulfilments", load)


async def _fulfilments(ctx: Context, ids: list[uuid.UUID]) -> Sequence[Fulfilment | None]:
    grouped = await _load(ctx, ids, by_order=False)
    found = {key: pairs[0] for key, pairs in grouped.items()}
    visible = await visible_ids(ctx, [(row.id, row.order_id) for row, _ in found.values()])
    return [
        Fulfilment.from_rows(*found[key]) if key in found and key in visible else None
        for key in ids
    ]


FULFILMENT_NODES = (NodeSource(type_name="Fulfilment", load=_fulfilments),)
