"""What discounts take off a cart's lines now, and what the cart tells about each of its codes.

The candidates come from :mod:`modules.commerce.discount_candidates` (automatic discounts in
their window, and the cart's codes that pass their checks); the choice and the arithmetic are
:func:`modules.commerce.discount_arithmetic.choose_and_apply`'s. A line's categories are the
categories its product is filed in and every category above them, as the catalog's category
filter reads them (a discount on ``clothing`` takes off a product filed in ``clothing/hats``);
read only when a candidate targets categories.

Each code ends up taking something off (``amount`` above 0), or says why not: its check's
problem, "another discount saves more and they do not combine" when the combination rules chose
without it, or "nothing in the cart qualifies" when it applied to nothing.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from modules.commerce.cart_models import CartRow
from modules.commerce.discount_arithmetic import DiscountedLine, choose_and_apply
from modules.commerce.discount_candidates import CartCandidates, load_candidates
from modules.commerce.models import CategoryRow, ProductCategoryRow

__all__ = ["AppliedDiscount", "CodeState", "Discounting", "ItemLine", "discount_lines"]

NOT_CHOSEN = "another discount saves more, and they do not combine"
NOTHING_QUALIFIES = "nothing in the cart qualifies"


@dataclass(frozen=True, slots=True)
class ItemLine:
    """A line as discounts need it: its product, quantity and amount before discounts."""

    product_id: uuid.UUID
    quantity: int
    amount: int


@dataclass(frozen=True, slots=True)
class AppliedDiscount:
    """A discount taking ``amount`` off the cart: its code (None when automatic) and name."""

    discount_id: uuid.UUID
    code: str | None
    name: str
    amount: int


@dataclass(frozen=True, slots=True)
class CodeState:
    """A code on the cart: what it takes off, and why it takes nothing (``problem``).

    ``is_valid`` is False when the code itself may not apply (checkout refuses it then); a
    valid code may still take nothing, because another discount was chosen.
    """

    code: str
    discount_id: uuid.UUID
    amount: int
    problem: str | None
    is_valid: bool


@dataclass(frozen=True, slots=True)
class Discounting:
    """Each line's discount (in the lines' order), the discounts applied, and the codes."""

    lines: tuple[int, ...]
    applied: tuple[AppliedDiscount, ...]
    codes: tuple[CodeState, ...]

    @property
    def total(self) -> int:
        """Return the cart's whole discount."""
        return sum(self.lines)


async def _categories(
    session: AsyncSession, tenant_id: uuid.UUID, product_ids: set[uuid.UUID]
) -> dict[uuid.UUID, frozenset[uuid.UUID]]:
    """Return each product's categories with their ancestors (paths are slugs joined by ``/``)."""
    filed, above = aliased(CategoryRow), aliased(CategoryRow)
    rows = await session.execute(
        select(ProductCategoryRow.product_id, above.id)
        .join(
            filed,
            and_(
                filed.tenant_id == ProductCategoryRow.tenant_id,
                filed.id == ProductCategoryRow.category_id,
            ),
        )
        .join(
            above,
            and_(
                above.tenant_id == filed.tenant_id,
                or_(above.id == filed.id, filed.path.startswith(above.path + "/")),
            ),
        )
        .where(
            ProductCategoryRow.tenant_id == tenant_id,
            ProductCategoryRow.product_id.in_(product_ids),
        )
    )
    found: dict[uuid.UUID, set[uuid.UUID]] = defaultdict(set)
    for product_id, category_id in rows.all():
        found[product_id].add(category_id)
    return {product_id: frozenset(ids) for product_id, ids in found.items()}


def _code_states(found: CartCandidates, taken: dict[uuid.UUID, int]) -> tuple[CodeState, ...]:
    states = []
    for check in found.codes:
        amount = taken.get(check.discount_id, 0)
        problem = check.problem
        if problem is None and check.discount_id not in taken:
            problem = NOT_CHOSEN
        elif problem is None and amount == 0:
            problem = NOTHING_QUALIFIES
        states.append(
            CodeState(check.code, check.discount_id, amount, problem, check.problem is None)
        )
    return tuple(states)


async def discount_lines(
    session: AsyncSession,
    cart: CartRow,
    lines: Sequence[ItemLine],
    now: datetime,
    codes_allowed: int,
) -> Discounting:
    """Return what discounts take off ``lines`` of the cart now (see the module)."""
    subtotal = sum(line.amount for line in lines)
    found = await load_candidates(session, cart, subtotal, now, codes_allowed)
    categories: dict[uuid.UUID, frozenset[uuid.UUID]] = {}
    if any(candidate.target == "categories" for candidate in found.candidates):
        products = {line.product_id for line in lines}
        categories = await _categories(session, cart.tenant_id, products)
    none: frozenset[uuid.UUID] = frozenset()
    discounted = [
        DiscountedLine(
            line.product_id, categories.get(line.product_id, none), line.quantity, line.amount
        )
        for line in lines
    ]
    outcome = choose_and_apply(
        discounted, found.candidates, currency=cart.currency, codes_allowed=codes_allowed
    )
    taken = dict(outcome.discounts)
    applied = []
    for discount_id, amount in outcome.discounts:
        row = found.rows[discount_id]
        if amount > 0:
            code = None if row.is_automatic else row.code
            applied.append(AppliedDiscount(discount_id, code, row.name, amount))
    return Discounting(outcome.lines, tuple(applied), _code_states(found, taken))
