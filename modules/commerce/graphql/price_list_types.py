"""GraphQL ``PriceList`` and ``PriceTier``: price lists as staff with ``manage_prices`` see them.

A list's customer groups and a variant's tiers load through the request's DataLoaders (one
statement for a page of lists). ``node(id:)`` answers a list to holders of
``commerce.manage_prices`` only; anyone else gets null, as for an unknown id.
"""

from __future__ import annotations

import enum
import uuid
from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime
from typing import Annotated

import strawberry
from sqlalchemy import select
from strawberry.dataloader import DataLoader

from app.graphql.context import Info
from app.graphql.global_ids import local_id
from app.graphql.loaders import request_loader
from app.graphql.types import MinorUnits, Money, Node
from app.ids import encode_global_id
from app.registry import NodeSource
from app.runtime import Context
from modules.commerce.permissions import MANAGE_PRICES
from modules.commerce.price_list_models import PriceListEntryRow, PriceListGroupRow, PriceListRow

__all__ = ["PRICE_LIST_NODES", "PriceList", "PriceListStatusValue", "PriceTier"]


@strawberry.enum(description="Whether a price list may apply.")
class PriceListStatusValue(enum.Enum):
    """A price list's status."""

    ACTIVE = strawberry.enum_value("active", description="Applies within its window.")
    DISABLED = strawberry.enum_value("disabled", description="Never applies.")


@strawberry.type(description="One quantity tier of a variant in a price list.")
class PriceTier:
    """From ``minQuantity`` units up, each costs ``price``."""

    min_quantity: int = strawberry.field(description="The least quantity the tier applies to.")
    price: Money = strawberry.field(description="The unit price from that quantity up.")


def _groups_by_list(ctx: Context) -> DataLoader[uuid.UUID, list[uuid.UUID]]:
    async def load(keys: list[uuid.UUID]) -> list[list[uuid.UUID]]:
        tenant_id = ctx.require_tenant().id
        found: dict[uuid.UUID, list[uuid.UUID]] = defaultdict(list)
        async with ctx.runtime.db.transaction(tenant_id, readonly=True) as session:
            rows = await session.scalars(
                select(PriceListGroupRow)
                .where(
                    PriceListGroupRow.tenant_id == tenant_id,
                    PriceListGroupRow.price_list_id.in_(keys),
                )
                .order_by(PriceListGroupRow.customer_group_id)
            )
            for row in rows:
                found[row.price_list_id].append(row.customer_group_id)
        return [found[key] for key in keys]

    return request_loader(ctx, "commerce.price_list_groups", load)


def _tiers(ctx: Context) -> DataLoader[tuple[uuid.UUID, uuid.UUID], list[PriceListEntryRow]]:
    async def load(keys: list[tuple[uuid.UUID, uuid.UUID]]) -> list[list[PriceListEntryRow]]:
        tenant_id = ctx.require_tenant().id
        found: dict[tuple[uuid.UUID, uuid.UUID], list[PriceListEntryRow]] = defaultdict(list)
        async with ctx.runtime.db.transaction(tenant_id, readonly=True) as session:
            rows = await session.scalars(
                select(PriceListEntryRow)
                .where(
                    PriceListEntryRow.tenant_id == tenant_id,
                    PriceListEntryRow.price_list_id.in_({key[0] for key in keys}),
                    PriceListEntryRow.variant_id.in_({key[1] for key in keys}),
                )
                .order_by(PriceListEntryRow.min_quantity)
            )
            for row in rows:
                found[(row.price_list_id, row.variant_id)].append(row)
        return [found[key] for key in keys]

    return request_loader(ctx, "commerce.price_list_tiers", load)


@strawberry.type(description="Prices for customer groups (or everyone), in one currency.")
class PriceList(Node):
    """A price list."""

    name: str = strawberry.field(description="The name staff see.")
    currency: str = strawberry.field(description="The ISO 4217 currency of its tiers.")
    status: PriceListStatusValue = strawberry.field(description="Whether it may apply.")
    starts_at: datetime | None = strawberry.field(description="When it starts to apply.")
    ends_at: datetime | None = strawberry.field(description="When it stops applying.")
    priority: int = strawberry.field(
        description="Between lists offering the same amount, the higher names the source."
    )
    row: strawberry.Private[PriceListRow]

    @strawberry.field(
        description="The `CustomerGroup` IDs it applies to; none: it applies to everyone."
    )
    async def customer_group_ids(self, info: Info) -> list[strawberry.ID]:
        """Load the group IDs."""
        found = await _groups_by_list(info.context).load(self.row.id)
        return [strawberry.ID(encode_global_id("CustomerGroup", group)) for group in found]

    @strawberry.field(description="A variant's tiers in this list, by minimum quantity.")
    async def tiers(
        self,
        info: Info,
        variant_id: Annotated[
            strawberry.ID, strawberry.argument(description="The `ProductVariant` ID.")
        ],
    ) -> list[PriceTier]:
        """Load the variant's tiers."""
        variant = local_id(variant_id, "ProductVariant", "variantId")
        rows = await _tiers(info.context).load((self.row.id, variant))
        return [
            PriceTier(
                min_quantity=row.min_quantity,
                price=Money(amount=MinorUnits(row.amount), currency=self.row.currency),
            )
            for row in rows
        ]

    @classmethod
    def from_row(cls, row: PriceListRow) -> PriceList:
        """Build from a price list row."""
        return cls(
            id=strawberry.ID(encode_global_id("PriceList", row.id)),
            name=row.name,
            currency=row.currency,
            status=PriceListStatusValue(row.status),
            starts_at=row.starts_at,
            ends_at=row.ends_at,
            priority=row.priority,
            row=row,
        )


async def _price_lists(ctx: Context, ids: list[uuid.UUID]) -> Sequence[PriceList | None]:
    """``node(id:)`` for price lists: staff who manage prices, null for anyone else."""
    tenant_id = ctx.require_tenant().id
    if not ctx.principal.has_permission(MANAGE_PRICES, tenant_id):
        return [None] * len(ids)
    async with ctx.runtime.db.transaction(tenant_id, readonly=True) as session:
        rows = await session.scalars(
            select(PriceListRow).where(
                PriceListRow.tenant_id == tenant_id, PriceListRow.id.in_(ids)
            )
        )
        found = {row.id: row for row in rows}
    return [PriceList.from_row(found[key]) if key in found else None for key in ids]


PRICE_LIST_NODES = (NodeSource(type_name="PriceList", load=_price_lists),)
