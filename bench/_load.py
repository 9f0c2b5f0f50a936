"""A bounded load generator: a fixed number of requests over N keep-alive connections.

It runs in the benchmark's own process on loopback only, checks every answer against the
expected JSON, and records each request's latency.
"""

from __future__ import annotations

import asyncio
import itertools
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

import aiohttp
import orjson

__all__ = ["Accept", "LoadResult", "Request", "generate_load", "send_each"]

Accept = Callable[[int, bytes], bool]


@dataclass(frozen=True, slots=True)
class Request:
    """One HTTP request, repeated; ``expected`` is the JSON every answer must equal."""

    url: str
    expected: object
    method: str = "GET"
    body: bytes | None = None
    headers: dict[str, str] = field(default_factory=dict)


@dataclass(slots=True)
class LoadResult:
    """What a load run measured: wall time, sorted latencies, wrong answers."""

    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)
    failures: int = 0
    first_failure: str = ""

    @property
    def requests_per_second(self) -> float:
        """Return completed requests per wall-clock second."""
        return len(self.latencies) / self.seconds if self.seconds else 0.0


def generate_load(request: Request, *, count: int, concurrency: int) -> LoadResult:
    """Send ``request`` ``count`` times over ``concurrency`` connections; return the result."""

    def accept(status: int, payload: bytes) -> bool:
        return _is_expected(status, payload, request.expected)

    bodies = itertools.repeat(request.body, count)
    return asyncio.run(_generate(request, bodies, accept, concurrency))


def send_each(
    request: Request, bodies: Iterable[bytes], accept: Accept, *, concurrency: int
) -> LoadResult:
    """Send ``request`` once with each of ``bodies``; ``accept`` judges each answer."""
    return asyncio.run(_generate(request, iter(bodies), accept, concurrency))


async def _generate(
    request: Request, bodies: Iterator[bytes | None], accept: Accept, concurrency: int
) -> LoadResult:
    result = LoadResult()
    connector = aiohttp.TCPConnector(limit=concurrency)
    timeout = aiohttp.ClientTimeout(total=60)
    async with aiohttp.ClientSession(connector=connector, timeout=timeout) as session:
        started = time.perf_counter()
        workers = (_worker(session, request, bodies, accept, result) for _ in range(concurrency))
        await asyncio.gather(*workers)
        result.seconds = time.perf_counter() - started
    result.latencies.sort()
    return result


async def _worker(
    session: aiohttp.ClientSession,
    request: Request,
    bodies: Iterator[bytes | None],
    accept: Accept,
    result: LoadResult,
) -> None:
    # The iterator is shared: each worker takes the next body until none is left.
    for body in bodies:
        started = time.perf_counter()
        async with session.request(
            request.method, request.url, data=body, headers=request.headers
        ) as response:
            payload = await response.read()
        result.latencies.append(time.perf_counter() - started)
        if not accept(response.status, payload):
            result.failures += 1
            result.first_failure = result.first_failure or f"{response.status} {payload[:300]!r}"


def _is_expected(status: int, payload: bytes, expected: object) -> bool:
    """Return whether the answer is a 200 with ``expected`` (GraphQL ``extensions`` aside)."""
    try:
        answer = orjson.loads(payload)
    except orjson.JSONDecodeError:
        return False
    if isinstance(answer, dict):  # the API reports the query's cost in "extensions"
        answer.pop("extensions", None)
    return status == 200 and answer == expected
