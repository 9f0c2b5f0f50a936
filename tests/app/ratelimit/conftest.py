"""Redis for rate-limit tests: the suite's shared server, under a key prefix of the test's own."""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass

import pytest
from redis.asyncio import Redis


@dataclass(frozen=True, slots=True)
class SharedRedis:
    """The suite's Redis URL and a prefix no other test uses."""

    url: str
    prefix: str

    async def keys(self) -> list[bytes]:
        """Return the keys under the prefix."""
        client: Redis = Redis.from_url(self.url)
        try:
            return [key async for key in client.scan_iter(match=f"{self.prefix}:*")]
        finally:
            await client.aclose()


@pytest.fixture
async def shared_redis() -> AsyncIterator[SharedRedis]:
    """``RUSTOK_TEST_REDIS_URL`` with a unique prefix (skipped without it); keys deleted after."""
    url = os.environ.get("RUSTOK_TEST_REDIS_URL", "").strip()
    if not url:
        pytest.skip("needs Redis: set RUSTOK_TEST_REDIS_URL (e.g. redis://127.0.0.1:6379/0)")
    redis = SharedRedis(url, f"rustok-test-{uuid.uuid4().hex[:12]}")
    yield redis
    doomed = await redis.keys()
    if doomed:
        client: Redis = Redis.from_url(url)
        await client.delete(*doomed)
        await client.aclose()
