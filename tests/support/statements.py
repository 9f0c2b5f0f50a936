"""Counting the SQL statements an operation sends (their number must not grow with page size)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine

__all__ = ["recorded_statements"]


@contextmanager
def recorded_statements(engine: AsyncEngine) -> Iterator[list[str]]:
    """Record every statement sent through ``engine`` while the block runs."""
    statements: list[str] = []

    def record(*arguments: Any) -> None:
        statements.append(str(arguments[2]))

    event.listen(engine.sync_engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", record)
