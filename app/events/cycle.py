"""One work cycle: drain the outbox, then run due jobs. Both runners repeat it."""

from __future__ import annotations

import time

from app.events.dispatcher import Dispatcher
from app.jobs.runner import JobRunner

__all__ = ["JOBS_AFTER_WAKE_SECONDS", "WorkCycle"]

# Under sustained writes a runner is woken every few milliseconds; checking jobs each time
# cost every wake-up two more transactions (on SQLite, two more holds of the write lock).
JOBS_AFTER_WAKE_SECONDS = 0.25


class WorkCycle:
    """What a runner does each time it wakes."""

    def __init__(
        self,
        dispatcher: Dispatcher,
        jobs: JobRunner,
        *,
        jobs_after_wake_seconds: float = JOBS_AFTER_WAKE_SECONDS,
    ) -> None:
        self.dispatcher = dispatcher
        self.jobs = jobs
        self._jobs_after_wake = jobs_after_wake_seconds
        self._jobs_checked: float | None = None  # time.monotonic() of the last check

    async def run_once(self) -> int:
        """Deliver every due event and run every due job; return how much was done."""
        delivered = await self.dispatcher.drain()
        return delivered + await self._run_jobs()

    async def run_woken(self) -> int:
        """Deliver every due event; run due jobs too unless they were checked just now.

        What a runner does on a wake-up: events are what a commit announces, and jobs are
        checked at most every ``jobs_after_wake_seconds`` (a rate limit, not a schedule: a
        poll or a sweep still runs the whole cycle).
        """
        delivered = await self.dispatcher.drain()
        checked = self._jobs_checked
        if checked is not None and time.monotonic() - checked < self._jobs_after_wake:
            return delivered
        return delivered + await self._run_jobs()

    async def _run_jobs(self) -> int:
        self._jobs_checked = time.monotonic()
        return await self.jobs.run_due()
