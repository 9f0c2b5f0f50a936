"""A variant's unit price for a customer, currency and quantity: the one place it is decided.

The rule (docs/modules/commerce.md, "Price lists"):

1. A variant is for sale in a currency only when it has a base price in it; without one it has
   no price at all, whatever the price lists say.
2. The price lists that count are those ``active`` now (``starts_at <= now < ends_at``, a null
   bound open), in the currency asked, that apply to the buyer: a list naming no customer group
   applies to everyone (guests too); a list naming groups applies to signed-in customers in at
   least one of them. Guests get the lists for everyone only.
3. In each such list, the variant's tier for the quantity is the entry with the highest
   ``min_quantity`` not above the quantity; a list with no such entry offers nothing.
4. The lowest amount wins: the cheapest list tier replaces the base price when it is strictly
   lower; otherwise the base price stands. Between lists offering the same amount, the one with
   the higher ``priority`` is named as the source (then the older list).

Worked: base 20.00; list "Trade" (group ``b2b``) tiers 1+ at 18.00 and 10+ at 15.00; list
"Sale" (everyone) 1+ at 19.00. A guest buying 12 pays 19.00 (Sale); a ``b2b`` member buying 3
pays 18.00 (Trade, tier 1) and buying 12 pays 15.00 (Trade, tier 10).

:func:`resolve_prices` answers for any number of items in two statements (base prices, then
every candidate tier with its list, the buyer's groups read in a subquery).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, and_, exists, not_, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from modules.commerce.customer_models import CustomerGroupMemberRow
from modules.commerce.models import PriceRow
from modules.commerce.price_list_models import PriceListEntryRow, PriceListGroupRow, PriceListRow

__all__ = ["ACTIVE", "ResolvedPrice", "has_price_lists_for_everyone", "resolve_prices"]

ACTIVE = "active"


@dataclass(frozen=True, slots=True)
class ResolvedPrice:
    """A unit amount in minor units and where it came from.

    Attributes:
        amount: The unit price.
        price_list_id: The price list it came from; None for the base price.
        min_quantity: The tier of that list (its ``min_quantity``); None for the base price.
    """

    amount: int
    price_list_id: uuid.UUID | None = None
    min_quantity: int | None = None


@dataclass(frozen=True, slots=True)
class _Tier:
    variant_id: uuid.UUID
    min_quantity: int
    amount: int
    price_list_id: uuid.UUID
    priority: int


def _is_live(now: datetime) -> ColumnElement[bool]:
    return and_(
        PriceListRow.status == ACTIVE,
        or_(PriceListRow.starts_at.is_(None), PriceListRow.starts_at <= now),
        or_(PriceListRow.ends_at.is_(None), PriceListRow.ends_at > now),
    )


def _is_for(tenant_id: uuid.UUID, customer_id: uuid.UUID | None) -> ColumnElement[bool]:
    named = select(PriceListGroupRow.price_list_id).where(
        PriceListGroupRow.tenant_id == tenant_id,
        PriceListGroupRow.price_list_id == PriceListRow.id,
    )
    for_everyone = not_(exists(named))
    if customer_id is None:
        return for_everyone
    member = named.join(
        CustomerGroupMemberRow,
        (CustomerGroupMemberRow.tenant_id == PriceListGroupRow.tenant_id)
        & (CustomerGroupMemberRow.customer_group_id == PriceListGroupRow.customer_group_id),
    ).where(CustomerGroupMemberRow.customer_id == customer_id)
    return or_(for_everyone, exists(member))


async def _base(
    session: AsyncSession, tenant_id: uuid.UUID, currency: str, variant_ids: set[uuid.UUID]
) -> dict[uuid.UUID, int]:
    rows = await session.execute(
        select(PriceRow.variant_id, PriceRow.amount).where(
            PriceRow.tenant_id == tenant_id,
            PriceRow.currency == currency,
            PriceRow.variant_id.in_(variant_ids),
        )
    )
    return {variant_id: amount for variant_id, amount in rows.all()}


async def _tiers(
    session: AsyncSession,
    tenant_id: uuid.UUID,
    currency: str,
    items: Sequence[tuple[uuid.UUID, int]],
    customer_id: uuid.UUID | None,
    now: datetime,
) -> list[_Tier]:
    rows = await session.execute(
        select(
            PriceListEntryRow.variant_id,
            PriceListEntryRow.min_quantity,
            PriceListEntryRow.amount,
            PriceListRow.id,
            PriceListRow.priority,
        )
        .join(
            PriceListRow,
            (PriceListRow.tenant_id == PriceListEntryRow.tenant_id)
            & (PriceListRow.id == PriceListEntryRow.price_list_id),
        )
        .where(
            PriceListEntryRow.tenant_id == tenant_id,
            PriceListEntryRow.variant_id.in_({variant for variant, _ in items}),
            PriceListEntryRow.min_quantity <= max(quantity for _, quantity in items),
            PriceListRow.currency == currency,
            _is_live(now),
            _is_for(tenant_id, customer_id),
        )
    )
    return [_Tier(*row) for row in rows.all()]


def _pick(base: int, tiers: Sequence[_Tier], quantity: int) -> ResolvedPrice:
    best_per_list: dict[uuid.UUID, _Tier] = {}
    for tier in tiers:
        if tier.min_quantity > quantity:
            continue
        held = best_per_list.get(tier.price_list_id)
        if held is None or tier.min_quantity > held.min_quantity:
            best_per_list[tier.price_list_id] = tier
    if not best_per_list:
        return ResolvedPrice(base)
    cheapest = min(best_per_list.values(), key=lambda t: (t.amount, -t.priority, t.price_list_id))
    if cheapest.amount >= base:
        return ResolvedPrice(base)
    return ResolvedPrice(cheapest.amount, cheapest.price_list_id, cheapest.min_quantity)


async def resolve_prices(
    session: AsyncSession,
    tenant_id: uuid.UUID,
    items: Sequence[tuple[uuid.UUID, int]],
    currency: str,
    customer_id: uuid.UUID | None,
    now: datetime,
) -> list[ResolvedPrice | None]:
    """Return the unit price of each ``(variant_id, quantity)`` for the buyer, by the rule above.

    Args:
        session: The transaction to read in.
        tenant_id: The shop.
        items: The variants and how many of each are bought (at least 1).
        currency: The ISO 4217 code of the amounts.
        customer_id: The signed-in customer, or None for a guest (lists for everyone only).
        now: The moment whose active lists count.

    Returns:
        One entry per item, in order: its price, or None when the variant is not for sale in
        ``currency`` (no base price). Two statements for any number of items (none for none).
    """
    if not items:
        return []
    base = await _base(session, tenant_id, currency, {variant for variant, _ in items})
    tiers = await _tiers(session, tenant_id, currency, items, customer_id, now)
    by_variant: dict[uuid.UUID, list[_Tier]] = {}
    for tier in tiers:
        by_variant.setdefault(tier.variant_id, []).append(tier)
    return [
        None if variant not in base else _pick(base[variant], by_variant.get(variant, []), quantity)
        for variant, quantity in items
    ]


async def has_price_lists_for_everyone(
    session: AsyncSession, tenant_id: uuid.UUID, currency: str, now: datetime
) -> bool:
    """Return whether a list for everyone in ``currency`` is live now (guests may pay less)."""
    found = await session.scalar(
        select(PriceListRow.id)
        .where(
            PriceListRow.tenant_id == tenant_id,
            PriceListRow.currency == currency,
            _is_live(now),
            _is_for(tenant_id, None),
        )
        .limit(1)
    )
    return found is not None
