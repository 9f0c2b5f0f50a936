"""Modules' public routes under ``/t/<tenant>/``: one gate for tenant, module, credential, CSRF.

A module declares :class:`~app.registry.TenantRoute` objects; :func:`tenant_routes` turns them
into Starlette routes whose handler resolves the tenant, refuses a disabled module,
authenticates, checks the route's permission and, for unsafe methods authenticated by the
admin's cookie, demands the ``X-RusToK-CSRF`` header (a custom header a cross-site form cannot
send without a CORS preflight) and a same-site ``Sec-Fetch-Site``. Errors are JSON bodies
``{"error": {"code", "message", "field"}}`` with an HTTP status that fits the code.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

import orjson
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from app.errors import (
    ErrorCode,
    ModuleDisabled,
    PermissionDenied,
    RustokError,
    TenantNotFound,
    Unauthenticated,
)
from app.runtime import Context

if TYPE_CHECKING:
    from app.auth.authenticator import Authenticator
    from app.registry import Module, TenantRoute
    from app.runtime import Runtime

__all__ = ["CSRF_HEADER", "RouteEndpoint", "error_response", "tenant_routes"]

logger = logging.getLogger(__name__)

RouteEndpoint = Callable[[Request, Context], Awaitable[Response]]
CSRF_HEADER = "x-rustok-csrf"
_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
_STATUS = {
    ErrorCode.UNAUTHENTICATED: 401,
    ErrorCode.PERMISSION_DENIED: 403,
    ErrorCode.TENANT_NOT_FOUND: 404,
    ErrorCode.MODULE_DISABLED: 404,
    ErrorCode.NOT_FOUND: 404,
    ErrorCode.CONFLICT: 409,
    ErrorCode.INSUFFICIENT_STOCK: 409,
    ErrorCode.PAYMENT_FAILED: 402,
    ErrorCode.VALIDATION: 422,
    ErrorCode.RATE_LIMITED: 429,
    ErrorCode.BAD_REQUEST: 400,
}


def error_response(error: RustokError, status: int | None = None) -> Response:
    """Return ``error`` as a JSON body with the status its code calls for (or ``status``)."""
    body = {"error": {"code": error.code.value, "message": error.message, "field": error.field}}
    return Response(
        orjson.dumps(body),
        status or _STATUS.get(error.code, 400),
        media_type="application/json",
    )


def tenant_routes(
    runtime: Runtime, authenticator: Authenticator, modules: list[Module]
) -> list[Route]:
    """Return a Starlette route for every module route, each behind the one gate."""
    return [
        Route(
            f"/t/{{tenant}}/{route.path}",
            _gate(runtime, authenticator, module.name, route),
            methods=list(route.methods),
            name=route.name,
        )
        for module in modules
        for route in module.routes
    ]


def _gate(
    runtime: Runtime, authenticator: Authenticator, module: str, route: TenantRoute
) -> Callable[[Request], Awaitable[Response]]:
    async def handle(request: Request) -> Response:
        try:
            ctx = await _admit(runtime, authenticator, module, route, request)
            return await route.endpoint(request, ctx)
        except RustokError as error:
            return error_response(error)
        except Exception:
            incident = secrets.token_hex(8)
            logger.exception("route %s failed (incident %s)", route.name, incident)
            body = {"error": {"code": "INTERNAL", "message": f"internal error {incident}"}}
            return Response(orjson.dumps(body), 500, media_type="application/json")

    return handle


async def _admit(
    runtime: Runtime,
    authenticator: Authenticator,
    module: str,
    route: TenantRoute,
    request: Request,
) -> Context:
    slug = str(request.path_params["tenant"])
    tenant = await runtime.tenants.find_active(slug)
    if tenant is None:
        raise TenantNotFound(f"no active tenant {slug[:80]!r}")
    if module not in tenant.enabled_modules or runtime.registry.find(module) is None:
        raise ModuleDisabled(f"module {module!r} is not enabled for this tenant")
    principal = await authenticator.authenticate(request, tenant)
    if request.method not in _SAFE_METHODS and getattr(
        request.state, "cookie_authenticated", False
    ):
        _check_csrf(request)
    if route.permission is not None and not principal.has_permission(route.permission, tenant.id):
        if not principal.is_authenticated:
            raise Unauthenticated(f"sign in: this route needs {route.permission.name}")
        raise PermissionDenied(f"this route needs the permission {route.permission.name}")
    client = request.client.host if request.client else None
    return Context(runtime=runtime, principal=principal, tenant=tenant, client_address=client)


def _check_csrf(request: Request) -> None:
    if request.headers.get("sec-fetch-site", "") == "cross-site":
        raise PermissionDenied("cookie-authenticated requests must come from the same site")
    if not request.headers.get(CSRF_HEADER, "").strip():
        raise PermissionDenied(f"cookie-authenticated writes must send the {CSRF_HEADER} header")
