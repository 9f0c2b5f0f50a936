"""GraphQL types of discounts: ``Discount`` and its enums; targets load through a DataLoader."""

from __future__ import annotations

import enum
import uuid
from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime

import strawberry
from sqlalchemy import select
from strawberry.dataloader import DataLoader

from app.graphql.context import Info
from app.graphql.loaders import request_loader
from app.graphql.types import MinorUnits, Money, Node
from app.ids import encode_global_id
from app.registry import NodeSource
from app.runtime import Context
from modules.commerce.discount_models import DiscountRow, DiscountTargetRow
from modules.commerce.permissions import MANAGE_DISCOUNTS

__all__ = [
    "DISCOUNT_NODES",
    "Discount",
    "DiscountKindValue",
    "DiscountStatusValue",
    "DiscountTargetValue",
]


@strawberry.enum(name="DiscountKind", description="How a discount's value is read.")
class DiscountKindValue(enum.Enum):
    """A discount's kind."""

    PERCENTAGE = strawberry.enum_value(
        "percentage", description="A share of the price, in basis points (10000 = 100%)."
    )
    FIXED = strawberry.enum_value("fixed", description="An amount in minor units of a currency.")


@strawberry.enum(name="DiscountTarget", description="What a discount applies to.")
class DiscountTargetValue(enum.Enum):
    """A discount's target."""

    ORDER = strawberry.enum_value("order", description="The subtotal after line discounts.")
    PRODUCTS = strawberry.enum_value("products", description="Lines of the target products.")
    CATEGORIES = strawberry.enum_value(
        "categories", description="Lines of products in the target categories."
    )


@strawberry.enum(name="DiscountStatus", description="Whether a discount may apply.")
class DiscountStatusValue(enum.Enum):
    """A discount's status."""

    ACTIVE = strawberry.enum_value("active", description="Applies within its window.")
    DISABLED = strawberry.enum_value("disabled", description="Never applies.")


def _targets_by_discount(ctx: Context) -> DataLoader[uuid.UUID, list[str]]:
    async def load(keys: list[uuid.UUID]) -> list[list[str]]:
        tenant_id = ctx.require_tenant().id
        found: dict[uuid.UUID, list[str]] = defaultdict(list)
        async with ctx.runtime.db.transaction(tenant_id, readonly=True) as session:
            rows = await session.scalars(
                select(DiscountTargetRow)
                .where(
                    DiscountTargetRow.tenant_id == tenant_id,
                    DiscountTargetRow.discount_id.in_(keys),
                )
                .order_by(DiscountTargetRow.target_id)
            )
            for row in rows:
                kind = "Product" if row.target_type == "product" else "ProductCategory"
                found[row.discount_id].append(encode_global_id(kind, row.target_id))
        return [found[key] for key in keys]

    return request_loader(ctx, "commerce.discount_targets", load)


@strawberry.type(description="A discount: a code customers enter, or automatic.")
class Discount(Node):
    """A discount."""

    code: str | None = strawberry.field(description="The code (upper case); null if automatic.")
    name: str = strawberry.field(description="The name staff see.")
    is_automatic: bool = strawberry.field(description="Whether it applies without a code.")
    kind: DiscountKindValue = strawberry.field(description="How `value` is read.")
    value: MinorUnits = strawberry.field(
        description="Basis points (percentage) or minor units of `currency` (fixed)."
    )
    currency: str | None = strawberry.field(
        description="The only currency of carts it applies to (always set when fixed)."
    )
    target: DiscountTargetValue = strawberry.field(description="What it applies to.")
    min_subtotal: Money | None = strawberry.field(
        description="The subtotal (before discounts) a cart must reach."
    )
    usage_limit: int | None = strawberry.field(description="Orders it may be used in, in all.")
    usage_limit_per_customer: int | None = strawberry.field(
        description="Orders one signed-in customer may use it in."
    )
    usage_count: int = strawberry.field(description="Placed orders that used it.")
    starts_at: datetime | None = strawberry.field(description="When it starts to apply.")
    ends_at: datetime | None = strawberry.field(description="When it stops applying.")
    combinable: bool = strawberry.field(
        description="Whether it combines with other combinable discounts."
    )
    status: DiscountStatusValue = strawberry.field(description="Whether it may apply.")
    row: strawberry.Private[DiscountRow]

    @strawberry.field(
        description="The global IDs of its `Product`s or `ProductCategory`s (none on the order)."
    )
    async def targets(self, info: Info) -> list[strawberry.ID]:
        """Load the target IDs."""
        found = await _targets_by_discount(info.context).load(self.row.id)
        return [strawberry.ID(value) for value in found]

    @classmethod
    def from_row(cls, row: DiscountRow) -> Discount:
        """Build from a discount row."""
        minimum = row.min_subtotal_amount
        return cls(
            id=strawberry.ID(encode_global_id("Discount", row.id)),
            code=row.code,
            name=row.name,
            is_automatic=row.is_automatic,
            kind=DiscountKindValue(row.kind),
            value=MinorUnits(row.value),
            currency=row.currency,
            target=DiscountTargetValue(row.target),
            min_subtotal=None
            if minimum is None or row.currency is None
            else Money(amount=MinorUnits(minimum), currency=row.currency),
            usage_limit=row.usage_limit,
            usage_limit_per_customer=row.usage_limit_per_customer,
            usage_count=row.usage_count,
            starts_at=row.starts_at,
            ends_at=row.ends_at,
            combinable=row.combinable,
            status=DiscountStatusValue(row.status),
            row=row,
        )


async def _discounts(ctx: Context, ids: list[uuid.UUID]) -> Sequence[Discount | None]:
    """``node(id:)`` for discounts: staff who manage them, null for anyone else."""
    tenant_id = ctx.require_tenant().id
    if not ctx.principal.has_permission(MANAGE_DISCOUNTS, tenant_id):
        return [None] * len(ids)
    async with ctx.runtime.db.transaction(tenant_id, readonly=True) as session:
        rows = await session.scalars(
            select(DiscountRow).where(DiscountRow.tenant_id == tenant_id, DiscountRow.id.in_(ids))
        )
        found = {row.id: row for row in rows}
    return [Discount.from_row(found[key]) if key in found else None for key in ids]


DISCOUNT_NODES = (NodeSource(type_name="Discount", load=_discounts),)
