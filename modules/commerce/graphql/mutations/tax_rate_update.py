"""``taxRateUpdate``: move, re-rate, relabel a tax rate."""

from __future__ import annotations

import uuid
from typing import Annotated

import strawberry

from app.graphql.context import Info
from app.graphql.directives import guarded
from app.graphql.global_ids import local_id
from modules.commerce import tax_rates
from modules.commerce.graphql.tax_inputs import TaxRateUpdateInput, tax_rate_fields
from modules.commerce.graphql.tax_payloads import TaxRatePayload, tax_rate_payload
from modules.commerce.permissions import MANAGE_TAXES

__all__ = ["TaxRateUpdateMutation"]


@strawberry.type(description="taxRateUpdate.")
class TaxRateUpdateMutation:
    """taxRateUpdate."""

    @strawberry.mutation(
        description="Change a tax rate's class, place, rate or label.",
        directives=guarded(MANAGE_TAXES),
    )
    async def tax_rate_update(
        self,
        info: Info,
        input: Annotated[TaxRateUpdateInput, strawberry.argument(description="The changes.")],
    ) -> TaxRatePayload:
        """Update a tax rate."""
        ctx = info.context

        async def act() -> uuid.UUID:
            tax_rate_id = local_id(input.id, "TaxRate", "id")
            await tax_rates.update_tax_rate(ctx, tax_rate_id, tax_rate_fields(input))
            return tax_rate_id

        return await tax_rate_payload(ctx, act)
