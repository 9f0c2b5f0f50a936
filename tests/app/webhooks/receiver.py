"""A real webhook receiver on loopback (aiohttp), recording what it is sent."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

from aiohttp import web

__all__ = ["Received", "Receiver", "receiver"]

BIG_BODY = b"x" * 1_000_000


@dataclass(frozen=True, slots=True)
class Received:
    """One request the receiver got."""

    path: str
    headers: dict[str, str]
    body: str


@dataclass(slots=True)
class Receiver:
    """The running receiver: its port and what it got."""

    port: int
    requests: list[Received] = field(default_factory=list)
    release: asyncio.Event = field(default_factory=asyncio.Event)
    failures_left: int = 0

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        """Return the URL of ``path`` on the receiver."""
        return f"http://{host}:{self.port}{path}"


def _app(state: Receiver) -> web.Application:  # noqa: C901 - one tiny handler per path
    async def record(request: web.Request) -> None:
        body = await request.text()
        state.requests.append(Received(request.path, dict(request.headers), body))

    async def ok(request: web.Request) -> web.Response:
        await record(request)
        return web.Response(text="thanks")

    async def redirect(request: web.Request) -> web.Response:
        await record(request)
        raise web.HTTPFound("/ok")

    async def gone(request: web.Request) -> web.Response:
        await record(request)
        return web.Response(status=410)

    async def busy(request: web.Request) -> web.Response:
        await record(request)
        return web.Response(status=429, headers={"Retry-After": "120"})

    async def big(request: web.Request) -> web.Response:
        await record(request)
        return web.Response(body=BIG_BODY)

    async def slow(request: web.Request) -> web.Response:
        await record(request)
        await asyncio.wait_for(state.release.wait(), timeout=10)
        return web.Response(text="late")

    async def flaky(request: web.Request) -> web.Response:
        await record(request)
        if state.failures_left > 0:
            state.failures_left -= 1
            return web.Response(status=503, text="down")
        return web.Response(text="back")

    app = web.Application()
    for path, handler in (
        ("/ok", ok),
        ("/redirect", redirect),
        ("/gone", gone),
        ("/busy", busy),
        ("/big", big),
        ("/slow", slow),
        ("/flaky", flaky),
    ):
        app.router.add_post(path, handler)
    return app


@asynccontextmanager
async def receiver() -> AsyncIterator[Receiver]:
    """Run a receiver on 127.0.0.1 (a free port) for the block."""
    state = Receiver(port=0)
    runner = web.AppRunner(_app(state), handle_signals=False, shutdown_timeout=1)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    state.port = int(runner.addresses[0][1])
    try:
        yield state
    finally:
        state.release.set()
        await runner.cleanup()
