"""What modules declare about jobs."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncSession

    from app.runtime import Context

__all__ = ["DelayedJob", "Job", "JobContext", "PeriodicJob"]


@dataclass(frozen=True, slots=True)
class JobContext:
    """What a job works with: its transaction, the acting context and its arguments."""

    session: AsyncSession
    context: Context
    tenant_id: uuid.UUID | None
    now: datetime
    args: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True, kw_only=True)
class DelayedJob:
    """A job run once at a set time (scheduled publishing, reservation expiry).

    Attributes:
        name: Unique, ``<module>.<name>``.
        run: The work; raising retries with backoff, then the job is dead (kept, listed).
        max_attempts: Attempts before the job is dead.
    """

    name: str
    run: Callable[[JobContext], Awaitable[None]]
    max_attempts: int = 5


@dataclass(frozen=True, slots=True, kw_only=True)
class PeriodicJob:
    """A job run every ``every`` (retention, sweeps), by one worker per period.

    Attributes:
        name: Unique, ``<module>.<name>``.
        every: The period.
        run: The work, in its own transaction with no tenant set; it may iterate tenants.
    """

    name: str
    every: timedelta
    run: Callable[[JobContext], Awaitable[None]]


Job = DelayedJob | PeriodicJob
