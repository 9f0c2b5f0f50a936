"""Wake-ups through Redis: the API pushes after each commit, workers block until one comes.

A wake-up is only a hint: a lost one costs at most one poll interval, because every worker
also polls the database. If Redis is down, writes still succeed (the push is fire-and-forget)
and workers keep draining on their poll.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math

from redis.asyncio import Redis
from redis.exceptions import RedisError

from app.events.cycle import WorkCycle

__all__ = ["GATHER_SECONDS", "RedisWaker", "Ticker", "listen_for_wakes", "wake_key"]

logger = logging.getLogger(__name__)

# A drain costs about the same for one event as for ten: under a stream of writes, starting
# a few milliseconds after the first wake-up lets the commits right behind it share it.
GATHER_SECONDS = 0.01


def wake_key(prefix: str) -> str:
    """Return the Redis list that carries wake-ups."""
    return f"{prefix}:outbox:wake"


class RedisWaker:
    """API side: after a commit with events, push a wake-up (never blocking the request)."""

    def __init__(self, redis_url: str, prefix: str) -> None:
        self._client: Redis = Redis.from_url(redis_url, socket_timeout=1, socket_connect_timeout=1)
        self._key = wake_key(prefix)
        self._pending: set[asyncio.Task[None]] = set()

    def notify(self) -> None:
        """Push a wake-up in the background."""
        task = asyncio.get_running_loop().create_task(self._push())
        self._pending.add(task)
        task.add_done_callback(self._pending.discard)

    async def _push(self) -> None:
        try:
            async with self._client.pipeline(transaction=False) as pipe:
                pipe.lpush(self._key, "1")
                pipe.ltrim(self._key, 0, 9)
                await pipe.execute()
        except (RedisError, OSError) as error:
            logger.warning("could not wake the workers through Redis: %s", error)

    async def close(self) -> None:
        """Finish pushes in flight and close the connection."""
        if self._pending:
            await asyncio.gather(*self._pending, return_exceptions=True)
        await self._client.aclose()


class Ticker:
    """Runs the work cycle, never twice at once; a tick asked for meanwhile runs right after."""

    def __init__(self, cycle: WorkCycle) -> None:
        self._cycle = cycle
        self._running = False
        self._again = False

    async def tick(self) -> None:
        """Run the cycle now, or right after the one in progress."""
        if self._running:
            self._again = True
            return
        self._running = True
        try:
            while True:
                self._again = False
                try:
                    # Wake-ups, polls and sweeps alike: jobs still run at least every sweep.
                    await self._cycle.run_woken()
                except Exception:  # a database outage must not end the worker; it retries
                    logger.exception("the work cycle failed; retrying on the next tick")
                if not self._again:
                    return
        finally:
            self._running = False


async def listen_for_wakes(
    redis_url: str,
    prefix: str,
    ticker: Ticker,
    stop: asyncio.Event,
    poll_seconds: float,
    gather_seconds: float = GATHER_SECONDS,
) -> None:
    """Tick on every wake-up, and at least every ``poll_seconds`` (also while Redis is down).

    A wake-up first waits ``gather_seconds`` for the commits right behind it, then clears
    the wake-ups pushed meanwhile: their commits came before the clearing, so the drain that
    follows claims them. (Each used to start a drain of its own, mostly of nothing.)
    """
    client: Redis = Redis.from_url(redis_url, socket_connect_timeout=1)
    key, degraded = wake_key(prefix), False
    try:
        while not stop.is_set():
            try:
                if await _wait_for_wake(client, key, stop, max(1, math.ceil(poll_seconds))):
                    await _sleep_unless(stop, gather_seconds)
                    await client.delete(key)
                if degraded and not stop.is_set():
                    logger.info("Redis is back: wake-ups resume")
                degraded = False
            except (RedisError, OSError) as error:
                if not degraded:
                    logger.warning("Redis unreachable (%s): polling the database instead", error)
                degraded = True
                await _sleep_unless(stop, poll_seconds)
            if not stop.is_set():  # stopping: no new drain, the one in flight may finish
                await ticker.tick()
    finally:
        await client.aclose()


async def _wait_for_wake(client: Redis, key: str, stop: asyncio.Event, block_seconds: int) -> bool:
    """Block until a wake-up, the timeout or ``stop``; return whether a wake-up came.

    ``stop`` ends the wait at once: a long poll must not delay SIGTERM.
    """
    # redis-py types blpop as sync-or-async; on the asyncio client it is a coroutine.
    woken = asyncio.ensure_future(client.blpop([key], timeout=block_seconds))  # type: ignore[arg-type]
    stopped = asyncio.ensure_future(stop.wait())
    await asyncio.wait({woken, stopped}, return_when=asyncio.FIRST_COMPLETED)
    stopped.cancel()
    if not woken.done():
        woken.cancel()  # redis-py drops the connection of a cancelled command
        with contextlib.suppress(asyncio.CancelledError):
            await woken
        return False
    return woken.result() is not None  # raises RedisError/OSError when Redis is down


async def _sleep_unless(stop: asyncio.Event, seconds: float) -> None:
    try:
        await asyncio.wait_for(stop.wait(), seconds)
    except TimeoutError:
        return
