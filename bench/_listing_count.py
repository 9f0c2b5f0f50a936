"""Counting what each side of the listing benchmark sends to PostgreSQL per request.

Both apps run in this process once more, each pointed at a counting TCP proxy in front of
PostgreSQL, so the same wire-level rule counts both: every simple Query message ('Q': BEGIN,
COMMIT, resets) and every extended-protocol Execute ('E': one statement, prepared or not) is a
statement; every Sync or simple Query ends a round trip. Each side gets warm-up requests
first (caches, prepared statements), then the mean over a few counted requests.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import struct
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import httpx
import orjson

from bench._listing_baseline import build_app, plain_dsn
from bench._listing_case import ListingCase
from bench._listing_db import ListingDatabase, listing_settings
from bench._processes import TENANT_SLUG

__all__ = ["StatementCount", "count_statements"]

_UNTYPED = {80877103, 80877104}  # SSLRequest, GSSENCRequest: the startup message follows
_WARM_UP = 3
_COUNTED = 5


@dataclass(frozen=True, slots=True)
class StatementCount:
    """Per request: statements executed, of which transaction control, and round trips."""

    statements: float
    control: float
    round_trips: float

    def describe(self) -> str:
        """Return e.g. ``6 statements (2 BEGIN/COMMIT/reset), 6 round trips``."""
        return (
            f"{self.statements:g} statements ({self.control:g} BEGIN/COMMIT/reset), "
            f"{self.round_trips:g} round trips"
        )


class _Proxy:
    """A TCP proxy to PostgreSQL that counts the client's protocol messages."""

    def __init__(self, host: str, port: int) -> None:
        self.target = (host, port)
        self.messages: Counter[str] = Counter()
        self.queries: list[str] = []

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        upstream_reader, upstream_writer = await asyncio.open_connection(*self.target)
        backward = asyncio.create_task(_pipe(upstream_reader, writer))
        try:
            await self._forward(reader, upstream_writer)
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            upstream_writer.close()
            await backward
            writer.close()

    async def _forward(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        while True:  # untyped start-up messages
            header = await reader.readexactly(8)
            length, code = struct.unpack("!ii", header)
            writer.write(header + await reader.readexactly(length - 8))
            if code not in _UNTYPED:
                break
        while True:
            header = await reader.readexactly(5)
            kind, length = header[:1].decode(), struct.unpack("!i", header[1:])[0]
            body = await reader.readexactly(length - 4)
            self.messages[kind] += 1
            if kind == "Q":
                self.queries.append(body.rstrip(b"\0").decode(errors="replace"))
            writer.write(header + body)
            await writer.drain()


async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    with contextlib.suppress(ConnectionError, OSError):
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
    writer.close()


def _is_control(query: str) -> bool:
    words = query.replace(";", " ").split(None, 1)
    first = words[0].upper() if words else ""
    return first in {"BEGIN", "COMMIT", "ROLLBACK"} or "RESET ALL" in query.upper()


def _snapshot(proxy: _Proxy) -> tuple[int, int, int]:
    messages = proxy.messages
    control = sum(1 for query in proxy.queries if _is_control(query))
    return messages["E"] + messages["Q"], control, messages["S"] + messages["Q"]


async def _count(proxy: _Proxy, send: Callable[[], Awaitable[None]]) -> StatementCount:
    for _ in range(_WARM_UP):
        await send()
    proxy.messages.clear()
    proxy.queries.clear()
    for _ in range(_COUNTED):
        await send()
    await asyncio.sleep(0.05)  # pooled connections' resets run after the answer
    statements, control, trips = _snapshot(proxy)
    return StatementCount(statements / _COUNTED, control / _COUNTED, trips / _COUNTED)


def _proxied(url: str, port: int) -> str:
    scheme, _, rest = url.partition("://")
    user, _, host_and_path = rest.rpartition("@")
    path = host_and_path.partition("/")[2]
    return f"{scheme}://{user}@127.0.0.1:{port}/{path}"


def _sender(
    client: httpx.AsyncClient, case: ListingCase, label: str, size: int, headers: dict[str, str]
) -> Callable[[], Awaitable[None]]:
    """Return a function sending one listing request of ``size`` to ``label``'s app."""

    async def send() -> None:
        if label == "graphql":
            body = orjson.dumps({"query": case.query, "variables": {"first": size}})
            response = await client.post("/graphql", content=body, headers=headers)
        else:
            response = await client.get(f"/listing?first={size}", headers=headers)
        response.raise_for_status()

    return send


def count_statements(
    database: ListingDatabase, case: ListingCase, scope: str, sizes: tuple[int, ...]
) -> dict[tuple[str, int], StatementCount]:
    """Return the statements per request of (``graphql`` | ``baseline``, page size)."""
    return asyncio.run(_count_all(database, case, scope, sizes))


async def _count_all(
    database: ListingDatabase, case: ListingCase, scope: str, sizes: tuple[int, ...]
) -> dict[tuple[str, int], StatementCount]:
    from app.asgi import create_app

    runtime_url = database.environment["RUSTOK_DATABASE_URL"]
    host = runtime_url.rpartition("@")[2].partition("/")[0]
    name, _, port = host.partition(":")
    proxy = _Proxy(name, int(port or 5432))
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        proxy_port = probe.getsockname()[1]
    server = await asyncio.start_server(proxy.handle, "127.0.0.1", proxy_port)
    counts: dict[tuple[str, int], StatementCount] = {}
    try:
        url = _proxied(runtime_url, proxy_port)
        api = create_app(listing_settings(database, database_url=url, event_runner="off"))
        baseline = build_app(plain_dsn(url), scope, case)
        headers = {"X-Tenant": TENANT_SLUG, "Content-Type": "application/json"}
        for label, app in (("graphql", api), ("baseline", baseline)):
            async with (
                app.router.lifespan_context(app),  # type: ignore[attr-defined]
                httpx.AsyncClient(
                    transport=httpx.ASGITransport(app=app), base_url="http://bench.test"
                ) as client,
            ):
                for size in sizes:
                    send = _sender(client, case, label, size, headers)
                    counts[label, size] = await _count(proxy, send)
    finally:
        server.close()
        await server.wait_closed()
    return counts
