"""One work cycle: drain the outbox, then run due jobs. Both runners repeat it."""

from __future__ import annotations

from app.events.dispatcher import Dispatcher
from app.jobs.runner import JobRunner

__all__ = ["WorkCycle"]


class WorkCycle:
    """What a runner does each time it wakes."""

    def __init__(self, dispatcher: Dispatcher, jobs: JobRunner) -> None:
        self.dispatcher = dispatcher
        self.jobs = jobs

    async def run_once(self) -> int:
        """Deliver every due event and run every due job; return how much was done."""
        delivered = await self.dispatcher.drain()
        ran = await self.jobs.run_due()
        return delivered + ran
