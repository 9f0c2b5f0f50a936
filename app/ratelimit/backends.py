"""Where counters live: in the process (embedded default) or in Redis (shared by processes).

Each counter key already names its window, so a backend only increments and lets old keys
expire. Redis does both in one MULTI/EXEC transaction (INCR then PEXPIRE per key): atomic
across every API process. When Redis fails, counting goes on in the process (per-process
limits are better than none) and Redis is tried again after a short pause.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Protocol

from redis.asyncio import Redis
from redis.exceptions import RedisError

from app.clock import Clock

__all__ = ["CounterBackend", "MemoryBackend", "RedisBackend"]

logger = logging.getLogger(__name__)

_PRUNE_EVERY = 4096
_MAX_KEYS = 200_000
_REDIS_PAUSE = timedelta(seconds=10)


class CounterBackend(Protocol):
    """Increments counters that expire on their own."""

    async def increment(self, keys: Sequence[tuple[str, int]]) -> list[int]:
        """Add one to each ``(key, ttl seconds)`` and return the new counts, in order."""
        ...

    async def close(self) -> None:
        """Release connections, if any."""
        ...


class MemoryBackend:
    """Counters in this process; expiry read from the clock. Atomic: it never awaits."""

    def __init__(self, clock: Clock) -> None:
        self._clock = clock
        self._counters: dict[str, tuple[int, datetime]] = {}
        self._since_prune = 0

    async def increment(self, keys: Sequence[tuple[str, int]]) -> list[int]:
        """Add one to each counter (a counter past its expiry starts again at 1)."""
        now = self._clock.now()
        self._since_prune += 1
        if self._since_prune >= _PRUNE_EVERY or len(self._counters) > _MAX_KEYS:
            self._prune(now)
        counts = []
        for key, ttl in keys:
            count, expires = self._counters.get(key, (0, now))
            count = count + 1 if expires > now else 1
            self._counters[key] = (count, now + timedelta(seconds=ttl))
            counts.append(count)
        return counts

    def _prune(self, now: datetime) -> None:
        self._since_prune = 0
        self._counters = {k: v for k, v in self._counters.items() if v[1] > now}
        if len(self._counters) > _MAX_KEYS:
            # A flood of distinct subjects: keep the newest half rather than grow without end.
            survivors = list(self._counters.items())[len(self._counters) // 2 :]
            self._counters = dict(survivors)

    async def close(self) -> None:
        """Nothing to release."""

    def __len__(self) -> int:
        return len(self._counters)


class RedisBackend:
    """Counters in Redis under ``prefix``; falls back to ``fallback`` while Redis fails."""

    def __init__(self, url: str, prefix: str, clock: Clock, fallback: MemoryBackend) -> None:
        self._client: Redis = Redis.from_url(
            url, socket_connect_timeout=0.5, socket_timeout=0.5, health_check_interval=30
        )
        self._prefix = prefix
        self._clock = clock
        self._fallback = fallback
        self._paused_until: datetime | None = None

    async def increment(self, keys: Sequence[tuple[str, int]]) -> list[int]:
        """INCR and PEXPIRE every key in one transaction; the fallback while Redis is down."""
        now = self._clock.now()
        if self._paused_until is not None and now < self._paused_until:
            return await self._fallback.increment(keys)
        try:
            async with self._client.pipeline(transaction=True) as pipe:
                for key, ttl in keys:
                    pipe.incr(f"{self._prefix}:{key}")
                    pipe.pexpire(f"{self._prefix}:{key}", ttl * 1000)
                replies = await pipe.execute()
        except (RedisError, OSError) as error:
            logger.warning("rate limits counted in-process: Redis failed (%s)", error)
            self._paused_until = now + _REDIS_PAUSE
            return await self._fallback.increment(keys)
        self._paused_until = None
        return [int(count) for count in replies[::2]]

    async def close(self) -> None:
        """Close the connection pool."""
        await self._client.aclose()
