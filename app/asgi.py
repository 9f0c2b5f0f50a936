"""The ASGI application: GraphQL, health, metrics, public tenant routes and the admin SPA."""

from __future__ import annotations

import asyncio
import logging
import secrets
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass, field

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route, WebSocketRoute
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from starlette.websockets import WebSocket

from app.admin import admin_routes
from app.auth.authenticator import Authenticator, CredentialAuthenticator
from app.bootstrap import (
    build_registry,
    build_runtime,
    build_schema,
    build_work_cycle,
    mark_unmigrated_failed,
    refresh_event_pipeline,
)
from app.clock import Clock
from app.config import Settings, load_settings
from app.cors import CORSMiddleware, CORSPolicy
from app.errors import ErrorCode
from app.events.live import RedisLive
from app.events.runner import EmbeddedRunner
from app.events.wake import RedisWaker
from app.graphql.execution import GraphQLEngine
from app.graphql.view import GraphQLView, json_response
from app.graphql.ws import GraphQLSocket
from app.logs import request_id_var
from app.metrics import Metrics
from app.registry import Registry
from app.routes import tenant_routes
from app.runtime import Runtime
from app.webhooks.runner import open_sender, webhook_runner

__all__ = ["AppState", "create_app"]

logger = logging.getLogger(__name__)


@dataclass(slots=True)
class AppState:
    """What the routes share; ``view`` appears once start-up has composed the schema."""

    runtime: Runtime
    authenticator: Authenticator
    metrics: Metrics
    view: GraphQLView | None = None
    socket: GraphQLSocket | None = None
    exit_stack: AsyncExitStack = field(default_factory=AsyncExitStack)


