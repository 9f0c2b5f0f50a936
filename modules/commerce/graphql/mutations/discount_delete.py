"""``discountDelete``: a discount goes with its targets and its codes on carts."""

from __future__ import annotations

from typing import Annotated

import strawberry

from app.graphql.context import Info
from app.graphql.directives import guarded
from app.graphql.global_ids import local_id
from modules.commerce import discounts
from modules.commerce.graphql.discount_payloads import DiscountDeletePayload
from modules.commerce.graphql.payloads import deleted
from modules.commerce.permissions import MANAGE_DISCOUNTS

__all__ = ["DiscountDeleteMutation"]


@strawberry.type(description="discountDelete.")
class DiscountDeleteMutation:
    """discountDelete."""

    @strawberry.mutation(
        description="Delete a discount (orders keep what it took off them).",
        directives=guarded(MANAGE_DISCOUNTS),
    )
    async def discount_delete(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="The `Discount` ID.")],
    ) -> DiscountDeletePayload:
        """Delete a discount."""
        ctx = info.context

        async def act() -> None:
            await discounts.delete_discount(ctx, local_id(id, "Discount", "id"))

        deleted_id, errors = await deleted(act, id)
        return DiscountDeletePayload(deleted_id=deleted_id, errors=errors)
