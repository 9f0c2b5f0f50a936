"""``paymentCreate``: pay a placed order through one of the shop's providers.

The order is named by its ID (its own customer, or staff with ``commerce.manage_payments``) or,
for a guest, by the order token ``checkoutComplete`` gave; anyone else's order is NOT_FOUND, as
an unknown one.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Annotated, Any

import strawberry

from app.errors import NotFound, ValidationFailed
from app.graphql.context import Info
from app.graphql.directives import public
from app.graphql.global_ids import local_id
from app.runtime import Context
from modules.commerce import payments
from modules.commerce.cart_rules import caller_customer
from modules.commerce.graphql.payment_payloads import (
    PaymentCreateInput,
    PaymentPayload,
    payment_payload,
)
from modules.commerce.orders import find_guest_order, find_orders
from modules.commerce.permissions import MANAGE_PAYMENTS

__all__ = ["PaymentCreateMutation", "payment_data"]


def payment_data(value: object, field: str = "paymentData") -> Mapping[str, Any]:
    """Return ``paymentData`` as a mapping; VALIDATION unless it is a JSON object or null."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ValidationFailed("a JSON object", field=field)
    return value


async def _order_of(ctx: Context, input: PaymentCreateInput) -> uuid.UUID:
    if (input.order_id is None) == (input.order_token is None):
        raise ValidationFailed("give exactly one of orderId and orderToken", field="orderId")
    if input.order_token is not None:
        guest = await find_guest_order(ctx, input.order_token)
        if guest is None:
            raise NotFound("no order has this token", field="orderToken")
        return guest.id
    assert input.order_id is not None  # noqa: S101 - exactly one was checked above
    order_id = local_id(input.order_id, "Order", "orderId")
    tenant_id = ctx.require_tenant().id
    order = (await find_orders(ctx, [order_id])).get(order_id)
    is_staff = ctx.principal.has_permission(MANAGE_PAYMENTS, tenant_id)
    own = (
        order is not None
        and order.customer_id is not None
        and (order.customer_id == caller_customer(ctx, tenant_id))
    )
    if order is None or not (is_staff or own):
        raise NotFound("no such order", field="orderId")
    return order_id


@strawberry.type(description="paymentCreate.")
class PaymentCreateMutation:
    """paymentCreate."""

    @strawberry.mutation(
        description=(
            "Pay the rest of a placed order through one of the shop's providers. The same key "
            "again returns the same payment (asking the provider again only while it is "
            "pending), so a retry after a timeout never charges twice."
        ),
        directives=public(),
    )
    async def payment_create(
        self,
        info: Info,
        input: Annotated[
            PaymentCreateInput, strawberry.argument(description="The order and how it is paid.")
        ],
    ) -> PaymentPayload:
        """Pay an order."""
        ctx = info.context

        async def act() -> uuid.UUID:
            order_id = await _order_of(ctx, input)
            request = payments.PaymentRequest(
                provider=input.payment_provider,
                method=input.payment_method,
                key=input.idempotency_key,
                data=payment_data(input.payment_data),
            )
            return await payments.start_payment(ctx, order_id, request)

        return await payment_payload(ctx, act)
