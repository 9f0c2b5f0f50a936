"""``fulfilmentCreate``, ``fulfilmentShip`` and ``orderComplete``: staff ship and close orders."""

from __future__ import annotations

import uuid
from typing import Annotated

import strawberry
from sqlalchemy import select

from app.errors import UserInputError
from app.graphql.context import Info
from app.graphql.directives import guarded
from app.graphql.global_ids import local_id
from app.graphql.types import UserError, user_errors
from app.runtime import Context
from modules.commerce import fulfilments
from modules.commerce.fulfilment_models import FulfilmentLineRow, FulfilmentRow
from modules.commerce.graphql.fulfilment_types import Fulfilment
from modules.commerce.graphql.order_payloads import OrderPayload, order_payload
from modules.commerce.graphql.order_types import Order
from modules.commerce.orders import find_orders
from modules.commerce.permissions import MANAGE_ORDERS

__all__ = ["FulfilmentMutation"]


@strawberry.input(description="An order line and how many of it leave.")
class FulfilmentLineInput:
    """A line of the fulfilment."""

    order_line_id: strawberry.ID = strawberry.field(description="The `OrderLine` ID.")
    quantity: int = strawberry.field(description="How many (at least 1).")


@strawberry.input(description="Take units of an order out of a warehouse.")
class FulfilmentCreateInput:
    """The order, the warehouse, the lines, and the carrier if it ships at once."""

    order_id: strawberry.ID = strawberry.field(description="The `Order` ID.")
    warehouse_id: strawberry.ID = strawberry.field(
        description="The `Warehouse` holding the order's reserved stock."
    )
    lines: list[FulfilmentLineInput] = strawberry.field(description="What leaves.")
    carrier: str | None = strawberry.field(
        default=None, description="The carrier (ships it at once)."
    )
    tracking_number: str | None = strawberry.field(
        default=None, description="The tracking number (ships it at once)."
    )


@strawberry.input(description="Hand a fulfilment to a carrier.")
class FulfilmentShipInput:
    """The fulfilment and the carrier's details."""

    id: strawberry.ID = strawberry.field(description="The `Fulfilment` ID.")
    carrier: str | None = strawberry.field(default=None, description="The carrier.")
    tracking_number: str | None = strawberry.field(default=None, description="The tracking number.")


@strawberry.input(description="Close a fulfilled, settled order.")
class OrderCompleteInput:
    """The order."""

    id: strawberry.ID = strawberry.field(description="The `Order` ID.")


@strawberry.type(description="Result of a fulfilment mutation.")
class FulfilmentPayload:
    """The fulfilment and its order after the change, or why nothing changed."""

    fulfilment: Fulfilment | None = strawberry.field(description="The fulfilment.")
    order: Order | None = strawberry.field(description="Its order.")
    errors: list[UserError] = strawberry.field(description="Why nothing changed, if so.")


async def _payload(ctx: Context, fulfilment_id: uuid.UUID) -> FulfilmentPayload:
    tenant_id = ctx.require_tenant().id
    async with ctx.runtime.db.transaction(tenant_id, readonly=True) as session:
        row = await session.scalar(
            select(FulfilmentRow).where(
                FulfilmentRow.tenant_id == tenant_id, FulfilmentRow.id == fulfilment_id
            )
        )
        lines = list(
            await session.scalars(
                select(FulfilmentLineRow)
                .where(
                    FulfilmentLineRow.tenant_id == tenant_id,
                    FulfilmentLineRow.fulfilment_id == fulfilment_id,
                )
                .order_by(FulfilmentLineRow.order_line_id)
            )
        )
    if row is None:
        return FulfilmentPayload(fulfilment=None, order=None, errors=[])
    order = (await find_orders(ctx, [row.order_id])).get(row.order_id)
    return FulfilmentPayload(
        fulfilment=Fulfilment.from_rows(row, lines),
        order=Order.from_row(order) if order else None,
        errors=[],
    )


@strawberry.type(description="fulfilmentCreate, fulfilmentShip and orderComplete.")
class FulfilmentMutation:
    """fulfilmentCreate, fulfilmentShip and orderComplete."""

    @strawberry.mutation(
        description=(
            "Take units of a paid order (or one paid cash on delivery) out of the warehouse "
            "holding their reservation; with a carrier or tracking number it ships at once."
        ),
        directives=guarded(MANAGE_ORDERS),
    )
    async def fulfilment_create(
        self,
        info: Info,
        input: Annotated[
            FulfilmentCreateInput, strawberry.argument(description="What leaves, and whence.")
        ],
    ) -> FulfilmentPayload:
        """Create a fulfilment."""
        ctx = info.context
        try:
            order_id = local_id(input.order_id, "Order", "orderId")
            warehouse_id = local_id(input.warehouse_id, "Warehouse", "warehouseId")
            lines = [
                fulfilments.FulfilmentLine(
                    line_id=local_id(line.order_line_id, "OrderLine", f"lines.{n}.orderLineId"),
                    quantity=line.quantity,
                )
                for n, line in enumerate(input.lines)
            ]
            request = fulfilments.FulfilmentRequest(
                warehouse_id=warehouse_id,
                lines=lines,
                carrier=input.carrier,
                tracking_number=input.tracking_number,
            )
            created = await fulfilments.create_fulfilment(ctx, order_id, request)
        except UserInputError as error:
            return FulfilmentPayload(
                fulfilment=None, order=None, errors=user_errors(error.problems)
            )
        return await _payload(ctx, created)

    @strawberry.mutation(
        description="Hand a created fulfilment to a carrier.",
        directives=guarded(MANAGE_ORDERS),
    )
    async def fulfilment_ship(
        self,
        info: Info,
        input: Annotated[FulfilmentShipInput, strawberry.argument(description="The shipment.")],
    ) -> FulfilmentPayload:
        """Ship a fulfilment."""
        ctx = info.context
        try:
            fulfilment_id = local_id(input.id, "Fulfilment", "id")
            await fulfilments.ship_fulfilment(
                ctx, fulfilment_id, input.carrier, input.tracking_number
            )
        except UserInputError as error:
            return FulfilmentPayload(
                fulfilment=None, order=None, errors=user_errors(error.problems)
            )
        return await _payload(ctx, fulfilment_id)

    @strawberry.mutation(
        description="Close a fulfilled order whose payment is settled.",
        directives=guarded(MANAGE_ORDERS),
    )
    async def order_complete(
        self,
        info: Info,
        input: Annotated[OrderCompleteInput, strawberry.argument(description="The order.")],
    ) -> OrderPayload:
        """Complete an order."""
        ctx = info.context

        async def act() -> uuid.UUID:
            return await fulfilments.complete_order(ctx, local_id(input.id, "Order", "id"))

        return await order_payload(ctx, act)
