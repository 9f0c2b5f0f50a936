"""What a cart allows, checked without the database: line counts, quantities, e-mail, owner.

A cart holds at most :data:`MAX_LINES` lines, one per variant, each of 1 to the tenant's
``max_line_quantity``. Every check returns all of its problems at once, each at its input path
(``lines.0.quantity``), so a refused change writes nothing and says everything.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from app.auth.principal import CustomerPrincipal
from app.errors import ErrorCode, FieldProblem
from app.runtime import Context

__all__ = [
    "MAX_LINES",
    "MAX_TOKEN_LENGTH",
    "LineChange",
    "LineInput",
    "caller_customer",
    "change_problems",
    "email_problem",
    "input_problems",
    "may_use",
]

MAX_LINES = 250
MAX_TOKEN_LENGTH = 200
_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]{1,189}\.[^@\s]{2,63}$")


@dataclass(frozen=True, slots=True)
class LineInput:
    """``quantity`` more of a variant (``cartCreate``, ``cartLinesAdd``)."""

    variant_id: uuid.UUID
    quantity: int


@dataclass(frozen=True, slots=True)
class LineChange:
    """A line's new quantity; 0 removes it (``cartLinesUpdate``)."""

    line_id: uuid.UUID
    quantity: int


def _problem(message: str, field: str) -> FieldProblem:
    return FieldProblem(ErrorCode.VALIDATION, message, field)


def _too_many(count: int, field: str) -> list[FieldProblem]:
    if count <= MAX_LINES:
        return []
    return [_problem(f"at most {MAX_LINES} lines at once; {count} were given", field)]


def input_problems(lines: Sequence[LineInput], limit: int) -> list[FieldProblem]:
    """Return what is wrong with lines to add, one problem per bad quantity."""
    found = _too_many(len(lines), "lines")
    for number, line in enumerate(lines):
        if not 1 <= line.quantity <= limit:
            found.append(_problem(f"a quantity of 1 to {limit}", f"lines.{number}.quantity"))
    return found


def change_problems(changes: Sequence[LineChange], limit: int) -> list[FieldProblem]:
    """Return what is wrong with line changes: bad quantities and lines named twice."""
    found = _too_many(len(changes), "lines")
    seen: set[uuid.UUID] = set()
    for number, change in enumerate(changes):
        if not 0 <= change.quantity <= limit:
            message = f"a quantity of 0 (to remove the line) to {limit}"
            found.append(_problem(message, f"lines.{number}.quantity"))
        if change.line_id in seen:
            found.append(_problem("each line at most once", f"lines.{number}.lineId"))
        seen.add(change.line_id)
    return found


def email_problem(email: str | None) -> FieldProblem | None:
    """Return the problem with a cart's e-mail address, if any (None: no address given)."""
    if email is None or (_EMAIL.match(email) and len(email) <= 254):
        return None
    return _problem("give a valid email address", "email")


def caller_customer(ctx: Context, tenant_id: uuid.UUID) -> uuid.UUID | None:
    """Return the signed-in customer of ``tenant_id`` who calls, or None for anyone else.

    Staff, API keys and anonymous callers reach a guest cart by its token alone; they never
    own one.
    """
    principal = ctx.principal
    if isinstance(principal, CustomerPrincipal) and principal.tenant_id == tenant_id:
        return principal.customer_id
    return None


def may_use(owner: uuid.UUID | None, customer_id: uuid.UUID | None) -> bool:
    """Return whether the caller may use a cart: a guest cart, or the owner's own cart."""
    return owner is None or owner == customer_id
