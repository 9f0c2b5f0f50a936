"""A TCP proxy a test can cut and restore, to take a shared service away from one app only.

DESIGN.md: tests never stop shared services. A test that needs "the database is down" points the
app at this proxy instead, then cuts it (the listener closes and every open connection is
aborted, as when the server dies) and restores it (it listens again on the same port).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

__all__ = ["TcpProxy", "tcp_proxy"]

_CHUNK = 65536


class TcpProxy:
    """Forwards ``127.0.0.1:<port>`` to ``target_host:target_port`` until cut."""

    def __init__(self, target_host: str, target_port: int) -> None:
        self.target_host = target_host
        self.target_port = target_port
        self.port = 0
        self._server: asyncio.Server | None = None
        self._writers: set[asyncio.StreamWriter] = set()
        self._tasks: set[asyncio.Task[None]] = set()

    async def start(self) -> None:
        """Listen (on a random port the first time, on the same port afterwards)."""
        if self._server is not None:
            return
        self._server = await asyncio.start_server(
            self._accept, "127.0.0.1", self.port, reuse_address=True
        )
        self.port = self._server.sockets[0].getsockname()[1]

    async def cut(self) -> None:
        """Stop listening and abort every open connection, both sides."""
        server, self._server = self._server, None
        if server is not None:
            server.close()
        for writer in list(self._writers):
            writer.transport.abort()
        if self._tasks:
            # Aborted transports end every pipe; cancelling the handlers would make asyncio log.
            await asyncio.wait(list(self._tasks), timeout=5)
        if server is not None:
            await asyncio.wait_for(server.wait_closed(), 5)

    async def restore(self) -> None:
        """Listen again on the same port."""
        await self.start()

    async def _accept(
        self, client_reader: asyncio.StreamReader, client: asyncio.StreamWriter
    ) -> None:
        task = asyncio.current_task()
        if task is not None:
            self._tasks.add(task)
        self._writers.add(client)
        try:
            await self._forward(client_reader, client)
        finally:
            self._writers.discard(client)
            client.transport.abort()
            if task is not None:
                self._tasks.discard(task)

    async def _forward(
        self, client_reader: asyncio.StreamReader, client: asyncio.StreamWriter
    ) -> None:
        try:
            upstream_reader, upstream = await asyncio.open_connection(
                self.target_host, self.target_port
            )
        except OSError:
            return  # the target refuses: so does the proxy, by closing the client
        if self._server is None:
            upstream.transport.abort()  # cut while connecting
            return
        self._writers.add(upstream)
        try:
            await asyncio.gather(_pipe(client_reader, upstream), _pipe(upstream_reader, client))
        finally:
            self._writers.discard(upstream)
            upstream.transport.abort()


async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    """Copy bytes until EOF and half-close the other side; if a side breaks, abort the other."""
    try:
        while chunk := await reader.read(_CHUNK):
            writer.write(chunk)
            await writer.drain()
        if writer.can_write_eof():
            writer.write_eof()
    except OSError:
        writer.transport.abort()


@asynccontextmanager
async def tcp_proxy(target_host: str, target_port: int) -> AsyncIterator[TcpProxy]:
    """Run a proxy to ``target_host:target_port`` for the block, then tear it down."""
    proxy = TcpProxy(target_host, target_port)
    await proxy.start()
    try:
        yield proxy
    finally:
        await proxy.cut()
