"""Dialect-aware INSERT for upserts: PostgreSQL's and SQLite's ``ON CONFLICT`` clauses."""

from __future__ import annotations

from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

__all__ = ["insert_for"]


def insert_for(session: AsyncSession, table: Any) -> postgresql.Insert | sqlite.Insert:
    """Return an INSERT into ``table`` with ``on_conflict_do_*`` for the session's backend."""
    if session.get_bind().dialect.name == "postgresql":
        return postgresql.insert(table)
    return sqlite.insert(table)
