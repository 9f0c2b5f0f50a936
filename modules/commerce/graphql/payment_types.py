"""GraphQL types of payments and refunds: ``Payment``, ``Refund`` and their states.

An order's payments and refunds load through request DataLoaders (one query each per request,
whatever the number of orders). ``node`` gives them to holders of ``commerce.view_orders`` and to
the order's own customer, as the order itself. What the provider said (``providerReference``,
``lastError``) and why staff refunded are staff-only (``commerce.view_orders``).
"""

from __future__ import annotations

import enum
import uuid
from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime
from typing import TypeVar

import strawberry
from sqlalchemy import select
from strawberry.dataloader import DataLoader

from app.graphql.context import Info
from app.graphql.directives import guarded
from app.graphql.loaders import request_loader
from app.graphql.types import MinorUnits, Money, Node
from app.ids import encode_global_id
from app.registry import NodeSource
from app.runtime import Context
from modules.commerce.cart_rules import caller_customer
from modules.commerce.order_models import OrderRow
from modules.commerce.payment_models import PaymentRow, RefundRow
from modules.commerce.permissions import VIEW_ORDERS
from modules.commerce.settings import CommerceSettings, load_settings

__all__ = [
    "PAYMENT_NODES",
    "Payment",
    "PaymentState",
    "Refund",
    "RefundLine",
    "RefundStatus",
    "order_payments",
    "order_refunds",
    "visible_ids",
]


@strawberry.enum(description="Where a payment is.")
class PaymentState(enum.Enum):
    """GraphQL view of :class:`modules.commerce.payment_rules.PaymentState`."""

    PENDING = strawberry.enum_value(
        "pending",
        description=(
            "The provider has not answered yet (or not in time): send the same request again "
            "with the same key, or wait; it is never charged twice."
        ),
    )
    AUTHORIZED = strawberry.enum_value("authorized", description="Promised, not yet taken.")
    CAPTURED = strawberry.enum_value("captured", description="Taken.")
    FAILED = strawberry.enum_value("failed", description="Refused; nothing was taken.")
    VOIDED = strawberry.enum_value("voided", description="The promise was released.")


@strawberry.enum(description="Where a refund is.")
class RefundStatus(enum.Enum):
    """GraphQL view of :class:`modules.commerce.payment_rules.RefundStatus`."""

    PENDING = strawberry.enum_value("pending", description="The provider has not answered yet.")
    SUCCEEDED = strawberry.enum_value("succeeded", description="The money was given back.")
    FAILED = strawberry.enum_value("failed", description="The provider refused it.")


def _money(amount: int, currency: str) -> Money:
    return Money(amount=MinorUnits(amount), currency=currency)


def _settings(ctx: Context) -> DataLoader[uuid.UUID, CommerceSettings]:
    async def load(keys: list[uuid.UUID]) -> list[CommerceSettings]:
        async with ctx.runtime.db.transaction(keys[0], readonly=True) as session:
            return [await load_settings(session, key) for key in keys]

    return request_loader(ctx, "commerce.settings", load)


@strawberry.type(description="A payment of an order through one provider.")
class Payment(Node):
    """A payment."""

    provider: str = strawberry.field(description="The provider (`manual`, `test`, ...).")
    method: str = strawberry.field(description="The method (`bank_transfer`, `card`, ...).")
    status: PaymentState = strawberry.field(description="Where the payment is.")
    amount: Money = strawberry.field(description="What was asked.")
    captured: Money = strawberry.field(description="What was taken.")
    refunded: Money = strawberry.field(description="What was given back.")
    created_at: datetime = strawberry.field(description="When it was asked.")
    row: strawberry.Private[PaymentRow]

    @strawberry.field(
        description="The provider's reference of the payment.", directives=guarded(VIEW_ORDERS)
    )
    def provider_reference(self) -> str | None:
        """Staff only."""
        return self.row.provider_reference

    @strawberry.field(
        description="What the provider last said went wrong.", directives=guarded(VIEW_ORDERS)
    )
    def last_error(self) -> str | None:
        """Staff only."""
        return self.row.last_error

    @strawberry.field(
        description="How to pay, for a manual method (the shop's `manual_instructions`)."
    )
    async def instructions(self, info: Info) -> str | None:
        """The shop's instructions for manual payments; null for other providers."""
        if self.row.provider != "manual":
            return None
        settings = await _settings(info.context).load(self.row.tenant_id)
        return settings.manual_instructions or None

    @classmethod
    def from_row(cls, row: PaymentRow) -> Payment:
        """Build from a payment row."""
        return cls(
            id=strawberry.ID(encode_global_id("Payment", row.id)),
            provider=row.provider,
            method=row.method,
            status=PaymentState(row.status),
            amount=_money(row.amount, row.currency),
            captured=_money(row.captured_amount, row.currency),
            refunded=_money(row.refunded_amount, row.currency),
            created_at=row.created_at,
            row=row,
        )


