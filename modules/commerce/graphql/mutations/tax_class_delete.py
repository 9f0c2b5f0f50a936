"""``taxClassDelete``: a tax class goes with its rates."""

from __future__ import annotations

from typing import Annotated

import strawberry

from app.graphql.context import Info
from app.graphql.directives import guarded
from app.graphql.global_ids import local_id
from modules.commerce import tax_classes
from modules.commerce.graphql.payloads import deleted
from modules.commerce.graphql.tax_payloads import TaxClassDeletePayload
from modules.commerce.permissions import MANAGE_TAXES

__all__ = ["TaxClassDeleteMutation"]


@strawberry.type(description="taxClassDelete.")
class TaxClassDeleteMutation:
    """taxClassDelete."""

    @strawberry.mutation(
        description="Delete a tax class with its rates (not the default, nor a class in use).",
        directives=guarded(MANAGE_TAXES),
    )
    async def tax_class_delete(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="The `TaxClass` ID.")],
    ) -> TaxClassDeletePayload:
        """Delete a tax class."""
        ctx = info.context

        async def act() -> None:
            await tax_classes.delete_tax_class(ctx, local_id(id, "TaxClass", "id"))

        deleted_id, errors = await deleted(act, id)
        return TaxClassDeletePayload(deleted_id=deleted_id, errors=errors)
