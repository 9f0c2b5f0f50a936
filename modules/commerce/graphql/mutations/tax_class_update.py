"""``taxClassUpdate``: rename, recode, make the default."""

from __future__ import annotations

import uuid
from typing import Annotated

import strawberry

from app.graphql.context import Info
from app.graphql.directives import guarded
from app.graphql.global_ids import local_id
from modules.commerce import tax_classes
from modules.commerce.graphql.tax_inputs import TaxClassUpdateInput, tax_class_fields
from modules.commerce.graphql.tax_payloads import TaxClassPayload, tax_class_payload
from modules.commerce.permissions import MANAGE_TAXES

__all__ = ["TaxClassUpdateMutation"]


@strawberry.type(description="taxClassUpdate.")
class TaxClassUpdateMutation:
    """taxClassUpdate."""

    @strawberry.mutation(
        description="Change a tax class's code, name or default flag.",
        directives=guarded(MANAGE_TAXES),
    )
    async def tax_class_update(
        self,
        info: Info,
        input: Annotated[TaxClassUpdateInput, strawberry.argument(description="The changes.")],
    ) -> TaxClassPayload:
        """Update a tax class."""
        ctx = info.context

        async def act() -> uuid.UUID:
            tax_class_id = local_id(input.id, "TaxClass", "id")
            await tax_classes.update_tax_class(ctx, tax_class_id, tax_class_fields(input))
            return tax_class_id

        return await tax_class_payload(ctx, act)
