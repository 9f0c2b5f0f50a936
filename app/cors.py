"""CORS: which browser origins may call the API, globally and per tenant.

``RUSTOK_CORS_ORIGINS`` lists origins allowed for every tenant; ``RUSTOK_TENANT_CORS`` (JSON,
``{"acme": ["https://shop.acme.example"]}``) adds origins per tenant slug. A listed origin is
echoed back with ``Access-Control-Allow-Credentials: true``; ``*`` in the global list lets any
origin read responses, but never with credentials. An unlisted origin gets no CORS header at
all, so the browser keeps the response from it.

The tenant of a request is its ``X-Tenant`` header, its host (``RUSTOK_TENANT_HOSTS``) or its
``/t/<tenant>/`` path. A preflight cannot carry the header's value, so a preflight without a
host or path tenant is answered for an origin listed globally or for any tenant; the actual
request then gets CORS headers only if its origin is allowed for its own tenant. Cookies stay
SameSite=Strict and cross-site cookie requests are refused (app.graphql.view), so CORS never
lends a browser's session to another site.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.config import Settings

__all__ = ["CORSMiddleware", "CORSPolicy"]

_ALLOW_METHODS = b"GET, POST"
_ALLOW_HEADERS = b"authorization, content-type, x-tenant, x-request-id"
_EXPOSE_HEADERS = b"retry-after, x-request-id"
_MAX_AGE = b"600"


@dataclass(frozen=True, slots=True)
class CORSPolicy:
    """The allowed origins, global and per tenant slug."""

    origins: frozenset[str]
    tenant_origins: Mapping[str, frozenset[str]]
    any_origin: bool = False
    tenant_hosts: Mapping[str, str] | None = None

    @classmethod
    def from_settings(cls, settings: Settings) -> CORSPolicy:
        """Return the policy configured by ``RUSTOK_CORS_ORIGINS`` and ``RUSTOK_TENANT_CORS``."""
        return cls(
            origins=frozenset(origin for origin in settings.cors_origins if origin != "*"),
            tenant_origins={
                slug: frozenset(origin for origin in origins if origin != "*")
                for slug, origins in settings.tenant_cors.items()
            },
            any_origin="*" in settings.cors_origins,
            tenant_hosts=settings.tenant_hosts,
        )

    @property
    def is_enabled(self) -> bool:
        """Return whether any origin is allowed at all."""
        return self.any_origin or bool(self.origins) or any(self.tenant_origins.values())

    def is_listed(self, origin: str, tenant: str | None) -> bool:
        """Return whether ``origin`` is listed for ``tenant`` (None: for any tenant)."""
        if origin in self.origins:
            return True
        if tenant is not None:
            return origin in self.tenant_origins.get(tenant, frozenset())
        return any(origin in listed for listed in self.tenant_origins.values())

    def tenant_of(self, scope: Scope, *, from_header: bool) -> str | None:
        """Return the tenant a request names, if it names one."""
        headers = _Headers(scope)
        if from_header and headers.get(b"x-tenant"):
            return headers.get(b"x-tenant")
        host = headers.get(b"host").rsplit(":", 1)[0].lower()
        if self.tenant_hosts and host in self.tenant_hosts:
            return self.tenant_hosts[host]
        path: str = scope.get("path", "")
        if path.startswith("/t/"):
            return path[3:].split("/", 1)[0] or None
        return None


class _Headers:
    def __init__(self, scope: Scope) -> None:
        self._raw: Sequence[tuple[bytes, bytes]] = scope.get("headers", ())

    def get(self, name: bytes) -> str:
        for key, value in self._raw:
            if key == name:
                return str(value.decode("latin-1"))
        return ""


class CORSMiddleware:
    """Answers preflights and adds CORS headers to responses for allowed origins."""

    def __init__(self, app: ASGIApp, policy: CORSPolicy) -> None:
        self.app = app
        self.policy = policy

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Handle one request."""
        origin = _Headers(scope).get(b"origin") if scope["type"] == "http" else ""
        if not origin or not self.policy.is_enabled:
            await self.app(scope, receive, send)
            return
        origin = origin.lower()
        headers = _Headers(scope)
        if scope["method"] == "OPTIONS" and headers.get(b"access-control-request-method"):
            await self._preflight(scope, origin, send)
            return
        tenant = self.policy.tenant_of(scope, from_header=True)
        allowed = self._grant(origin, tenant)

        async def send_with_cors(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *allowed]
            await send(message)

        await self.app(scope, receive, send_with_cors)

    def _grant(self, origin: str, tenant: str | None) -> list[tuple[bytes, bytes]]:
        headers = [(b"vary", b"Origin")]
        if self.policy.is_listed(origin, tenant):
            headers += [
                (b"access-control-allow-origin", origin.encode("latin-1")),
                (b"access-control-allow-credentials", b"true"),
                (b"access-control-expose-headers", _EXPOSE_HEADERS),
            ]
        elif self.policy.any_origin:
            headers += [
                (b"access-control-allow-origin", b"*"),
                (b"access-control-expose-headers", _EXPOSE_HEADERS),
            ]
        return headers

    async def _preflight(self, scope: Scope, origin: str, send: Send) -> None:
        granted = self._grant(origin, self.policy.tenant_of(scope, from_header=False))
        status = 204 if len(granted) > 1 else 403
        headers = granted
        if status == 204:
            headers += [
                (b"access-control-allow-methods", _ALLOW_METHODS),
                (b"access-control-allow-headers", _ALLOW_HEADERS),
                (b"access-control-max-age", _MAX_AGE),
            ]
        body = b"" if status == 204 else b"CORS: this origin is not allowed"
        headers.append((b"content-length", str(len(body)).encode()))
        if body:
            headers.append((b"content-type", b"text/plain; charset=utf-8"))
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body})
