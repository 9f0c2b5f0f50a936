"""Recognising a unique-constraint violation, and which input field it is about.

Services check uniqueness before they write and answer CONFLICT naming the field, but two
concurrent writes can both pass the check; the database's unique index then refuses the
second. That refusal is still the client's conflict, not a server fault: the GraphQL layer
turns it into CONFLICT at the field the index covers (``slug`` for ``(tenant_id, slug)``).
"""

from __future__ import annotations

import re

from sqlalchemy import UniqueConstraint
from sqlalchemy.exc import IntegrityError

from app.db.base import Base

__all__ = ["UniqueViolation", "unique_violation"]

_PG_UNIQUE = "23505"
_PG_KEY = re.compile(r"Key \(([^)]*)\)=")
_SQLITE_UNIQUE = re.compile(r"UNIQUE constraint failed: (.+)$")
_NOT_INPUT = frozenset({"tenant_id", "id"})


class UniqueViolation:
    """A unique index refused a write; ``field`` is the input it is about, when known."""

    __slots__ = ("field",)

    def __init__(self, field: str | None) -> None:
        self.field = field


def unique_violation(error: BaseException) -> UniqueViolation | None:
    """Return the violation if ``error`` is a unique-index refusal (PostgreSQL or SQLite)."""
    if not isinstance(error, IntegrityError):
        return None
    original = error.orig
    cause = getattr(original, "__cause__", None)
    state = getattr(original, "sqlstate", None) or getattr(cause, "sqlstate", None)
    if state == _PG_UNIQUE:
        # Under row-level security PostgreSQL leaves the key out of the detail (it could
        # show another tenant's value); the index's name still says which columns it holds.
        detail = getattr(cause, "detail", None) or ""
        found = _PG_KEY.search(detail)
        if found:
            columns = [part.strip() for part in found.group(1).split(",")]
        else:
            columns = _index_columns(
                getattr(cause, "table_name", None), getattr(cause, "constraint_name", None)
            )
        return UniqueViolation(_field(columns))
    matched = _SQLITE_UNIQUE.search(str(original))
    if matched is None:
        return None
    columns = [part.strip().rpartition(".")[2] for part in matched.group(1).split(",")]
    return UniqueViolation(_field(columns))


def _index_columns(table_name: str | None, index_name: str | None) -> list[str]:
    """The columns of a unique index or constraint, from the models' metadata."""
    table = Base.metadata.tables.get(table_name or "")
    if table is None or not index_name:
        return []
    for index in table.indexes:
        if index.name == index_name:
            return [column.name for column in index.columns]
    for constraint in table.constraints:
        if constraint.name == index_name and isinstance(constraint, UniqueConstraint):
            return [column.name for column in constraint.columns]
    return []


def _field(columns: list[str]) -> str | None:
    """The GraphQL name of the index's last column that is input (not the tenant or an id)."""
    inputs = [c for c in columns if c not in _NOT_INPUT and not c.endswith("_id")]
    if not inputs:
        return None
    first, *rest = inputs[-1].split("_")
    return first + "".join(part.capitalize() for part in rest)
