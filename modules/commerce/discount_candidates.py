"""The discounts a cart may get now: the shop's automatic ones and the cart's codes, checked.

One query reads them with their targets: the shop's automatic discounts that are active and
in their window, and the discounts of the codes applied to the cart (in the order they were
applied). Each is then checked against the cart (:func:`discount_problem`), in this order:

- a code that names no code discount (it became automatic): "no discount has this code";
- disabled, or outside its window: "this code is not valid now";
- used up (``usage_count`` reached ``usage_limit``), or the buyer's redemptions reached
  ``usage_limit_per_customer`` — counted by the signed-in customer's id or by the cart's
  e-mail (lower-case), so a guest with a customer's address shares that customer's count;
- another currency than the cart's, or a minimum above the cart's subtotal (before discounts).

A discount with a problem is no candidate; a code keeps its problem for the cart to show. Valid
codes past the shop's ``discount_codes_per_cart`` are told so and are no candidates either.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from sqlalchemy import and_, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from modules.commerce.cart_models import CartRow
from modules.commerce.discount_arithmetic import Candidate
from modules.commerce.discount_models import (
    CartDiscountRow,
    DiscountRedemptionRow,
    DiscountRow,
    DiscountTargetRow,
)

__all__ = [
    "CartCandidates",
    "CodeCheck",
    "buyer_email",
    "buyer_uses",
    "discount_problem",
    "load_candidates",
]

NOT_A_CODE = "no discount has this code"


@dataclass(frozen=True, slots=True)
class CodeCheck:
    """A code on the cart, its discount, and why it may not apply (None when it may)."""

    code: str
    discount_id: uuid.UUID
    problem: str | None


@dataclass(frozen=True, slots=True)
class CartCandidates:
    """The candidates (automatic first, then codes in order), their rows, and the codes."""

    candidates: tuple[Candidate, ...]
    rows: dict[uuid.UUID, DiscountRow]
    codes: tuple[CodeCheck, ...]


def _in_window(row: DiscountRow, now: datetime) -> bool:
    started = row.starts_at is None or row.starts_at <= now
    return started and (row.ends_at is None or now < row.ends_at)


def buyer_email(cart: CartRow) -> str | None:
    """Return the cart's e-mail as redemptions store it (lower-case), if it has one."""
    return None if cart.email is None else cart.email.strip().lower()


async def buyer_uses(
    session: AsyncSession,
    tenant_id: uuid.UUID,
    discount_ids: Collection[uuid.UUID],
    customer_id: uuid.UUID | None,
    email: str | None,
) -> dict[uuid.UUID, int]:
    """Return, per discount, the placed orders' redemptions by this customer or this e-mail."""
    buyer = []
    if customer_id is not None:
        buyer.append(DiscountRedemptionRow.customer_id == customer_id)
    if email is not None:
        buyer.append(DiscountRedemptionRow.email == email)
    if not buyer or not discount_ids:
        return {}
    rows = await session.execute(
        select(DiscountRedemptionRow.discount_id, func.count())
        .where(
            DiscountRedemptionRow.tenant_id == tenant_id,
            DiscountRedemptionRow.discount_id.in_(list(discount_ids)),
            or_(*buyer),
        )
        .group_by(DiscountRedemptionRow.discount_id)
    )
    return {discount_id: int(count) for discount_id, count in rows.all()}


def discount_problem(
    row: DiscountRow, cart: CartRow, subtotal: int, now: datetime, uses: int
) -> str | None:
    """Return why the discount may not apply to the cart now (the module's checks), if so.

    ``uses`` is the buyer's redemptions of it; ``subtotal`` the cart's, before discounts.
    """
    if row.status != "active" or not _in_window(row, now):
        return "this code is not valid now"
    if row.usage_limit is not None and row.usage_count >= row.usage_limit:
        return "this code has been used up"
    limit = row.usage_limit_per_customer
    if limit is not None and uses >= limit:
        return "you have used this code as often as it allows"
    if row.currency is not None and row.currency != cart.currency:
        return f"this code applies to carts in {row.currency} only"
    if row.min_subtotal_amount is not None and subtotal < row.min_subtotal_amount:
        return "the cart's subtotal is below this code's minimum"
    return None


