"""The real app served over HTTP by uvicorn on a free port, in a thread of its own.

Browser tests need a socket a browser can reach. The server's event loop runs in the thread;
:meth:`LiveServer.call` runs a coroutine on that loop, so tests can seed data through the same
runtime (database engine, event runner) the server uses.
"""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from collections.abc import Coroutine, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TypeVar

import uvicorn
from starlette.applications import Starlette

from app.asgi import AppState
from app.runtime import Runtime

__all__ = ["LiveServer", "live_server"]

T = TypeVar("T")
_START_SECONDS = 30.0


@dataclass(slots=True)
class LiveServer:
    """A running server: its base URL, and a way to run coroutines on its loop."""

    url: str
    app: Starlette
    loop: asyncio.AbstractEventLoop

    @property
    def runtime(self) -> Runtime:
        """Return the served app's runtime."""
        state: AppState = self.app.state.rustok
        return state.runtime

    def call(self, work: Coroutine[object, object, T], timeout: float = 30.0) -> T:
        """Run ``work`` on the server's loop and return its result."""
        return asyncio.run_coroutine_threadsafe(work, self.loop).result(timeout)


@contextmanager
def live_server(app: Starlette) -> Iterator[LiveServer]:
    """Serve ``app`` on 127.0.0.1 (a free port) until the block ends."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    config = uvicorn.Config(
        app, lifespan="on", log_config=None, access_log=False, ws="none", http="h11"
    )
    server = uvicorn.Server(config)
    loop = asyncio.new_event_loop()
    thread = threading.Thread(
        target=loop.run_until_complete, args=(server.serve(sockets=[listener]),), daemon=True
    )
    thread.start()
    try:
        _wait_started(server, thread)
        yield LiveServer(url=f"http://127.0.0.1:{port}", app=app, loop=loop)
    finally:
        server.should_exit = True
        thread.join(_START_SECONDS)
        loop.close()
        listener.close()


def _wait_started(server: uvicorn.Server, thread: threading.Thread) -> None:
    deadline = time.monotonic() + _START_SECONDS
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the live server did not start")
        time.sleep(0.05)