@strawberry.type(description="A line a refund covers.")
class RefundLine:
    """An order line and how many of it."""

    order_line_id: strawberry.ID = strawberry.field(description="The `OrderLine` ID.")
    quantity: int = strawberry.field(description="How many of it.")


@strawberry.type(description="Money given back on an order.")
class Refund(Node):
    """A refund."""

    amount: Money = strawberry.field(description="What is given back.")
    status: RefundStatus = strawberry.field(description="Where the refund is.")
    lines: list[RefundLine] = strawberry.field(description="The lines it covers, if any.")
    restock: bool = strawberry.field(description="Whether reserved stock was released.")
    created_at: datetime = strawberry.field(description="When it was asked.")
    row: strawberry.Private[RefundRow]

    @strawberry.field(description="Why staff refunded.", directives=guarded(VIEW_ORDERS))
    def reason(self) -> str:
        """Staff only."""
        return self.row.reason

    @classmethod
    def from_row(cls, row: RefundRow) -> Refund:
        """Build from a refund row."""
        return cls(
            id=strawberry.ID(encode_global_id("Refund", row.id)),
            amount=_money(row.amount, row.currency),
            status=RefundStatus(row.status),
            lines=[
                RefundLine(
                    order_line_id=strawberry.ID(
                        encode_global_id("OrderLine", str(line["order_line_id"]))
                    ),
                    quantity=int(line["quantity"]),
                )
                for line in row.lines
            ],
            restock=row.restock,
            created_at=row.created_at,
            row=row,
        )


Row = TypeVar("Row", PaymentRow, RefundRow)


def _by_order(ctx: Context, model: type[Row], name: str) -> DataLoader[uuid.UUID, list[Row]]:
    """Return the request's loader of an order's ``model`` rows, oldest first (one query)."""

    async def load(keys: list[uuid.UUID]) -> list[list[Row]]:
        tenant_id = ctx.require_tenant().id
        found: dict[uuid.UUID, list[Row]] = defaultdict(list)
        async with ctx.runtime.db.transaction(tenant_id, readonly=True) as session:
            rows = await session.scalars(
                select(model)
                .where(model.tenant_id == tenant_id, model.order_id.in_(keys))
                .order_by(model.order_id, model.id)
            )
            for row in rows:
                found[row.order_id].append(row)
        return [found.get(key, []) for key in keys]

    return request_loader(ctx, name, load)


def order_payments(ctx: Context) -> DataLoader[uuid.UUID, list[PaymentRow]]:
    """Return the request's loader of an order's payments, oldest first."""
    return _by_order(ctx, PaymentRow, "commerce.order_payments")


def order_refunds(ctx: Context) -> DataLoader[uuid.UUID, list[RefundRow]]:
    """Return the request's loader of an order's refunds, oldest first."""
    return _by_order(ctx, RefundRow, "commerce.order_refunds")


async def visible_ids(ctx: Context, pairs: Sequence[tuple[uuid.UUID, uuid.UUID]]) -> set[uuid.UUID]:
    """Return the ids (of ``(id, order_id)`` pairs) whose order the caller may read."""
    tenant_id = ctx.require_tenant().id
    if ctx.principal.has_permission(VIEW_ORDERS, tenant_id):
        return {key for key, _ in pairs}
    customer = caller_customer(ctx, tenant_id)
    if customer is None or not pairs:
        return set()
    async with ctx.runtime.db.transaction(tenant_id, readonly=True) as session:
        mine = set(
            await session.scalars(
                select(OrderRow.id).where(
                    OrderRow.tenant_id == tenant_id,
                    OrderRow.id.in_({order for _, order in pairs}),
                    OrderRow.customer_id == customer,
                )
            )
        )
    return {key for key, order in pairs if order in mine}


async def _visible_rows(
    ctx: Context, model: type[Row], ids: list[uuid.UUID]
) -> dict[uuid.UUID, Row]:
    """Return the ``model`` rows among ``ids`` whose order the caller may read."""
    tenant_id = ctx.require_tenant().id
    async with ctx.runtime.db.transaction(tenant_id, readonly=True) as session:
        rows = {
            row.id: row
            for row in await session.scalars(
                select(model).where(model.tenant_id == tenant_id, model.id.in_(ids))
            )
        }
    visible = await visible_ids(ctx, [(row.id, row.order_id) for row in rows.values()])
    return {key: row for key, row in rows.items() if key in visible}


async def _payments(ctx: Context, ids: list[uuid.UUID]) -> Sequence[Payment | None]:
    found = await _visible_rows(ctx, PaymentRow, ids)
    return [Payment.from_row(found[key]) if key in found else None for key in ids]


async def _refunds(ctx: Context, ids: list[uuid.UUID]) -> Sequence[Refund | None]:
    found = await _visible_rows(ctx, RefundRow, ids)
    return [Refund.from_row(found[key]) if key in found else None for key in ids]


PAYMENT_NODES = (
    NodeSource(type_name="Payment", load=_payments),
    NodeSource(type_name="Refund", load=_refunds),
)