class ObservabilityMiddleware:
    """Request ids (``X-Request-ID``), request counts and latency, in one pure ASGI layer."""

    def __init__(self, app: ASGIApp, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Wrap one HTTP request."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        incoming = _header(scope, b"x-request-id")
        request_id = incoming[:64] if incoming.isprintable() and incoming else secrets.token_hex(16)
        token = request_id_var.set(request_id)
        started = time.perf_counter()
        status = 500

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message["headers"] = [
                    *message.get("headers", []),
                    (b"x-request-id", request_id.encode()),
                ]
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            self.metrics.observe(scope["method"], _route_label(scope), status, started)
            request_id_var.reset(token)


def _header(scope: Scope, name: bytes) -> str:
    for key, value in scope["headers"]:
        if key == name:
            return str(value.decode("latin-1"))
    return ""


def _route_label(scope: Scope) -> str:
    route = scope.get("route")
    path = getattr(route, "path", None)
    return str(path) if path else "unmatched"


async def _start(state: AppState) -> None:
    runtime = state.runtime
    registry = runtime.registry
    for module in registry.modules:
        if module.lifespan is None:
            continue
        try:
            await state.exit_stack.enter_async_context(module.lifespan())
        except Exception as error:
            logger.exception("module %s failed to start", module.name)
            registry.mark_failed(module.name, f"start failed: {type(error).__name__}: {error}")
    await mark_unmigrated_failed(runtime)
    refresh_event_pipeline(runtime)
    schema = build_schema(registry)
    engine = GraphQLEngine(schema, runtime.settings)
    runtime.graphql = engine
    state.view = GraphQLView(runtime, engine, state.authenticator, state.metrics)
    cors = CORSPolicy.from_settings(runtime.settings)
    state.socket = GraphQLSocket(runtime, engine, state.authenticator, cors)
    await _start_live_events(state)
    if runtime.settings.runs_embedded_runner:
        runner = EmbeddedRunner(
            build_work_cycle(runtime), poll_seconds=runtime.settings.event_poll_seconds
        )
        runtime.events.add_listener(runner.notify)
        runner.start()
        state.exit_stack.push_async_callback(runner.stop)
        sender = await state.exit_stack.enter_async_context(open_sender(runtime))
        webhooks = webhook_runner(runtime, sender)
        webhooks.start()
        state.exit_stack.push_async_callback(webhooks.stop)
    elif runtime.settings.redis_url:
        waker = RedisWaker(runtime.settings.redis_url, runtime.settings.redis_prefix)
        runtime.events.add_listener(waker.notify)
        state.exit_stack.push_async_callback(waker.close)


async def _start_live_events(state: AppState) -> None:
    """Feed this process's live subscribers: straight from its commits, or through Redis."""
    runtime = state.runtime
    settings = runtime.settings
    if not settings.redis_url:
        runtime.events.live = runtime.live.publish
        return
    live = RedisLive(settings.redis_url, settings.redis_prefix)
    runtime.events.live = live.publish
    stop = asyncio.Event()
    listening = asyncio.create_task(live.listen(runtime.live, stop))

    async def stop_listening() -> None:
        stop.set()
        await listening
        await live.close()

    state.exit_stack.push_async_callback(stop_listening)


def _socket_endpoint(state: AppState) -> Callable[[WebSocket], Awaitable[None]]:
    async def graphql_socket(websocket: WebSocket) -> None:
        if state.socket is None:
            await websocket.close(1013, "starting up")
            return
        await state.socket(websocket)

    return graphql_socket


def create_app(
    settings: Settings | None = None,
    *,
    registry: Registry | None = None,
    authenticator: Authenticator | None = None,
    clock: Clock | None = None,
) -> Starlette:
    """Build the ASGI app; the schema is composed when the lifespan starts."""
    settings = settings or load_settings()
    registry = registry or build_registry(settings)
    runtime = build_runtime(settings, registry, clock)
    state = AppState(runtime, authenticator or CredentialAuthenticator(runtime.identity), Metrics())

    @asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        async with state.exit_stack:
            # Unwound last: the runner and module lifespans stop before the pool closes.
            state.exit_stack.push_async_callback(runtime.db.dispose)
            state.exit_stack.push_async_callback(runtime.limiter.close)
            await _start(state)
            yield

    async def graphql(request: Request) -> Response:
        if state.view is None:
            return json_response({"errors": [{"message": "starting up"}]}, 503)
        return await state.view(request)

    async def livez(_request: Request) -> Response:
        return json_response({"status": "pass"})

    async def readyz(_request: Request) -> Response:
        ready, report = await runtime.health.readiness()
        return json_response(report, 200 if ready and state.view else 503)

    async def healthz(_request: Request) -> Response:
        _ready, report = await runtime.health.readiness()
        return json_response(report)

    async def metrics(_request: Request) -> Response:
        await state.metrics.pipeline.refresh(runtime.db, runtime.clock)
        return Response(state.metrics.render(), media_type="text/plain; version=0.0.4")

    async def tenant_home(request: Request) -> Response:
        slug = request.path_params["tenant"]
        tenant = await runtime.tenants.find_active(slug)
        if tenant is None:
            body = {
                "error": {
                    "code": ErrorCode.TENANT_NOT_FOUND.value,
                    "message": f"no active tenant {slug[:80]!r}",
                }
            }
            return json_response(body, 404)
        return json_response({"slug": tenant.slug, "name": tenant.name})

    app = Starlette(
        routes=[
            Route("/graphql", graphql, methods=["GET", "POST", "PUT", "DELETE", "PATCH"]),
            WebSocketRoute("/graphql", _socket_endpoint(state)),
            Route("/livez", livez),
            Route("/readyz", readyz),
            Route("/healthz", healthz),
            Route("/metrics", metrics),
            Route("/t/{tenant}/", tenant_home),
            *tenant_routes(runtime, state.authenticator, registry.modules),
            *admin_routes(settings.admin_dir),
        ],
        lifespan=lifespan,
    )
    app.state.rustok = state
    app.add_middleware(CORSMiddleware, policy=CORSPolicy.from_settings(settings))
    app.add_middleware(ObservabilityMiddleware, metrics=state.metrics)
    return app
