"""Fixed windows read from the clock, in the process and in Redis (atomic, shared, expiring)."""

from __future__ import annotations

import logging
import socket
from datetime import UTC, datetime, timedelta

import pytest
from redis.asyncio import Redis

from app.clock import FrozenClock
from app.config import Settings
from app.ratelimit import Limit, MemoryBackend, RateLimiter, RedisBackend, build_limiter
from tests.app.ratelimit.conftest import SharedRedis

START = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)  # a whole minute: windows start here
THREE_A_MINUTE = Limit(3, 60)


def clock() -> FrozenClock:
    return FrozenClock(START)


async def hits(limiter: RateLimiter, count: int, subject: str = "ada") -> list[bool]:
    return [
        (await limiter.hit(("login:account", subject, THREE_A_MINUTE))).allowed
        for _ in range(count)
    ]


def test_limits_parse_count_and_window() -> None:
    assert Limit.parse("10/300") == Limit(10, 300)
    assert Limit.parse("0/60").is_enabled is False


async def test_the_fourth_hit_in_a_window_is_refused_until_the_window_ends() -> None:
    frozen = clock()
    limiter = RateLimiter(MemoryBackend(frozen), frozen)
    assert await hits(limiter, 4) == [True, True, True, False]
    frozen.advance(timedelta(seconds=45))
    refused = await limiter.hit(("login:account", "ada", THREE_A_MINUTE))
    assert (refused.allowed, refused.count, refused.limit, refused.retry_after) == (
        False,
        5,
        3,
        15,
    )
    frozen.advance(timedelta(seconds=15))
    assert await hits(limiter, 4) == [True, True, True, False]


async def test_subjects_and_names_count_apart() -> None:
    frozen = clock()
    limiter = RateLimiter(MemoryBackend(frozen), frozen)
    assert await hits(limiter, 3, "ada") == [True] * 3
    assert await hits(limiter, 3, "bob") == [True] * 3
    other = await limiter.hit(("signup:account", "ada", THREE_A_MINUTE))
    assert other.allowed


async def test_several_counters_in_one_hit_refuse_when_any_is_over() -> None:
    frozen = clock()
    limiter = RateLimiter(MemoryBackend(frozen), frozen)
    one, ten = Limit(1, 60), Limit(10, 600)
    assert (await limiter.hit(("a", "x", one), ("b", "x", ten))).allowed
    refused = await limiter.hit(("a", "x", one), ("b", "x", ten))
    assert (refused.allowed, refused.retry_after) == (False, 60)
    frozen.advance(timedelta(seconds=60))
    assert (await limiter.hit(("a", "x", one), ("b", "x", ten))).allowed


async def test_a_switched_off_limit_counts_nothing() -> None:
    frozen = clock()
    backend = MemoryBackend(frozen)
    limiter = RateLimiter(backend, frozen)
    for _ in range(5):
        assert (await limiter.hit(("a", "x", Limit(0, 60)))).allowed
    assert len(backend) == 0


async def test_expired_counters_are_pruned() -> None:
    frozen = clock()
    backend = MemoryBackend(frozen)
    limiter = RateLimiter(backend, frozen)
    for index in range(3000):
        await limiter.hit(("a", str(index), THREE_A_MINUTE))
    frozen.advance(timedelta(minutes=5))
    for index in range(2000):
        await limiter.hit(("b", str(index), THREE_A_MINUTE))
    # The 4096th hit pruned the 3000 expired counters; the 2000 live ones stay.
    assert len(backend) == 2000


@pytest.mark.redis
async def test_redis_counts_atomically_in_windows_of_the_clock(shared_redis: SharedRedis) -> None:
    frozen, url, prefix = clock(), shared_redis.url, shared_redis.prefix
    first = RateLimiter(RedisBackend(url, prefix, frozen, MemoryBackend(frozen)), frozen)
    second = RateLimiter(RedisBackend(url, prefix, frozen, MemoryBackend(frozen)), frozen)
    try:
        # Two processes share the counter.
        assert await hits(first, 2) + await hits(second, 2) == [True, True, True, False]
        keys = await shared_redis.keys()
        assert len(keys) == 1
        assert b"ada" not in keys[0]  # subjects are hashed: no email lands in Redis
        client: Redis = Redis.from_url(url)
        assert 0 < await client.pttl(keys[0]) <= 61_000
        await client.aclose()
        frozen.advance(timedelta(seconds=60))
        assert await hits(second, 4) == [True, True, True, False]
        assert len(await shared_redis.keys()) == 2  # one key per window
    finally:
        await first.close()
        await second.close()


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


async def test_counting_goes_on_in_the_process_while_redis_fails(
    caplog: pytest.LogCaptureFixture,
) -> None:
    frozen = clock()
    url = f"redis://127.0.0.1:{_closed_port()}/0"
    limiter = RateLimiter(RedisBackend(url, "rustok", frozen, MemoryBackend(frozen)), frozen)
    with caplog.at_level(logging.WARNING, logger="app.ratelimit.backends"):
        assert await hits(limiter, 4) == [True, True, True, False]
    await limiter.close()
    warnings = [r for r in caplog.records if r.name == "app.ratelimit.backends"]
    assert len(warnings) == 1  # then Redis is left alone for a while
    assert warnings[0].getMessage().startswith("rate limits counted in-process: Redis failed")


def test_the_backend_follows_the_settings(settings: Settings) -> None:
    frozen = clock()
    assert isinstance(build_limiter(settings, frozen).backend, MemoryBackend)
    redis_settings = settings.model_copy(update={"redis_url": "redis://127.0.0.1:1/0"})
    assert isinstance(build_limiter(redis_settings, frozen).backend, RedisBackend)
