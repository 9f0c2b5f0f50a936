"""GraphQL types of orders: ``Order``, ``OrderLine`` and their state enums.

An order's lines load through one request DataLoader and their variants through the catalog's
``variants_by_id``, so reading an order costs the same statements whatever its size. ``node``
gives an ``Order`` to holders of ``commerce.view_orders`` and to the order's own customer.
"""

from __future__ import annotations

import enum
import uuid
from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal

import strawberry
from strawberry.dataloader import DataLoader

from app.graphql.context import Info
from app.graphql.directives import guarded
from app.graphql.loaders import request_loader
from app.graphql.types import MinorUnits, Money, Node
from app.ids import encode_global_id
from app.registry import NodeSource
from app.runtime import Context
from modules.commerce.cart_rules import caller_customer
from modules.commerce.graphql import loaders
from modules.commerce.graphql.address_types import Address, address_of
from modules.commerce.graphql.cart_types import OrderTotals
from modules.commerce.graphql.fulfilment_types import Fulfilment, order_fulfilments
from modules.commerce.graphql.order_discounts import OrderDiscount, order_discounts
from modules.commerce.graphql.payment_types import (
    Payment,
    Refund,
    order_payments,
    order_refunds,
)
from modules.commerce.graphql.types import ProductVariant
from modules.commerce.order_models import OrderLineRow, OrderRow
from modules.commerce.order_rules import PaymentStatus as PaymentStatusValue
from modules.commerce.order_rules import cancel_refusal, complete_refusal, fulfil_refusal
from modules.commerce.orders import find_orders, list_order_lines
from modules.commerce.payment_rules import refund_refusal
from modules.commerce.permissions import MANAGE_ORDERS, MANAGE_PAYMENTS, VIEW_CUSTOMERS, VIEW_ORDERS

__all__ = [
    "ORDER_NODES",
    "FulfilmentStatus",
    "Order",
    "OrderAction",
    "OrderLine",
    "OrderStatus",
    "PaymentStatus",
    "visible_order",
]


@strawberry.enum(description="Where an order is in its life.")
class OrderStatus(enum.Enum):
    """GraphQL view of :class:`modules.commerce.order_rules.OrderStatus`."""

    PLACED = strawberry.enum_value("placed", description="Placed at checkout; stock reserved.")
    COMPLETED = strawberry.enum_value("completed", description="Fulfilled and settled.")
    CANCELLED = strawberry.enum_value("cancelled", description="Cancelled; stock released.")


@strawberry.enum(description="Where an order's payment is.")
class PaymentStatus(enum.Enum):
    """GraphQL view of :class:`modules.commerce.order_rules.PaymentStatus`."""

    UNPAID = strawberry.enum_value("unpaid", description="Nothing paid yet.")
    AUTHORIZED = strawberry.enum_value("authorized", description="Authorized, not captured.")
    PAID = strawberry.enum_value("paid", description="Captured in full.")
    PARTIALLY_REFUNDED = strawberry.enum_value(
        "partially_refunded", description="Part of the payment was refunded."
    )
    REFUNDED = strawberry.enum_value("refunded", description="The payment was refunded.")
    VOIDED = strawberry.enum_value("voided", description="The authorization was voided.")


@strawberry.enum(description="How much of an order has been fulfilled.")
class FulfilmentStatus(enum.Enum):
    """GraphQL view of :class:`modules.commerce.order_rules.FulfilmentStatus`."""

    UNFULFILLED = strawberry.enum_value("unfulfilled", description="Nothing shipped yet.")
    PARTIALLY_FULFILLED = strawberry.enum_value(
        "partially_fulfilled", description="Some lines, or part of them, shipped."
    )
    FULFILLED = strawberry.enum_value("fulfilled", description="Everything shipped.")


@strawberry.enum(description="What may be done to an order now (the admin shows these buttons).")
class OrderAction(enum.Enum):
    """An action on an order."""

    CANCEL = strawberry.enum_value("cancel", description="`orderCancel`.")
    COMPLETE = strawberry.enum_value(
        "complete", description="`orderComplete` (fulfilled, payment settled)."
    )
    FULFIL = strawberry.enum_value(
        "fulfil", description="`fulfilmentCreate` (paid, or cash on delivery; units left)."
    )
    CAPTURE_PAYMENT = strawberry.enum_value(
        "capture_payment", description="`paymentCapture` (an authorized payment: money is in)."
    )
    VOID_PAYMENT = strawberry.enum_value(
        "void_payment", description="`paymentVoid` (release an authorized payment)."
    )
    REFUND = strawberry.enum_value("refund", description="`refundCreate` (captured money).")


def _money(amount: int, currency: str) -> Money:
    return Money(amount=MinorUnits(amount), currency=currency)


