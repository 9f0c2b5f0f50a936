"""Input objects of the price list mutations, and their conversion to the service's."""

from __future__ import annotations

import uuid
from datetime import datetime

import strawberry

from app.graphql.global_ids import local_id
from app.graphql.types import MoneyInput
from modules.commerce.graphql.price_list_types import PriceListStatusValue
from modules.commerce.price_list_rules import PriceListSpec, PriceListStatus, TierInput
from modules.commerce.price_lists import KEEP, Keep, PriceListChanges

__all__ = [
    "PriceListCreateInput",
    "PriceListEntriesSetInput",
    "PriceListUpdateInput",
    "PriceTierInput",
    "changes_of",
    "group_ids_of",
    "spec_of",
    "tiers_of",
]


@strawberry.input(description="A new price list.")
class PriceListCreateInput:
    """A list's fields; it has no tiers until `priceListEntriesSet`."""

    name: str = strawberry.field(description="1 to 200 characters.")
    currency: str = strawberry.field(description="A currency the shop sells in; fixed for good.")
    status: PriceListStatusValue = strawberry.field(
        default=PriceListStatusValue.ACTIVE, description="Whether it may apply."
    )
    starts_at: datetime | None = strawberry.field(default=None, description="When it starts.")
    ends_at: datetime | None = strawberry.field(
        default=None, description="When it ends (after the start)."
    )
    priority: int = strawberry.field(
        default=0, description="0 to 1000; names the source between lists of the same amount."
    )
    customer_group_ids: list[strawberry.ID] = strawberry.field(
        default_factory=list,
        description="`CustomerGroup` IDs it applies to (at most 50); none: everyone.",
    )


@strawberry.input(description="Changes to a price list (absent: unchanged; null clears).")
class PriceListUpdateInput:
    """A list's ID and its changes."""

    id: strawberry.ID = strawberry.field(description="The `PriceList` ID.")
    name: str | None = strawberry.field(default=strawberry.UNSET, description="A new name.")
    status: PriceListStatusValue | None = strawberry.field(
        default=strawberry.UNSET, description="A new status."
    )
    starts_at: datetime | None = strawberry.field(
        default=strawberry.UNSET, description="A new start; null removes it."
    )
    ends_at: datetime | None = strawberry.field(
        default=strawberry.UNSET, description="A new end; null removes it."
    )
    priority: int | None = strawberry.field(default=strawberry.UNSET, description="A new priority.")
    customer_group_ids: list[strawberry.ID] | None = strawberry.field(
        default=strawberry.UNSET, description="The new groups (all of them); empty: everyone."
    )


@strawberry.input(description="One quantity tier.")
class PriceTierInput:
    """From ``minQuantity`` units up, ``price`` a unit."""

    min_quantity: int = strawberry.field(description="At least 1; unique among the tiers.")
    price: MoneyInput = strawberry.field(
        description="A positive unit amount in the list's currency."
    )


@strawberry.input(description="A variant's tiers in a price list, replacing those it has.")
class PriceListEntriesSetInput:
    """The list, the variant and its tiers (none: the variant leaves the list)."""

    id: strawberry.ID = strawberry.field(description="The `PriceList` ID.")
    variant_id: strawberry.ID = strawberry.field(description="The `ProductVariant` ID.")
    tiers: list[PriceTierInput] = strawberry.field(description="At most 20 tiers.")


def group_ids_of(given: list[strawberry.ID]) -> list[uuid.UUID]:
    """Return group UUIDs (VALIDATION at ``customerGroupIds.N`` for a bad ID)."""
    return [
        local_id(group, "CustomerGroup", f"customerGroupIds.{number}")
        for number, group in enumerate(given)
    ]


def _status(value: PriceListStatusValue) -> PriceListStatus:
    if value is PriceListStatusValue.DISABLED:
        return PriceListStatus.DISABLED
    return PriceListStatus.ACTIVE


def spec_of(given: PriceListCreateInput) -> PriceListSpec:
    """Return the service's list of a create input."""
    return PriceListSpec(
        name=given.name,
        currency=given.currency,
        status=_status(given.status),
        starts_at=given.starts_at,
        ends_at=given.ends_at,
        priority=given.priority,
        customer_group_ids=group_ids_of(given.customer_group_ids),
    )


def _kept(value: object) -> bool:
    return value is strawberry.UNSET or value is None


def changes_of(given: PriceListUpdateInput) -> PriceListChanges:
    """Return the service's changes of an update input (null name, status, priority: kept)."""
    status: PriceListStatus | Keep = (
        KEEP if given.status is None or _kept(given.status) else _status(given.status)
    )
    groups = given.customer_group_ids
    return PriceListChanges(
        name=KEEP if given.name is None or _kept(given.name) else given.name,
        status=status,
        starts_at=KEEP if given.starts_at is strawberry.UNSET else given.starts_at,
        ends_at=KEEP if given.ends_at is strawberry.UNSET else given.ends_at,
        priority=KEEP if given.priority is None or _kept(given.priority) else given.priority,
        customer_group_ids=KEEP if groups is None or _kept(groups) else group_ids_of(groups),
    )


def tiers_of(given: PriceListEntriesSetInput) -> list[TierInput]:
    """Return the service's tiers of an entries input."""
    return [
        TierInput(tier.min_quantity, int(tier.price.amount), tier.price.currency)
        for tier in given.tiers
    ]
