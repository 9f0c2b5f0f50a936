"""Redis for tests: the suite's shared server (namespaced per test) or a private one to kill.

DESIGN.md: tests never stop shared services. A test that takes Redis away starts its own
``redis-server`` on a random free port in a temporary folder and stops only that one. Tests
that merely use Redis share ``RUSTOK_TEST_REDIS_URL`` under a unique key prefix and delete
their keys afterwards.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import socket
import time
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from redis.asyncio import Redis
from redis.exceptions import RedisError

__all__ = [
    "REDIS_SERVER",
    "RedisServer",
    "delete_keys",
    "private_redis",
    "shared_redis_url",
    "unique_prefix",
]

TEST_REDIS_ENV = "RUSTOK_TEST_REDIS_URL"
REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"


def shared_redis_url() -> str | None:
    """Return the suite's shared Redis URL, or None when not configured."""
    return os.environ.get(TEST_REDIS_ENV, "").strip() or None


def unique_prefix() -> str:
    """Return a key prefix no other test (or run) uses."""
    return f"rustok-test-{uuid.uuid4().hex[:12]}"


async def delete_keys(url: str, prefix: str) -> int:
    """Delete every key of ``prefix``: ours and arq's (``arq:<kind>:<prefix>:...``)."""
    client: Redis = Redis.from_url(url)
    try:
        doomed = [key async for key in client.scan_iter(match=f"{prefix}:*")]
        doomed += [key async for key in client.scan_iter(match=f"arq:*:{prefix}:*")]
        if doomed:
            await client.delete(*doomed)
        return len(doomed)
    finally:
        await client.aclose()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


class RedisServer:
    """A private ``redis-server`` (no persistence) that a test may stop and start again."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.port = _free_port()
        self._process: asyncio.subprocess.Process | None = None

    @property
    def url(self) -> str:
        """Return the server's URL."""
        return f"redis://127.0.0.1:{self.port}/0"

    @property
    def is_running(self) -> bool:
        """Return whether the server process is alive."""
        return self._process is not None and self._process.returncode is None

    async def start(self, seconds: float = 10.0) -> None:
        """Start the server on its port (the same one every time) and wait until it answers."""
        if self.is_running:
            return
        with (self.directory / "redis.log").open("ab") as log:
            self._process = await asyncio.create_subprocess_exec(
                REDIS_SERVER,
                *("--port", str(self.port), "--bind", "127.0.0.1", "--dir", str(self.directory)),
                *("--save", "", "--appendonly", "no", "--daemonize", "no"),
                stdin=asyncio.subprocess.DEVNULL,
                stdout=log,
                stderr=log,
            )
        await self._wait_until_answering(seconds)

    async def stop(self, signum: signal.Signals = signal.SIGKILL) -> None:
        """Stop the server with ``signum`` (SIGKILL: as if it crashed) and reap it."""
        process, self._process = self._process, None
        if process is None or process.returncode is not None:
            return
        process.send_signal(signum)
        await process.wait()

    async def _wait_until_answering(self, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        client: Redis = Redis.from_url(self.url, socket_connect_timeout=0.5)
        try:
            while not await _answers(client):
                if not self.is_running or time.monotonic() > deadline:
                    raise AssertionError(f"redis-server did not start on port {self.port}")
                await asyncio.sleep(0.02)
        finally:
            await client.aclose()


async def _answers(client: Redis) -> bool:
    try:
        await client.ping()
    except (RedisError, OSError):
        return False
    return True


@asynccontextmanager
async def private_redis(directory: Path) -> AsyncIterator[RedisServer]:
    """Run a private Redis in ``directory`` for the block; it is killed afterwards."""
    server = RedisServer(directory)
    await server.start()
    try:
        yield server
    finally:
        await server.stop()
