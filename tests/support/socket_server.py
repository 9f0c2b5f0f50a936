"""The running test app served by uvicorn on loopback, in the test's own event loop.

The app's lifespan already runs (``running_app``); this only adds a real socket, with
WebSocket support, so a real client can open ``ws://.../graphql``. One loop for both, so
tests keep using the app's helpers (``api.gql``, services) alongside the socket.
"""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import uvicorn
from starlette.applications import Starlette

__all__ = ["socket_server"]


@asynccontextmanager
async def socket_server(app: Starlette) -> AsyncIterator[str]:
    """Serve ``app`` (lifespan already started) on 127.0.0.1; yield its ``ws://`` URL."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    config = uvicorn.Config(
        app, lifespan="off", log_config=None, access_log=False, ws="websockets-sansio", http="h11"
    )
    server = uvicorn.Server(config)
    serving = asyncio.create_task(server.serve(sockets=[listener]))
    try:
        for _ in range(500):
            if server.started or serving.done():
                break
            await asyncio.sleep(0.01)
        if not server.started:
            raise RuntimeError("uvicorn did not start")
        yield f"ws://127.0.0.1:{port}/graphql"
    finally:
        server.should_exit = True
        await serving
        listener.close()
