"""The HTTP face of GraphQL: POST JSON (and GET for queries) on ``/graphql``.

Malformed requests get clean 4xx answers: a body that is not JSON 400, another content type
415, a mutation over GET 405, an oversized body 413. Refusals (tenant, module, permission)
are top-level GraphQL errors: the operation did not run.
"""

from __future__ import annotations

from typing import Any

import orjson
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from app.auth.authenticator import Authenticator
from app.errors import ErrorCode, RequestRefused, TenantNotFound
from app.graphql.execution import GraphQLEngine, PreparedOperation, RequestError, refusal
from app.logs import request_id_var
from app.metrics import Metrics
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

    async def __call__(self, request: Request) -> Response:
        """Answer one HTTP request to ``/graphql``."""
        try:
            if request.method == "GET" and "query" not in request.query_params:
                return self._ide()
            body = await self._read(request)
            prepared = self._prepare(body)
            if request.method == "GET" and prepared.is_mutation:
                raise _HTTPProblem(405, "mutations need POST", {"Allow": "POST"})
        except _HTTPProblem as problem:
            self.metrics.graphql_errors.labels(ErrorCode.BAD_REQUEST.value).inc()
            return _error_response(problem.status, problem.message, problem.headers)
        except RequestError as error:
            self.metrics.graphql_errors.labels(ErrorCode.BAD_REQUEST.value).inc()
            return json_response({"errors": error.errors}, 400)
        return await self._run(request, prepared, body.get("variables"))

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

    async def _context(self, request: Request) -> Context:
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
        )

    async def _run(self, request: Request, prepared: PreparedOperation, variables: Any) -> Response:
        try:
            context = await self._context(request)
            self.engine.schema.policy.enforce(
                prepared.requirements, context.principal, context.tenant
            )
        except RequestRefused as error:
            self.metrics.graphql_errors.labels(error.code.value).inc()
            return json_response({"data": None, "errors": [refusal(error)]})
        if _is_cross_site_cookie_request(request):
            return _error_response(
                403, "cookie-authenticated requests must come from the same site"
            )
        result = await self.engine.execute(prepared, context, variables)
        payload: dict[str, Any] = {"data": result.data}
        if result.errors:
            errors = [self.engine.format_error(item) for item in result.errors]
            for entry in errors:
                self.metrics.graphql_errors.labels(entry["extensions"]["code"]).inc()
            payload["errors"] = errors
            if result.data is None and all("path" not in entry for entry in errors):
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
