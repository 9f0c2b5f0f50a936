"""``taxRateDelete``: a tax rate no longer applies."""

from __future__ import annotations

from typing import Annotated

import strawberry

from app.graphql.context import Info
from app.graphql.directives import guarded
from app.graphql.global_ids import local_id
from modules.commerce import tax_rates
from modules.commerce.graphql.payloads import deleted
from modules.commerce.graphql.tax_payloads import TaxRateDeletePayload
from modules.commerce.permissions import MANAGE_TAXES

__all__ = ["TaxRateDeleteMutation"]


@strawberry.type(description="taxRateDelete.")
class TaxRateDeleteMutation:
    """taxRateDelete."""

    @strawberry.mutation(description="Delete a tax rate.", directives=guarded(MANAGE_TAXES))
    async def tax_rate_delete(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="The `TaxRate` ID.")],
    ) -> TaxRateDeletePayload:
        """Delete a tax rate."""
        ctx = info.context

        async def act() -> None:
            await tax_rates.delete_tax_rate(ctx, local_id(id, "TaxRate", "id"))

        deleted_id, errors = await deleted(act, id)
        return TaxRateDeletePayload(deleted_id=deleted_id, errors=errors)
