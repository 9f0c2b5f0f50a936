"""Commerce's refusals: the core's typed errors, raised with every problem found at once.

A refused input raises :class:`app.errors.ValidationFailed` carrying each problem with its own
code (``VALIDATION``, ``CONFLICT``, ``NOT_FOUND``) and input path, before anything is written.
"""

from __future__ import annotations

from collections.abc import Sequence

from app.errors import ErrorCode, FieldProblem, ValidationFailed

__all__ = ["conflict", "not_found", "refuse_if_any"]


def conflict(message: str, field: str | None) -> FieldProblem:
    """Return a CONFLICT problem (a duplicate, a dependency, an illegal transition)."""
    return FieldProblem(ErrorCode.CONFLICT, message, field)


def not_found(message: str, field: str | None) -> FieldProblem:
    """Return a NOT_FOUND problem (an id the tenant does not have)."""
    return FieldProblem(ErrorCode.NOT_FOUND, message, field)


def refuse_if_any(problems: Sequence[FieldProblem]) -> None:
    """Raise every problem at once, if there is any; the transaction then writes nothing."""
    if problems:
        first = problems[0]
        raise ValidationFailed(first.message, field=first.field, problems=problems)
