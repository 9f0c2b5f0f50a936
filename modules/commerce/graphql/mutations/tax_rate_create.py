"""``taxRateCreate``: a tax class's rate in a country or region."""

from __future__ import annotations

import uuid
from typing import Annotated

import strawberry

from app.graphql.context import Info
from app.graphql.directives import guarded
from modules.commerce import tax_rates
from modules.commerce.graphql.tax_inputs import TaxRateCreateInput, tax_rate_fields
from modules.commerce.graphql.tax_payloads import TaxRatePayload, tax_rate_payload
from modules.commerce.permissions import MANAGE_TAXES

__all__ = ["TaxRateCreateMutation"]


@strawberry.type(description="taxRateCreate.")
class TaxRateCreateMutation:
    """taxRateCreate."""

    @strawberry.mutation(
        description="Create a tax class's rate in a country or a region of it.",
        directives=guarded(MANAGE_TAXES),
    )
    async def tax_rate_create(
        self,
        info: Info,
        input: Annotated[TaxRateCreateInput, strawberry.argument(description="The tax rate.")],
    ) -> TaxRatePayload:
        """Create a tax rate."""
        ctx = info.context

        async def act() -> uuid.UUID:
            return await tax_rates.create_tax_rate(ctx, tax_rate_fields(input))

        return await tax_rate_payload(ctx, act)
