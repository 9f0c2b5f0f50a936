"""Fixed-window counting: at most ``count`` hits per window of ``window`` seconds.

The window a hit falls in is ``floor(now / window)`` of the injectable clock, so tests move the
clock instead of sleeping, with either backend. Every hit counts, refused ones too: a client
that keeps hammering stays refused until the window ends (``retry_after`` says when). A fixed
window may let up to twice the count through around a boundary; that is the price of one
atomic increment per hit, and the limits here only need to stop floods and guessing.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Sequence
from dataclasses import dataclass

from app.clock import Clock
from app.config import Settings
from app.ratelimit.backends import CounterBackend, MemoryBackend, RedisBackend

__all__ = ["Decision", "Limit", "RateLimiter", "build_limiter"]


@dataclass(frozen=True, slots=True)
class Limit:
    """At most ``count`` hits per ``window`` seconds; a count of 0 switches the limit off."""

    count: int
    window: int

    @classmethod
    def parse(cls, text: str) -> Limit:
        """Return the limit written ``COUNT/SECONDS`` (the settings validate the form)."""
        count, _, window = text.partition("/")
        return cls(int(count), int(window))

    @property
    def is_enabled(self) -> bool:
        """Return whether the limit counts anything."""
        return self.count > 0


@dataclass(frozen=True, slots=True)
class Decision:
    """The outcome of one hit: allowed or not, and when to retry if not."""

    allowed: bool
    count: int
    limit: int
    retry_after: int


ALLOWED = Decision(allowed=True, count=0, limit=0, retry_after=0)


class RateLimiter:
    """Counts hits per (limit name, subject) and decides against the limit."""

    def __init__(self, backend: CounterBackend, clock: Clock) -> None:
        self.backend = backend
        self._clock = clock

    async def hit(self, *checks: tuple[str, str, Limit]) -> Decision:
        """Count one hit for every ``(name, subject, limit)``; refused when any is over.

        All counters are incremented in one round trip, refused or not. The decision returned
        is the first refusal (with the longest wait among refusals), or an allowed one.
        """
        active = [check for check in checks if check[2].is_enabled]
        if not active:
            return ALLOWED
        now = self._clock.now().timestamp()
        keys: list[tuple[str, int]] = []
        for name, subject, limit in active:
            window = math.floor(now / limit.window)
            keys.append((_key(name, subject, limit, window), limit.window + 1))
        counts = await self.backend.increment(keys)
        return _decide(active, counts, now)

    async def close(self) -> None:
        """Release the backend's connections."""
        await self.backend.close()


def _key(name: str, subject: str, limit: Limit, window: int) -> str:
    # Hashed: bounded key length whatever the subject, and no email address stored in Redis.
    digest = hashlib.sha256(subject.encode("utf-8", "surrogatepass")).hexdigest()[:32]
    return f"{name}:{limit.window}:{digest}:{window}"


def _decide(
    checks: Sequence[tuple[str, str, Limit]], counts: Sequence[int], now: float
) -> Decision:
    refused: Decision | None = None
    for (_name, _subject, limit), count in zip(checks, counts, strict=True):
        if count <= limit.count:
            continue
        window_end = (math.floor(now / limit.window) + 1) * limit.window
        wait = max(1, math.ceil(window_end - now))
        if refused is None or wait > refused.retry_after:
            refused = Decision(allowed=False, count=count, limit=limit.count, retry_after=wait)
    if refused is not None:
        return refused
    return Decision(allowed=True, count=max(counts), limit=0, retry_after=0)


def build_limiter(settings: Settings, clock: Clock) -> RateLimiter:
    """Return the limiter: Redis-backed when ``RUSTOK_REDIS_URL`` is set, else in-process."""
    memory = MemoryBackend(clock)
    if not settings.redis_url:
        return RateLimiter(memory, clock)
    backend = RedisBackend(settings.redis_url, f"{settings.redis_prefix}:ratelimit", clock, memory)
    return RateLimiter(backend, clock)