def _candidate(row: DiscountRow, targets: frozenset[uuid.UUID]) -> Candidate:
    return Candidate(
        id=row.id,
        kind="fixed" if row.kind == "fixed" else "percentage",
        value=row.value,
        currency=row.currency,
        target=_target(row.target),
        target_ids=targets,
        is_automatic=row.is_automatic,
        combinable=row.combinable,
        min_subtotal=row.min_subtotal_amount,
        created_at=row.created_at,
    )


def _target(stored: str) -> Literal["order", "products", "categories"]:
    if stored == "products":
        return "products"
    return "categories" if stored == "categories" else "order"


async def _read(
    session: AsyncSession, cart: CartRow, now: datetime
) -> tuple[dict[uuid.UUID, DiscountRow], dict[uuid.UUID, set[uuid.UUID]], list[CartDiscountRow]]:
    """Read the automatic discounts in their window and the cart's codes, with targets."""
    tenant_id = cart.tenant_id
    automatic_now = and_(
        DiscountRow.is_automatic.is_(True),
        DiscountRow.status == "active",
        or_(DiscountRow.starts_at.is_(None), DiscountRow.starts_at <= now),
        or_(DiscountRow.ends_at.is_(None), DiscountRow.ends_at > now),
    )
    found = await session.execute(
        select(DiscountRow, DiscountTargetRow.target_id, CartDiscountRow)
        .outerjoin(
            DiscountTargetRow,
            (DiscountTargetRow.tenant_id == DiscountRow.tenant_id)
            & (DiscountTargetRow.discount_id == DiscountRow.id),
        )
        .outerjoin(
            CartDiscountRow,
            (CartDiscountRow.tenant_id == DiscountRow.tenant_id)
            & (CartDiscountRow.discount_id == DiscountRow.id)
            & (CartDiscountRow.cart_id == cart.id),
        )
        .where(
            DiscountRow.tenant_id == tenant_id,
            or_(CartDiscountRow.cart_id.is_not(None), automatic_now),
        )
    )
    rows: dict[uuid.UUID, DiscountRow] = {}
    targets: dict[uuid.UUID, set[uuid.UUID]] = {}
    applied: dict[uuid.UUID, CartDiscountRow] = {}
    for row, target_id, code in found.all():
        rows[row.id] = row
        targets.setdefault(row.id, set())
        if target_id is not None:
            targets[row.id].add(target_id)
        if code is not None:
            applied[row.id] = code
    ordered = sorted(applied.values(), key=lambda code: (code.created_at, code.code))
    return rows, targets, ordered


async def load_candidates(
    session: AsyncSession, cart: CartRow, subtotal: int, now: datetime, codes_allowed: int
) -> CartCandidates:
    """Return the cart's candidate discounts and its codes' checks (see the module)."""
    rows, targets, applied = await _read(session, cart, now)
    limited = [id_ for id_, row in rows.items() if row.usage_limit_per_customer is not None]
    uses = await buyer_uses(session, cart.tenant_id, limited, cart.customer_id, buyer_email(cart))

    def problem(row: DiscountRow) -> str | None:
        return discount_problem(row, cart, subtotal, now, uses.get(row.id, 0))

    automatic = sorted(
        (row for row in rows.values() if row.is_automatic and problem(row) is None),
        key=lambda row: (row.created_at, row.id),
    )
    candidates = [_candidate(row, frozenset(targets[row.id])) for row in automatic]
    checks: list[CodeCheck] = []
    for code in applied:
        row = rows[code.discount_id]
        found = NOT_A_CODE if row.is_automatic else problem(row)
        valid = sum(1 for check in checks if check.problem is None)
        if found is None and valid >= codes_allowed:
            found = f"a cart takes at most {codes_allowed} code(s)"
        checks.append(CodeCheck(code.code, row.id, found))
        if found is None:
            candidates.append(_candidate(row, frozenset(targets[row.id])))
    return CartCandidates(tuple(candidates), rows, tuple(checks))
