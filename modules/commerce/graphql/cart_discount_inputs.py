"""The input of ``cartDiscountCodeApply`` and ``cartDiscountCodeRemove``."""

from __future__ import annotations

import strawberry

__all__ = ["CartDiscountCodeInput"]


@strawberry.input(description="A cart, by its token, and a discount code.")
class CartDiscountCodeInput:
    """A cart's token and a code."""

    token: str = strawberry.field(description="The cart's token.")
    code: str = strawberry.field(description="The discount code (any case).")
