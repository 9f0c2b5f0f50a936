"""``taxClassCreate``: a tax class variants and shipping rates are taxed by."""

from __future__ import annotations

import uuid
from typing import Annotated

import strawberry

from app.graphql.context import Info
from app.graphql.directives import guarded
from modules.commerce import tax_classes
from modules.commerce.graphql.tax_inputs import TaxClassCreateInput, tax_class_fields
from modules.commerce.graphql.tax_payloads import TaxClassPayload, tax_class_payload
from modules.commerce.permissions import MANAGE_TAXES

__all__ = ["TaxClassCreateMutation"]


@strawberry.type(description="taxClassCreate.")
class TaxClassCreateMutation:
    """taxClassCreate."""

    @strawberry.mutation(
        description="Create a tax class (the default if told, or if the shop has none).",
        directives=guarded(MANAGE_TAXES),
    )
    async def tax_class_create(
        self,
        info: Info,
        input: Annotated[TaxClassCreateInput, strawberry.argument(description="The tax class.")],
    ) -> TaxClassPayload:
        """Create a tax class."""
        ctx = info.context

        async def act() -> uuid.UUID:
            return await tax_classes.create_tax_class(ctx, tax_class_fields(input))

        return await tax_class_payload(ctx, act)
