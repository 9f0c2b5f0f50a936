"""The delivery runner: sends queued deliveries, as many at once as it has slots.

It runs beside the outbox drain in whichever process drains (the API's embedded runner or
``rustok worker``). A commit that queued deliveries wakes it; so does a finished send (a
slot is free, and the delivery held back behind it may be due); otherwise it looks every
poll interval (retries come due, other processes queue). A slow endpoint holds one slot,
not the others: each send is a task of its own, and a freed slot is filled at once.

Each turn of its loop settles every send finished since the last (one transaction per
tenant for all of them), then claims into the free slots (one transaction that also reads
the endpoints and events): under load, two transactions serve many sends.

Stopping lets the sends in flight finish for a grace period, then cancels them; their
leases run out and they are sent again (at least once, never lost).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random

from app.runtime import Runtime
from app.webhooks.claims import Outcome, Prepared
from app.webhooks.deliveries import claim_prepared, send_prepared
from app.webhooks.fanout import QUEUED
from app.webhooks.sender import SenderTimeouts, WebhookSender
from app.webhooks.settling import settle
from app.webhooks.ssrf import UrlGuard

__all__ = ["RUNNER_TASK_NAME", "WebhookRunner", "open_sender", "webhook_runner"]

RUNNER_TASK_NAME = "rustok-webhook-runner"

logger = logging.getLogger(__name__)


class WebhookRunner:
    """Claims due deliveries into free slots and sends each as its own task."""

    def __init__(
        self,
        runtime: Runtime,
        sender: WebhookSender,
        *,
        poll_seconds: float = 1.0,
        concurrency: int = 20,
        rng: random.Random | None = None,
    ) -> None:
        self._runtime = runtime
        self._sender = sender
        self._poll = poll_seconds
        self._slots = concurrency
        self._rng = rng
        self._wake = asyncio.Event()
        self._stopping = asyncio.Event()
        self._sending: set[asyncio.Task[None]] = set()
        self._finished: list[Outcome] = []
        self._task: asyncio.Task[None] | None = None

    @property
    def in_flight(self) -> int:
        """Return how many sends are under way."""
        return len(self._sending)

    def notify(self) -> None:
        """Look for due deliveries now (a commit queued some, or a slot came free)."""
        self._wake.set()

    def start(self) -> None:
        """Start sending in the background."""
        if self._task is None:
            self._stopping.clear()
            self._task = asyncio.create_task(self.run(self._stopping), name=RUNNER_TASK_NAME)

    async def stop(self, grace_seconds: float = 5.0) -> None:
        """Stop claiming; let the sends in flight finish for ``grace_seconds``, then cancel."""
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

    async def run(self, stop: asyncio.Event) -> None:
        """Send until ``stop`` is set and the sends in flight are done (or cancelled)."""
        try:
            while not stop.is_set():
                self._wake.clear()
                await self._settle_finished()
                if await self._fill() and self.in_flight < self._slots:
                    continue  # every free slot was filled: more may be due right now
                await self._sleep(stop)
            if self._sending:
                await asyncio.gather(*self._sending, return_exceptions=True)
            await self._settle_finished()
        finally:
            for task in list(self._sending):
                task.cancel()
            if self._sending:
                await asyncio.gather(*self._sending, return_exceptions=True)

    async def _settle_finished(self) -> None:
        finished, self._finished = self._finished, []
        if finished:
            await settle(self._runtime, finished, self._rng)

    async def _fill(self) -> bool:
        """Claim into the free slots; return whether every free slot was filled."""
        free = self._slots - self.in_flight
        if free <= 0:
            return False
        try:
            claimed = await claim_prepared(self._runtime, self._runtime.clock.now(), free)
        except Exception:  # a database outage must not end the runner; it retries
            logger.exception("claiming webhook deliveries failed; retrying")
            return False
        for prepared in claimed:
            task = asyncio.create_task(self._send(prepared))
            self._sending.add(task)
            task.add_done_callback(self._sent)
        return len(claimed) == free

    def _sent(self, task: asyncio.Task[None]) -> None:
        self._sending.discard(task)
        self._wake.set()

    async def _send(self, prepared: Prepared) -> None:
        try:
            outcome = await send_prepared(self._runtime, self._sender, prepared)
        except Exception:  # its lease runs out and it is claimed again
            logger.exception("sending webhook delivery %s failed", prepared.claim.id)
            return
        self._finished.append(outcome)

    async def _sleep(self, stop: asyncio.Event) -> None:
        stopping = asyncio.ensure_future(stop.wait())
        woken = asyncio.ensure_future(self._wake.wait())
        try:
            await asyncio.wait({stopping, woken}, timeout=self._poll, return_when="FIRST_COMPLETED")
        finally:
            stopping.cancel()
            woken.cancel()


def open_sender(runtime: Runtime) -> WebhookSender:
    """Return the process's sender (open it with ``async with``), guarded as configured."""
    settings = runtime.settings
    guard = UrlGuard(runtime.webhook_resolver, allow_private=settings.webhook_allow_private)
    total = settings.webhook_timeout_seconds
    timeouts = SenderTimeouts(connect=min(5.0, total), read=min(10.0, total), total=total)
    return WebhookSender(guard, timeouts=timeouts)


def webhook_runner(runtime: Runtime, sender: WebhookSender) -> WebhookRunner:
    """Return a runner for ``runtime``, woken by every commit that queues deliveries."""
    settings = runtime.settings
    runner = WebhookRunner(
        runtime,
        sender,
        poll_seconds=settings.event_poll_seconds,
        concurrency=settings.webhook_concurrency,
    )
    runtime.events.add_listener(runner.notify, QUEUED)
    return runner
