"""The HTTP face of GraphQL: POST JSON (and GET for queries) on ``/graphql``.

Malformed requests get clean 4xx answers: a body that is not JSON 400, another content type
415, a mutation over GET 405, an oversized body 413, a query over the cost limit or a string
with a NUL character 400. Too many requests from one client address or one API key: 429 with
``Retry-After``. Refusals (tenant, module, permission) are top-level GraphQL errors: the
operation did not run. Every operation's response carries ``extensions.cost``
(``{"requested": N, "limit": M}``).
"""

from __future__ import annotations

from typing import Any

import orjson
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from app.auth.authenticator import Authenticator
from app.auth.principal import ApiKeyPrincipal, Principal
from app.errors import ErrorCode, RequestRefused, TenantNotFound
from app.graphql.execution import (
    NUL_MESSAGE,
    GraphQLEngine,
    PreparedOperation,
    RequestError,
    refusal,
)
from app.logs import request_id_var
from app.metrics import Metrics
from app.ratelimit.address import TrustedProxies, limit_subject
from app.ratelimit.limiter import Limit
from app.routes import CSRF_HEADER
from app.runtime import Context, Runtime

__all__ = ["GraphQLView", "json_response"]

_JSON_TYPES = frozenset({"application/json", "application/graphql-response+json"})


def json_response(
    payload: Any, status: int = 200, headers: dict[str, str] | None = None
) -> Response:
    """Return ``payload`` serialized with orjson."""
    return Response(orjson.dumps(payload), status, headers, media_type="application/json")


def _error_response(status: int, message: str, headers: dict[str, str] | None = None) -> Response:
    body = {"errors": [{"message": message, "extensions": {"code": ErrorCode.BAD_REQUEST.value}}]}
    return json_response(body, status, headers)


class _HTTPProblem(Exception):
    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status, self.message, self.headers = status, message, headers


class _Throttled(Exception):
    def __init__(self, retry_after: int) -> None:
        super().__init__(f"too many requests: retry in {retry_after} s")
        self.retry_after = retry_after

    def response(self) -> Response:
        entry = {
            "message": str(self),
            "extensions": {"code": ErrorCode.RATE_LIMITED.value, "retryAfter": self.retry_after},
        }
        return json_response({"errors": [entry]}, 429, {"Retry-After": str(self.retry_after)})


