"""Counting the SQL statements an operation sends (their number must not grow with page size)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine

from app.events.runner import RUNNER_TASK_NAME

__all__ = ["recorded_statements"]


def _in_runner() -> bool:
    try:
        task = asyncio.current_task()
    except RuntimeError:  # no running loop: not the runner
        return False
    return task is not None and task.get_name() == RUNNER_TASK_NAME


@contextmanager
def recorded_statements(engine: AsyncEngine) -> Iterator[list[str]]:
    """Record every statement sent through ``engine`` while the block runs.

    The embedded event runner's own statements are left out: it drains in the background a
    few milliseconds after each commit, so its batches may overlap the operation counted.
    """
    statements: list[str] = []

    def record(*arguments: Any) -> None:
        if _in_runner():
            return
        statements.append(str(arguments[2]))

    event.listen(engine.sync_engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", record)
