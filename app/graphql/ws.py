"""GraphQL subscriptions over WebSocket at ``/graphql``: the graphql-transport-ws protocol.

The client opens the socket with the subprotocol ``graphql-transport-ws`` and sends
``connection_init`` within 10 seconds; its payload may carry ``authorization``
(``"Bearer <access token | API key>"``; browsers cannot set headers on a WebSocket) and
``tenant`` (a slug; else the ``X-Tenant`` header or the host decides). Without
``authorization``, the access cookie counts, as over HTTP. Then ``subscribe`` messages run
subscriptions (queries and mutations go by POST), each answered by ``next`` messages, then
``complete`` or ``error``.

- **Origins.** A browser page of another origin could open a socket with the admin's cookie
  (cross-site WebSocket hijacking): a handshake whose ``Origin`` is neither the API's own nor
  listed in ``RUSTOK_CORS_ORIGINS`` (or the tenant's) is refused; ``*`` there admits any
  origin with its own credential in ``connection_init``, never with the cookie, which no
  cross-site handshake (``Sec-Fetch-Site``) may use.
- **Credentials expire.** The connection re-authenticates every :data:`RECHECK_SECONDS`:
  an expired access token or a revoked key closes it (4403), one that cannot be checked (the
  database is down) closes it too (1011), and changed roles apply to the next event.
- **Limits.** At most :data:`MAX_SUBSCRIPTIONS` at once per connection; the same query
  limits and cost as over HTTP; a subscriber that does not keep up is dropped (close 1013),
  and nobody else waits for it.

Close codes are the protocol's: 4400 bad message, 4401 subscribe before the ack, 4403
refused, 4406 wrong subprotocol, 4408 no init in time, 4409 duplicate id, 4429 init twice.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from typing import Any
from urllib.parse import urlsplit

import orjson
from graphql import ExecutionResult, GraphQLError
from starlette.requests import HTTPConnection
from starlette.websockets import WebSocket, WebSocketDisconnect, WebSocketState

from app.auth.authenticator import Authenticator
from app.auth.principal import Principal
from app.cors import CORSPolicy
from app.errors import RequestRefused, RustokError, TenantNotFound
from app.events.live import TooSlow
from app.graphql.execution import GraphQLEngine, RequestError, refusal
from app.runtime import Context, Runtime
from app.tenants.directory import ActiveTenant

__all__ = ["INIT_SECONDS", "MAX_SUBSCRIPTIONS", "RECHECK_SECONDS", "SUBPROTOCOL", "GraphQLSocket"]

SUBPROTOCOL = "graphql-transport-ws"
INIT_SECONDS = 10.0
RECHECK_SECONDS = 60.0
MAX_SUBSCRIPTIONS = 20

logger = logging.getLogger(__name__)


class _Close(Exception):
    def __init__(self, code: int, reason: str) -> None:
        super().__init__(reason)
        self.code, self.reason = code, reason[:120]


class GraphQLSocket:
    """Accepts WebSocket connections on ``/graphql`` and serves their subscriptions."""

    def __init__(
        self,
        runtime: Runtime,
        engine: GraphQLEngine,
        authenticator: Authenticator,
        cors: CORSPolicy,
        recheck_seconds: float = RECHECK_SECONDS,
    ) -> None:
        self.runtime = runtime
        self.engine = engine
        self.authenticator = authenticator
        self.cors = cors
        self.recheck_seconds = recheck_seconds

    async def __call__(self, websocket: WebSocket) -> None:
        """Serve one connection until either side closes it."""
        if SUBPROTOCOL not in websocket.scope.get("subprotocols", []):
            await websocket.close(4406, f"use the subprotocol {SUBPROTOCOL}")
            return
        if not self._origin_allowed(websocket, None):
            await websocket.close(4403, "this origin may not open a GraphQL socket")
            return
        await websocket.accept(subprotocol=SUBPROTOCOL)
        connection = _Connection(self, websocket)
        try:
            await connection.serve()
        except _Close as close:
            await connection.close(close.code, close.reason)
        except WebSocketDisconnect:
            pass
        finally:
            await connection.stop()

    def _origin_allowed(
        self, websocket: WebSocket, tenant: str | None, *, is_cookie: bool = False
    ) -> bool:
        if is_cookie and websocket.headers.get("sec-fetch-site", "") == "cross-site":
            return False  # as over HTTP (app.graphql.view): no site borrows the session
        origin = websocket.headers.get("origin")
        if not origin:
            return True  # not a browser: no ambient cookie to abuse without its own credential
        if urlsplit(origin).netloc.lower() == websocket.headers.get("host", "").lower():
            return True
        if self.cors.is_listed(origin, tenant):
            return True
        return self.cors.any_origin and not is_cookie  # `*` never lends the cookie (app.cors)


class _Connection:
    """One socket: its context once initialised, and its running subscriptions."""

    def __init__(self, server: GraphQLSocket, websocket: WebSocket) -> None:
        self._server = server
        self._websocket = websocket
        self._send_lock = asyncio.Lock()
        self._running: dict[str, asyncio.Task[None]] = {}
        self._context: Context | None = None
        self._credentials: HTTPConnection | None = None
        self._recheck: asyncio.Task[None] | None = None

    async def serve(self) -> None:
        await self._initialise()
        while True:
            message = await self._receive()
            kind = message.get("type")
            if kind == "ping":
                await self._send({"type": "pong"})
            elif kind == "pong":
                continue
            elif kind == "subscribe":
                await self._subscribe(message)
            elif kind == "complete":
                task = self._running.pop(str(message.get("id")), None)
                if task is not None:
                    task.cancel()
            elif kind == "connection_init":
                raise _Close(4429, "Too many initialisation requests")
            else:
                raise _Close(4400, f"Invalid message type {str(kind)[:40]!r}")

    async def _receive(self) -> dict[str, Any]:
        received = await self._websocket.receive()
        if received["type"] == "websocket.disconnect":
            raise WebSocketDisconnect(received.get("code", 1000), received.get("reason"))
        text = received.get("text")
        if text is None:
            raise _Close(4400, "Invalid message received: not text")
        try:
            message = orjson.loads(text)
        except orjson.JSONDecodeError:
            raise _Close(4400, "Invalid message received: not JSON") from None
        if not isinstance(message, dict):
            raise _Close(4400, "Invalid message received: not an object")
        return message

    async def _initialise(self) -> None:
        try:
            message = await asyncio.wait_for(self._first_request(), INIT_SECONDS)
        except TimeoutError:
            raise _Close(4408, "Connection initialisation timeout") from None
        if message.get("type") == "subscribe":
            raise _Close(4401, "Unauthorized")
        if message.get("type") != "connection_init":
            raise _Close(4400, "send connection_init first")
        payload = message.get("payload") or {}
        if not isinstance(payload, dict):
            raise _Close(4400, "connection_init's payload must be an object")
        self._credentials = self._credential_connection(payload)
        self._context = await self._authenticate(payload.get("tenant"))
        tenant = self._context.tenant
        is_cookie = bool(getattr(self._credentials.state, "cookie_authenticated", False))
        slug = tenant.slug if tenant else None
        if not self._server._origin_allowed(self._websocket, slug, is_cookie=is_cookie):
            raise _Close(4403, "this origin may not open a GraphQL socket for this tenant")
        await self._send({"type": "connection_ack"})
        self._recheck = asyncio.create_task(self._keep_checking())

    async def _first_request(self) -> dict[str, Any]:
        """Return the first message other than a ping or pong (allowed at any time)."""
        while True:
            message = await self._receive()
            if message.get("type") == "ping":
                await self._send({"type": "pong"})
            elif message.get("type") != "pong":
                return message

    def _credential_connection(self, payload: dict[str, Any]) -> HTTPConnection:
        """The handshake as the authenticator reads it, with the init's credential if any."""
        scope = dict(self._websocket.scope)
        headers = list(scope["headers"])
        authorization = payload.get("authorization")
        if authorization is not None:
            if not isinstance(authorization, str):
                raise _Close(4400, "authorization must be a string: Bearer <token>")
            headers = [(k, v) for k, v in headers if k not in (b"authorization", b"cookie")]
            headers.append((b"authorization", authorization.encode("latin-1", "replace")))
        scope["headers"] = headers
        scope["state"] = {}
        return HTTPConnection(scope)

    @property
    def context(self) -> Context:
        """Return the connection's context (set by ``connection_init``)."""
        if self._context is None:
            raise RuntimeError("the connection is not initialised")
        return self._context

    async def _authenticate(self, slug: object) -> Context:
        runtime, credentials = self._server.runtime, self._credentials
        if credentials is None:
            raise RuntimeError("the connection is not initialised")
        if slug is not None and not isinstance(slug, str):
            raise _Close(4400, "tenant must be a slug")
        slug = (
            slug
            or credentials.headers.get("x-tenant")
            or runtime.settings.tenant_hosts.get(credentials.url.hostname or "")
        )
        tenant: ActiveTenant | None = None
        try:
            if slug:
                tenant = await runtime.tenants.find_active(slug)
                if tenant is None:
                    raise TenantNotFound(f"no active tenant {slug[:80]!r}")
            principal: Principal = await self._server.authenticator.authenticate(
                credentials, tenant
            )
        except RustokError as error:
            raise _Close(4403, f"Forbidden: {error.message}") from None
        client = self._websocket.client
        return Context(
            runtime=runtime,
            principal=principal,
            tenant=tenant,
            client_address=client.host if client else None,
        )

    async def _keep_checking(self) -> None:
        """Re-authenticate now and then; close when the credential no longer holds."""
        context = self.context
        while True:
            await asyncio.sleep(self._server.recheck_seconds)
            slug = context.tenant.slug if context.tenant else None
            try:
                fresh = await self._authenticate(slug)
            except _Close as close:
                await self.close(4403, close.reason)
                return
            except Exception:  # unchecked is not valid: close (1011: the client may retry)
                logger.exception("re-checking a GraphQL socket's credential failed")
                await self.close(1011, "could not re-check the credential")
                return
            context.principal, context.tenant = fresh.principal, fresh.tenant

    async def _subscribe(self, message: dict[str, Any]) -> None:
        subscription_id, payload = message.get("id"), message.get("payload")
        if not isinstance(subscription_id, str) or not subscription_id:
            raise _Close(4400, "subscribe needs an id (a non-empty string)")
        if subscription_id in self._running:
            raise _Close(4409, f"Subscriber for {subscription_id[:40]} already exists")
        if not isinstance(payload, dict) or not isinstance(payload.get("query"), str):
            raise _Close(4400, "subscribe needs a payload with a query")
        if not isinstance(payload.get("operationName"), str | None):
            raise _Close(4400, "operationName must be a string")
        if len(self._running) >= MAX_SUBSCRIPTIONS:
            message_text = f"at most {MAX_SUBSCRIPTIONS} subscriptions per connection"
            await self._error(subscription_id, [_bad_request(message_text)])
            return
        task = asyncio.create_task(self._run(subscription_id, payload))
        self._running[subscription_id] = task
        task.add_done_callback(lambda _: self._forget(subscription_id, task))

    def _forget(self, subscription_id: str, task: asyncio.Task[None]) -> None:
        if self._running.get(subscription_id) is task:
            del self._running[subscription_id]

    async def _run(self, subscription_id: str, payload: dict[str, Any]) -> None:
        context = self.context
        engine = self._server.engine
        variables = payload.get("variables")
        try:
            if variables is not None and not isinstance(variables, dict):
                raise RequestError([_bad_request("`variables` must be a JSON object")])
            prepared = engine.prepare(payload["query"], payload.get("operationName"))
            if not prepared.is_subscription:
                message = "only subscriptions are served over WebSocket: POST queries and mutations"
                raise RequestError([_bad_request(message)])
            engine.check_cost(prepared, variables)
            engine.schema.policy.enforce(prepared.requirements, context.principal, context.tenant)
        except RequestError as error:
            await self._error(subscription_id, error.errors)
            return
        except RequestRefused as error:
            await self._error(subscription_id, [refusal(error)])
            return
        stream = await engine.subscribe(prepared, context, variables)
        if isinstance(stream, ExecutionResult):
            await self._error(
                subscription_id, [engine.format_error(e) for e in stream.errors or []]
            )
            return
        try:
            await self._forward(subscription_id, stream)
        except TooSlow as slow:
            await self.close(1013, str(slow))
        except Exception as failure:  # noqa: BLE001 - format_error logs the unexpected ones
            path = [prepared.root_field] if prepared.root_field else None
            located = GraphQLError(str(failure), path=path, original_error=failure)
            await self._error(subscription_id, [engine.format_error(located)])

    async def _forward(self, subscription_id: str, stream: AsyncIterator[ExecutionResult]) -> None:
        engine = self._server.engine
        try:
            async for result in stream:
                body: dict[str, Any] = {"data": result.data}
                if result.errors:
                    body["errors"] = [engine.format_error(error) for error in result.errors]
                await self._send({"id": subscription_id, "type": "next", "payload": body})
        finally:
            aclose = getattr(stream, "aclose", None)
            if aclose is not None:
                await aclose()
        await self._send({"id": subscription_id, "type": "complete"})

    async def _error(self, subscription_id: str, errors: list[dict[str, Any]]) -> None:
        await self._send({"id": subscription_id, "type": "error", "payload": errors})

    async def _send(self, message: dict[str, Any]) -> None:
        async with self._send_lock:
            if self._websocket.application_state is WebSocketState.CONNECTED:
                await self._websocket.send_text(orjson.dumps(message).decode())

    async def close(self, code: int, reason: str) -> None:
        async with self._send_lock:
            if self._websocket.application_state is WebSocketState.CONNECTED:
                with contextlib.suppress(RuntimeError, WebSocketDisconnect):
                    await self._websocket.close(code, reason)

    async def stop(self) -> None:
        """Cancel the subscriptions and the re-check (the connection is gone)."""
        tasks = [*self._running.values(), *([self._recheck] if self._recheck else [])]
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task


def _bad_request(message: str) -> dict[str, Any]:
    return {"message": message, "extensions": {"code": "BAD_REQUEST"}}