def _percent(ppm: int) -> str:
    """Return a rate in parts per million as exact percent text (``200000`` → ``"20"``)."""
    text = format(Decimal(ppm) / Decimal(10_000), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def order_lines(ctx: Context) -> DataLoader[uuid.UUID, list[OrderLineRow]]:
    """Return the request's loader of an order's lines, in cart order."""

    async def load(keys: list[uuid.UUID]) -> list[list[OrderLineRow]]:
        tenant_id = ctx.require_tenant().id
        async with ctx.runtime.db.transaction(tenant_id, readonly=True) as session:
            found: dict[uuid.UUID, list[OrderLineRow]] = defaultdict(list)
            for row in await list_order_lines(session, tenant_id, keys):
                found[row.order_id].append(row)
        return [found.get(key, []) for key in keys]

    return request_loader(ctx, "commerce.order_lines", load)


@strawberry.type(description="One variant bought, as it was named and priced at checkout.")
class OrderLine:
    """An order line: a snapshot, unchanged by later catalog edits."""

    id: strawberry.ID = strawberry.field(description="The line's ID.")
    sku: str = strawberry.field(description="The variant's SKU at checkout.")
    product_name: str = strawberry.field(description="The product's name at checkout.")
    variant_title: str = strawberry.field(description="The variant's title at checkout.")
    quantity: int = strawberry.field(description="How many were bought.")
    unit_price: Money = strawberry.field(description="The price of one at checkout.")
    discount: Money = strawberry.field(description="What discounts took off the line.")
    tax: Money = strawberry.field(description="The line's tax.")
    tax_rate_percent: str = strawberry.field(description="The tax rate, exact decimal text.")
    total: Money = strawberry.field(description="Unit price times quantity, less discount.")
    fulfilled_quantity: int = strawberry.field(description="How many have been fulfilled.")
    refunded_quantity: int = strawberry.field(description="How many have been refunded.")
    row: strawberry.Private[OrderLineRow]

    @strawberry.field(description="The variant bought; null once it was deleted.")
    async def variant(self, info: Info) -> ProductVariant | None:
        """Load the variant, if it still exists."""
        row = await loaders.variants_by_id(info.context).load(self.row.variant_id)
        return None if row is None else ProductVariant.from_row(row)

    @classmethod
    def from_row(cls, row: OrderLineRow, currency: str) -> OrderLine:
        """Build from a line row."""
        return cls(
            id=strawberry.ID(encode_global_id("OrderLine", row.id)),
            sku=row.sku,
            product_name=row.product_name,
            variant_title=row.variant_title,
            quantity=row.quantity,
            unit_price=_money(row.unit_amount, currency),
            discount=_money(row.discount_amount, currency),
            tax=_money(row.tax_amount, currency),
            tax_rate_percent=_percent(row.tax_rate_ppm),
            total=_money(row.total_amount, currency),
            fulfilled_quantity=row.fulfilled_quantity,
            refunded_quantity=row.refunded_quantity,
            row=row,
        )


@strawberry.type(description="An order: what was bought, its totals and where it stands.")
class Order(Node):
    """An order."""

    number: str = strawberry.field(description="The order number (prefix and counter).")
    status: OrderStatus = strawberry.field(description="Where the order is in its life.")
    payment_status: PaymentStatus = strawberry.field(description="Where its payment is.")
    fulfilment_status: FulfilmentStatus = strawberry.field(description="How much has shipped.")
    currency: str = strawberry.field(description="The ISO 4217 currency of every amount.")
    totals: OrderTotals = strawberry.field(description="The amounts frozen at checkout.")
    paid: Money = strawberry.field(description="What has been paid.")
    refunded: Money = strawberry.field(description="What has been refunded.")
    payment_method: str | None = strawberry.field(description="How it is paid (with payments).")
    placed_at: datetime = strawberry.field(description="When it was placed.")
    completed_at: datetime | None = strawberry.field(description="When it was completed.")
    cancelled_at: datetime | None = strawberry.field(description="When it was cancelled.")
    cancel_reason: str | None = strawberry.field(
        description="Why it was cancelled (`expired`: its reservation ran out unpaid)."
    )
    shipping_address: Address | None = strawberry.field(
        description="Where it ships, as the cart said at checkout."
    )
    billing_address: Address | None = strawberry.field(
        description="Whom it bills, as the cart said at checkout."
    )
    shipping_rate_name: str | None = strawberry.field(
        description="The shipping rate chosen at checkout, by its name then; null: not shipped."
    )
    row: strawberry.Private[OrderRow]

    @strawberry.field(
        description=(
            "The buyer's e-mail address as given on the cart; null without "
            "`commerce.view_customers` unless the caller is the order's own customer."
        )
    )
    def email(self, info: Info) -> str | None:
        """Show the address to staff who see customers, and to the order's customer."""
        ctx = info.context
        tenant_id = ctx.require_tenant().id
        is_own = self.row.customer_id is not None and (
            caller_customer(ctx, tenant_id) == self.row.customer_id
        )
        if is_own or ctx.principal.has_permission(VIEW_CUSTOMERS, tenant_id):
            return self.row.email
        return None

    @strawberry.field(
        description=(
            "What the caller may do to the order now, given its state and the caller's permissions."
        ),
        directives=guarded(VIEW_ORDERS),
    )
    def allowed_actions(self, info: Info) -> list[OrderAction]:
        """List the actions the order's state and the caller's permissions allow."""
        ctx = info.context
        tenant_id = ctx.require_tenant().id
        allowed = []
        may_manage = ctx.principal.has_permission(MANAGE_ORDERS, tenant_id)
        if may_manage and cancel_refusal(self.row) is None:
            allowed.append(OrderAction.CANCEL)
        if may_manage and fulfil_refusal(self.row) is None:
            allowed.append(OrderAction.FULFIL)
        if may_manage and complete_refusal(self.row) is None:
            allowed.append(OrderAction.COMPLETE)
        if ctx.principal.has_permission(MANAGE_PAYMENTS, tenant_id):
            if self.row.payment_status == PaymentStatusValue.AUTHORIZED:
                allowed += [OrderAction.CAPTURE_PAYMENT, OrderAction.VOID_PAYMENT]
            if refund_refusal(self.row) is None and self.row.refunded_amount < self.row.paid_amount:
                allowed.append(OrderAction.REFUND)
        return allowed

    @strawberry.field(description="The payments asked for the order, oldest first.")
    async def payments(self, info: Info) -> list[Payment]:
        """Load the payments."""
        rows = await order_payments(info.context).load(self.row.id)
        return [Payment.from_row(row) for row in rows]

    @strawberry.field(description="What left the warehouses for the order, oldest first.")
    async def fulfilments(self, info: Info) -> list[Fulfilment]:
        """Load the fulfilments."""
        loaded = await order_fulfilments(info.context).load(self.row.id)
        return [Fulfilment.from_rows(row, lines) for row, lines in loaded]

    @strawberry.field(description="The refunds of the order, oldest first.")
    async def refunds(self, info: Info) -> list[Refund]:
        """Load the refunds."""
        rows = await order_refunds(info.context).load(self.row.id)
        return [Refund.from_row(row) for row in rows]

    @strawberry.field(
        description=(
            "What each discount took off the order, oldest discount first (their sum is"
            " `totals.discount`)."
        )
    )
    async def discounts(self, info: Info) -> list[OrderDiscount]:
        """Load the discounts the order used."""
        rows = await order_discounts(info.context).load(self.row.id)
        return [OrderDiscount.from_row(row, self.row.currency) for row in rows]

    @strawberry.field(description="The lines, in the order they were in the cart.")
    async def lines(self, info: Info) -> list[OrderLine]:
        """Load the lines."""
        rows = await order_lines(info.context).load(self.row.id)
        return [OrderLine.from_row(row, self.row.currency) for row in rows]

    @classmethod
    def from_row(cls, row: OrderRow) -> Order:
        """Build from an order row."""
        currency = row.currency
        return cls(
            id=strawberry.ID(encode_global_id("Order", row.id)),
            number=row.number,
            status=OrderStatus(row.status),
            payment_status=PaymentStatus(row.payment_status),
            fulfilment_status=FulfilmentStatus(row.fulfilment_status),
            currency=currency,
            totals=OrderTotals(
                subtotal=_money(row.subtotal_amount, currency),
                discount=_money(row.discount_amount, currency),
                shipping=_money(row.shipping_amount, currency),
                tax=_money(row.tax_amount, currency),
                total=_money(row.total_amount, currency),
            ),
            paid=_money(row.paid_amount, currency),
            refunded=_money(row.refunded_amount, currency),
            payment_method=row.payment_method,
            placed_at=row.placed_at,
            completed_at=row.completed_at,
            cancelled_at=row.cancelled_at,
            cancel_reason=row.cancel_reason,
            shipping_address=address_of(row.shipping_address),
            billing_address=address_of(row.billing_address),
            shipping_rate_name=None if row.shipping_rate is None else row.shipping_rate["name"],
            row=row,
        )


def _orders_by_id(ctx: Context) -> DataLoader[uuid.UUID, OrderRow | None]:
    async def load(keys: list[uuid.UUID]) -> list[OrderRow | None]:
        found = await find_orders(ctx, keys)
        return [found.get(key) for key in keys]

    return request_loader(ctx, "commerce.orders_by_id", load)


async def visible_order(ctx: Context, order_id: uuid.UUID) -> Order | None:
    """Return the order to holders of ``commerce.view_orders``; None to anyone else.

    Batched per request, so a page of stock movements reads their orders in one query.
    """
    if not ctx.principal.has_permission(VIEW_ORDERS, ctx.require_tenant().id):
        return None
    row = await _orders_by_id(ctx).load(order_id)
    return None if row is None else Order.from_row(row)


async def _orders(ctx: Context, ids: list[uuid.UUID]) -> Sequence[Order | None]:
    """Give staff with ``commerce.view_orders`` any order; a customer only their own."""
    tenant_id = ctx.require_tenant().id
    is_staff = ctx.principal.has_permission(VIEW_ORDERS, tenant_id)
    customer = caller_customer(ctx, tenant_id)
    if not is_staff and customer is None:
        return [None] * len(ids)
    found = await find_orders(ctx, ids)
    visible = {
        key: Order.from_row(row)
        for key, row in found.items()
        if is_staff or row.customer_id == customer
    }
    return [visible.get(key) for key in ids]


ORDER_NODES = (NodeSource(type_name="Order", load=_orders),)
