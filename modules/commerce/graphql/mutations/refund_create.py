"""``refundCreate``: staff give back money captured on an order."""

from __future__ import annotations

import uuid
from typing import Annotated

import strawberry

from app.graphql.context import Info
from app.graphql.directives import guarded
from app.graphql.global_ids import local_id
from modules.commerce import refunds
from modules.commerce.graphql.mutations.payment_create import payment_data
from modules.commerce.graphql.payment_payloads import (
    RefundCreateInput,
    RefundPayload,
    refund_payload,
)
from modules.commerce.permissions import MANAGE_PAYMENTS

__all__ = ["RefundCreateMutation"]


@strawberry.type(description="refundCreate.")
class RefundCreateMutation:
    """refundCreate."""

    @strawberry.mutation(
        description=(
            "Give back money captured on an order, all or part, optionally naming the lines "
            "it covers (and releasing their reserved stock). The same key again returns the "
            "same refund."
        ),
        directives=guarded(MANAGE_PAYMENTS),
    )
    async def refund_create(
        self,
        info: Info,
        input: Annotated[RefundCreateInput, strawberry.argument(description="The refund.")],
    ) -> RefundPayload:
        """Refund an order."""
        ctx = info.context

        async def act() -> uuid.UUID:
            order_id = local_id(input.order_id, "Order", "orderId")
            lines = [
                refunds.RefundLine(
                    line_id=local_id(line.order_line_id, "OrderLine", f"lines.{n}.orderLineId"),
                    quantity=line.quantity,
                )
                for n, line in enumerate(input.lines)
            ]
            request = refunds.RefundRequest(
                amount=int(input.amount.amount),
                currency=input.amount.currency,
                reason=input.reason,
                key=input.idempotency_key,
                lines=lines,
                restock=input.restock,
                data=payment_data(input.payment_data),
            )
            return await refunds.create_refund(ctx, order_id, request)

        return await refund_payload(ctx, act)