class GraphQLView:
    """Serves one composed schema over HTTP."""

    def __init__(
        self,
        runtime: Runtime,
        engine: GraphQLEngine,
        authenticator: Authenticator,
        metrics: Metrics,
    ) -> None:
        self.runtime = runtime
        self.engine = engine
        self.authenticator = authenticator
        self.metrics = metrics
        settings = runtime.settings
        self.proxies = TrustedProxies(settings.trusted_proxies)
        self._address_limit = Limit.parse(settings.rate_limit_request_address)
        self._api_key_limit = Limit.parse(settings.rate_limit_request_api_key)

    async def __call__(self, request: Request) -> Response:
        """Answer one HTTP request to ``/graphql``."""
        address = self.proxies.client_address(
            request.client.host if request.client else None,
            request.headers.get("x-forwarded-for"),
        )
        try:
            await self._limit("request:address", limit_subject(address or ""), self._address_limit)
            if request.method == "GET" and "query" not in request.query_params:
                return self._ide()
            body = await self._read(request)
            prepared = self._prepare(body)
            if request.method == "GET" and prepared.is_mutation:
                raise _HTTPProblem(405, "mutations need POST", {"Allow": "POST"})
            if prepared.is_subscription:
                raise _HTTPProblem(
                    400,
                    "subscriptions are served over WebSocket at /graphql "
                    "(subprotocol graphql-transport-ws)",
                )
            variables = body.get("variables")
            if variables and _contains_nul(variables):
                raise _HTTPProblem(400, NUL_MESSAGE)
            cost = self.engine.check_cost(prepared, variables)
        except _Throttled as throttled:
            self.metrics.graphql_errors.labels(ErrorCode.RATE_LIMITED.value).inc()
            return throttled.response()
        except _HTTPProblem as problem:
            self.metrics.graphql_errors.labels(ErrorCode.BAD_REQUEST.value).inc()
            return _error_response(problem.status, problem.message, problem.headers)
        except RequestError as error:
            self.metrics.graphql_errors.labels(ErrorCode.BAD_REQUEST.value).inc()
            payload: dict[str, Any] = {"errors": error.errors}
            if error.extensions:
                payload["extensions"] = error.extensions
            return json_response(payload, 400)
        extensions = {"cost": {"requested": cost, "limit": self.runtime.settings.max_query_cost}}
        return await self._run(request, prepared, variables, extensions, address)

    async def _limit(self, name: str, subject: str, limit: Limit) -> None:
        if not subject or not limit.is_enabled:
            return
        decision = await self.runtime.limiter.hit((name, subject, limit))
        if not decision.allowed:
            raise _Throttled(decision.retry_after)

    async def _limit_principal(self, principal: Principal) -> None:
        if isinstance(principal, ApiKeyPrincipal):
            await self._limit("request:apikey", str(principal.key_id), self._api_key_limit)

    def _ide(self) -> Response:
        if not self.runtime.settings.is_graphiql_enabled:
            message = 'send a query: POST JSON {"query": ...} (GraphiQL is off outside debug)'
            return _error_response(400, message)
        from strawberry.http.ides import get_graphql_ide_html

        return HTMLResponse(get_graphql_ide_html("graphiql"))

    async def _read(self, request: Request) -> dict[str, Any]:
        if request.method == "GET":
            params = request.query_params
            raw: dict[str, Any] = {
                "query": params.get("query"),
                "operationName": params.get("operationName"),
            }
            if params.get("variables"):
                raw["variables"] = _decode_json(params["variables"].encode(), "variables")
            return _check_body(raw)
        if request.method != "POST":
            raise _HTTPProblem(405, "use POST (or GET for queries)", {"Allow": "GET, POST"})
        media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if media_type not in _JSON_TYPES:
            raise _HTTPProblem(415, "send the request as application/json")
        limit = self.runtime.settings.max_body_bytes
        declared = request.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            raise _HTTPProblem(413, f"the body is over {limit} bytes")
        payload = bytearray()
        async for chunk in request.stream():
            payload += chunk
            if len(payload) > limit:
                raise _HTTPProblem(413, f"the body is over {limit} bytes")
        return _check_body(_decode_json(bytes(payload), "body"))

    def _prepare(self, body: dict[str, Any]) -> PreparedOperation:
        return self.engine.prepare(body["query"], body.get("operationName"))

    async def _context(self, request: Request, address: str | None) -> Context:
        slug = request.headers.get("x-tenant") or self.runtime.settings.tenant_hosts.get(
            request.url.hostname or ""
        )
        tenant = None
        if slug:
            tenant = await self.runtime.tenants.find_active(slug)
            if tenant is None:
                raise TenantNotFound(f"no active tenant {slug[:80]!r}")
        principal = await self.authenticator.authenticate(request, tenant)
        return Context(
            runtime=self.runtime,
            principal=principal,
            tenant=tenant,
            request_id=request_id_var.get() or "",
            client_address=address,
        )

    async def _run(
        self,
        request: Request,
        prepared: PreparedOperation,
        variables: Any,
        extensions: dict[str, Any],
        address: str | None,
    ) -> Response:
        try:
            context = await self._context(request, address)
            await self._limit_principal(context.principal)
            self.engine.schema.policy.enforce(
                prepared.requirements, context.principal, context.tenant
            )
        except _Throttled as throttled:
            self.metrics.graphql_errors.labels(ErrorCode.RATE_LIMITED.value).inc()
            return throttled.response()
        except RequestRefused as error:
            self.metrics.graphql_errors.labels(error.code.value).inc()
            body = {"data": None, "errors": [refusal(error)], "extensions": extensions}
            return json_response(body)
        if _is_cross_site_cookie_request(request):
            return _error_response(
                403, "cookie-authenticated requests must come from the same site"
            )
        if _is_unmarked_cookie_write(request, prepared):
            return _error_response(
                403, f"cookie-authenticated mutations must send the {CSRF_HEADER} header"
            )
        result = await self.engine.execute(prepared, context, variables)
        payload: dict[str, Any] = {"data": result.data}
        if result.errors:
            errors = [self.engine.format_error(item) for item in result.errors]
            for entry in errors:
                self.metrics.graphql_errors.labels(entry["extensions"]["code"]).inc()
            payload["errors"] = errors
        payload["extensions"] = extensions
        if (
            result.errors
            and result.data is None
            and all("path" not in e for e in payload["errors"])
        ):
            return json_response(payload, 400)
        response = json_response(payload)
        for cookie in context.cookies:
            response.set_cookie(
                cookie.name,
                cookie.value,
                max_age=cookie.max_age,
                path="/",
                secure=True,
                httponly=True,
                samesite="strict",
            )
        return response


def _is_cross_site_cookie_request(request: Request) -> bool:
    """Return whether a cookie-authenticated request came from another site (CSRF)."""
    if not getattr(request.state, "cookie_authenticated", False):
        return False
    return request.headers.get("sec-fetch-site", "") == "cross-site"


def _is_unmarked_cookie_write(request: Request, prepared: PreparedOperation) -> bool:
    """Return whether a cookie-authenticated mutation lacks the CSRF header.

    A cross-site page cannot add a custom header without a CORS preflight; with the JSON-only
    body and the SameSite=Strict cookie, it is the third wall against cross-site writes.
    """
    if not prepared.is_mutation or not getattr(request.state, "cookie_authenticated", False):
        return False
    return not request.headers.get(CSRF_HEADER, "").strip()


def _contains_nul(value: Any) -> bool:
    """Return whether any string in a decoded JSON value holds a NUL (iterative: no depth cap)."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if "\x00" in item:
                return True
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False


def _decode_json(raw: bytes, what: str) -> Any:
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError:
        raise _HTTPProblem(400, f"the {what} is not valid JSON") from None


def _check_body(body: Any) -> dict[str, Any]:
    if isinstance(body, list):
        raise _HTTPProblem(400, "batched requests are not accepted: send one operation")
    if not isinstance(body, dict):
        raise _HTTPProblem(400, "the body must be a JSON object with a `query`")
    if not isinstance(body.get("query"), str) or not body["query"].strip():
        raise _HTTPProblem(400, "`query` must be a non-empty string")
    if body.get("operationName") is not None and not isinstance(body["operationName"], str):
        raise _HTTPProblem(400, "`operationName` must be a string")
    if body.get("variables") is not None and not isinstance(body["variables"], dict):
        raise _HTTPProblem(400, "`variables` must be a JSON object")
    return body
