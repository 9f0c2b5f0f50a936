"""The embedded runner: an asyncio task in the API process, woken after each commit."""

from __future__ import annotations

import asyncio
import contextlib
import logging

from app.events.cycle import WorkCycle

__all__ = ["GATHER_SECONDS", "RUNNER_TASK_NAME", "EmbeddedRunner"]

# A batch costs about the same for one event as for ten (its statements and round trips):
# under a stream of writes, waking a few milliseconds after the first commit lets the ones
# right behind it share the batch instead of each paying for one.
GATHER_SECONDS = 0.005
RUNNER_TASK_NAME = "rustok-embedded-runner"

logger = logging.getLogger(__name__)


class EmbeddedRunner:
    """Runs a work cycle whenever woken, and at least every ``poll_seconds``."""

    def __init__(
        self,
        cycle: WorkCycle,
        *,
        poll_seconds: float = 1.0,
        gather_seconds: float = GATHER_SECONDS,
    ) -> None:
        self._cycle = cycle
        self._poll = poll_seconds
        self._gather = gather_seconds
        self._wake = asyncio.Event()
        self._stopping = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    def notify(self) -> None:
        """Wake the runner (called after a commit that wrote events)."""
        self._wake.set()

    def start(self) -> None:
        """Start draining in the background."""
        if self._task is None:
            self._task = asyncio.create_task(self._run(), name=RUNNER_TASK_NAME)

    async def stop(self, grace_seconds: float = 5.0) -> None:
        """Stop after the batch in flight; cancel it if it outlasts ``grace_seconds``.

        A cancelled batch rolls back whole, so stopping never loses or half-applies events.
        """
        task, self._task = self._task, None
        if task is None:
            return
        self._stopping.set()
        self._wake.set()
        try:
            await asyncio.wait_for(asyncio.shield(task), grace_seconds)
        except TimeoutError:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def _run(self) -> None:
        woken = False  # the first cycle, and each after a quiet poll interval, runs whole
        while not self._stopping.is_set():
            self._wake.clear()
            try:
                await (self._cycle.run_woken() if woken else self._cycle.run_once())
            except Exception:  # a database outage must not end the runner; it retries
                logger.exception("draining the outbox failed; retrying")
            if self._stopping.is_set():
                return
            try:
                await asyncio.wait_for(self._wake.wait(), self._poll)
            except TimeoutError:
                woken = False
            else:
                woken = True
                if self._gather > 0:  # let the commits right behind this one join its batch
                    await asyncio.sleep(self._gather)
