"""``paymentCapture`` and ``paymentVoid``: staff take or release an authorized payment."""

from __future__ import annotations

import uuid
from typing import Annotated

import strawberry

from app.graphql.context import Info
from app.graphql.directives import guarded
from app.graphql.global_ids import local_id
from modules.commerce import payments
from modules.commerce.graphql.payment_payloads import (
    PaymentCaptureInput,
    PaymentPayload,
    PaymentVoidInput,
    payment_payload,
)
from modules.commerce.permissions import MANAGE_PAYMENTS

__all__ = ["PaymentCaptureMutation"]


@strawberry.type(description="paymentCapture and paymentVoid.")
class PaymentCaptureMutation:
    """paymentCapture and paymentVoid."""

    @strawberry.mutation(
        description=(
            "Capture an authorized payment in full (for a manual method: the money is in); "
            "the order is paid once its payments cover it."
        ),
        directives=guarded(MANAGE_PAYMENTS),
    )
    async def payment_capture(
        self,
        info: Info,
        input: Annotated[
            PaymentCaptureInput, strawberry.argument(description="The payment and the key.")
        ],
    ) -> PaymentPayload:
        """Capture a payment."""
        ctx = info.context

        async def act() -> uuid.UUID:
            payment_id = local_id(input.payment_id, "Payment", "paymentId")
            return await payments.capture_payment(ctx, payment_id, input.idempotency_key)

        return await payment_payload(ctx, act)

    @strawberry.mutation(
        description=(
            "Release an authorized payment; the order may then be paid anew or cancelled."
        ),
        directives=guarded(MANAGE_PAYMENTS),
    )
    async def payment_void(
        self,
        info: Info,
        input: Annotated[PaymentVoidInput, strawberry.argument(description="The payment.")],
    ) -> PaymentPayload:
        """Void a payment."""
        ctx = info.context

        async def act() -> uuid.UUID:
            payment_id = local_id(input.id, "Payment", "id")
            return await payments.void_payment(ctx, payment_id)

        return await payment_payload(ctx, act)
