"""``rustok worker``: arq on Redis, draining the outbox, running due jobs, sending webhooks.

The worker drains whenever the API wakes it through Redis and at least every poll interval;
arq's cron adds a cluster-wide sweep every second. If Redis goes away, arq is restarted once
it is back, and the drain goes on polling the database meanwhile.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from typing import Any

from arq.connections import RedisSettings
from arq.cron import cron
from arq.worker import Worker

from app.bootstrap import (
    build_registry,
    build_runtime,
    build_schema,
    build_work_cycle,
    mark_unmigrated_failed,
    refresh_event_pipeline,
)
from app.config import Settings
from app.events.live import RedisLive
from app.events.wake import Ticker, listen_for_wakes
from app.graphql.execution import GraphQLEngine
from app.registry import Registry
from app.runtime import Runtime
from app.webhooks.runner import WebhookRunner, open_sender, webhook_runner

__all__ = ["run_worker"]

logger = logging.getLogger(__name__)

ARQ_RESTART_SECONDS = 1.0
STOP_GRACE_SECONDS = 5.0


async def sweep(ctx: dict[str, Any]) -> None:
    """arq cron: tick, in case a wake-up was lost."""
    ticker: Ticker = ctx["ticker"]
    await ticker.tick()


def _arq_worker(settings: Settings, ticker: Ticker) -> Worker:
    return Worker(
        functions=[],
        # arq keys jobs as arq:job:<job id>, one namespace for every queue: the prefix in the
        # cron's name keeps deployments sharing a Redis from taking each other's sweeps.
        cron_jobs=[
            cron(sweep, name=f"{settings.redis_prefix}:sweep", second=set(range(60)), keep_result=0)
        ],
        redis_settings=RedisSettings.from_dsn(settings.redis_url),
        queue_name=f"{settings.redis_prefix}:arq:queue",
        ctx={"ticker": ticker},
        handle_signals=False,
        poll_delay=0.5,
        keep_result=0,
        max_jobs=4,
    )


async def _run_arq(settings: Settings, ticker: Ticker, stop: asyncio.Event) -> None:
    while not stop.is_set():
        worker = _arq_worker(settings, ticker)
        task = asyncio.create_task(worker.async_run())
        stopped = asyncio.create_task(stop.wait())
        await asyncio.wait({task, stopped}, return_when=asyncio.FIRST_COMPLETED)
        stopped.cancel()
        if not task.done():
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        elif task.exception() is not None:
            logger.warning("arq stopped (%s); restarting", task.exception())
        with contextlib.suppress(Exception):
            await worker.close()
        if not stop.is_set():
            await asyncio.sleep(ARQ_RESTART_SECONDS)


async def _prepare(settings: Settings, registry: Registry | None) -> Runtime:
    runtime = build_runtime(
        settings, registry if registry is not None else build_registry(settings)
    )
    await mark_unmigrated_failed(runtime)
    refresh_event_pipeline(runtime)
    # Webhook payload queries run here, on the schema the API composes from the same modules.
    runtime.graphql = GraphQLEngine(build_schema(runtime.registry), settings)
    return runtime


async def run_worker(settings: Settings, registry: Registry | None = None) -> None:
    """Run until SIGTERM/SIGINT; the batch in flight finishes (or rolls back whole).

    Work still running ``STOP_GRACE_SECONDS`` after the signal is cancelled. ``registry``
    defaults to the modules the entry points make available; tests pass one that also holds
    their test-only modules.
    """
    if not settings.redis_url:
        raise ValueError("RUSTOK_REDIS_URL is required for `rustok worker`")
    runtime = await _prepare(settings, registry)
    ticker = Ticker(build_work_cycle(runtime))
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    logger.info("worker started", extra={"modules": [m.name for m in runtime.registry.modules]})
    # Events the worker's handlers emit reach the API processes' live subscribers via Redis.
    live = RedisLive(settings.redis_url, settings.redis_prefix)
    runtime.events.live = live.publish
    try:
        async with open_sender(runtime) as sender:
            webhooks = webhook_runner(runtime, sender)
            work = asyncio.create_task(_work(settings, ticker, stop, webhooks))
            await _until_stopped(work, stop)
    finally:
        await live.close()
        await runtime.db.dispose()
        logger.info("worker stopped")


async def _work(
    settings: Settings, ticker: Ticker, stop: asyncio.Event, webhooks: WebhookRunner
) -> None:
    await asyncio.gather(
        listen_for_wakes(
            settings.redis_url, settings.redis_prefix, ticker, stop, settings.event_poll_seconds
        ),
        _run_arq(settings, ticker, stop),
        webhooks.run(stop),
    )


async def _until_stopped(work: asyncio.Task[None], stop: asyncio.Event) -> None:
    """Await ``work``; once ``stop`` is set, give it a grace period, then cancel it.

    A drain only ends when nothing is due, so under a backlog it would outlive any shutdown
    deadline; a batch cut short rolls back whole and is delivered again, so cancelling is safe.
    """
    stopping = asyncio.create_task(_stopped(stop))
    await asyncio.wait({work, stopping}, return_when=asyncio.FIRST_COMPLETED)
    stopping.cancel()
    if not work.done():
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(asyncio.shield(work), STOP_GRACE_SECONDS)
    if not work.done():
        logger.warning("stopping: cancelling the work in flight after %ss", STOP_GRACE_SECONDS)
        work.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await work
        return
    work.result()


async def _stopped(stop: asyncio.Event) -> None:
    await stop.wait()
