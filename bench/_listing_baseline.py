"""The listing benchmark's baseline: a hand-written Starlette + asyncpg endpoint.

``python -m bench._listing_baseline --port N`` serves ``GET /listing?first=N`` (tenant slug in
the ``X-Tenant`` header) from the same read tables as the API, with the same runtime role
(``RUSTOK_DATABASE_URL``; row-level security applies) and the same JSON as the GraphQL
answer: ``{"data": {"<rootField>": {"edges": [{"node": {...}}, ...]}}}``.

What a competent hand-written endpoint does: its own small asyncpg pool (asyncpg's defaults
otherwise), the tenant's id looked up by slug and cached for 2 s like the API's tenant cache,
one read-only transaction per request scoped with ``set_config('app.tenant_id', ..., true)``
(``SET LOCAL``), one statement for the page with its categories and tags, orjson for the
answer. The listing's scope (the site's locale, or the catalog's currency) and the listing are
configuration (``BENCH_LISTING_SCOPE``,
``BENCH_LISTING_CASE``: a name of ``bench._listing_case.CASES``). It imports nothing of RusToK.
"""

from __future__ import annotations

import argparse
import base64
import os
import time
import uuid
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from datetime import datetime
from typing import Any

from starlette.types import ASGIApp

from bench._listing_case import BLOG_POSTS, CASES, ListingCase
from bench._server import serve

__all__ = [
    "CASE_VARIABLE",
    "SCOPE_VARIABLE",
    "baseline_pool",
    "build_app",
    "main",
    "plain_dsn",
]

SCOPE_VARIABLE = "BENCH_LISTING_SCOPE"
CASE_VARIABLE = "BENCH_LISTING_CASE"
_POOL_MIN, _POOL_MAX = 2, 10  # the API's pool holds up to database_pool_size = 10
_TENANT_SECONDS = 2.0
_MAX_FIRST = 100
_TENANT_SQL = "SELECT id FROM core_tenants WHERE slug = $1 AND status = 'active'"
_SET_TENANT = "SELECT set_config('app.tenant_id', $1, true)"


def plain_dsn(url: str) -> str:
    """Return a SQLAlchemy URL (``postgresql+asyncpg://``) as an asyncpg DSN."""
    scheme, separator, rest = url.partition("://")
    return f"{scheme.partition('+')[0]}{separator}{rest}"


def _shape(prefix: str, row: Any) -> dict[str, Any]:
    """Return one row as a node: ``id`` as a global ID, timestamps in ISO 8601."""
    shaped: dict[str, Any] = {}
    for key, value in row.items():
        if key == "id":
            shaped[key] = base64.b64encode(f"{prefix}{value}".encode()).decode()
        elif isinstance(value, datetime):
            shaped[key] = value.isoformat()
        else:
            shaped[key] = value
    return shaped


class _Listing:
    """The endpoint's state: the pool, the tenant cache, what it lists."""

    def __init__(self, case: ListingCase, scope: str) -> None:
        self.case = case
        self.scope = scope
        self.prefix = f"{case.node_type}:"
        self.pool: Any = None
        self.tenants: dict[str, tuple[float, uuid.UUID | None]] = {}

    async def tenant_id(self, slug: str) -> uuid.UUID | None:
        """Return the active tenant's id by slug, cached for 2 s."""
        now = time.monotonic()
        cached = self.tenants.get(slug)
        if cached is not None and cached[0] > now:
            return cached[1]
        found: uuid.UUID | None = await self.pool.fetchval(_TENANT_SQL, slug)
        self.tenants[slug] = (now + _TENANT_SECONDS, found)
        return found

    async def page(self, tenant: uuid.UUID, first: int) -> bytes:
        """Return the answer's JSON for one page."""
        import orjson

        async with self.pool.acquire() as connection, connection.transaction(readonly=True):
            await connection.execute(_SET_TENANT, str(tenant))
            rows = await connection.fetch(self.case.sql, tenant, self.scope, first)
        edges = [{"node": _shape(self.prefix, row)} for row in rows]
        return orjson.dumps({"data": {self.case.root_field: {"edges": edges}}})


@asynccontextmanager
async def baseline_pool(dsn: str) -> AsyncIterator[Any]:
    """Yield an asyncpg pool of 2 to 10 connections (the API's size) decoding JSON with orjson."""
    import asyncpg
    import orjson

    async def init(connection: asyncpg.Connection) -> None:
        await connection.set_type_codec(
            "json",
            schema="pg_catalog",
            encoder=lambda value: orjson.dumps(value).decode(),
            decoder=orjson.loads,
        )

    pool = await asyncpg.create_pool(dsn, min_size=_POOL_MIN, max_size=_POOL_MAX, init=init)
    try:
        yield pool
    finally:
        await pool.close()


def build_app(
    dsn: str,
    scope: str,
    case: ListingCase = BLOG_POSTS,
) -> ASGIApp:
    """Return the Starlette app serving ``case`` in ``scope`` from the database ``dsn``."""
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import JSONResponse, Response
    from starlette.routing import Route

    listing = _Listing(case, scope)

    @asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        async with baseline_pool(dsn) as listing.pool:
            yield

    async def endpoint(request: Request) -> Response:
        try:
            first = int(request.query_params.get("first", "20"))
        except ValueError:
            first = -1
        if not 0 <= first <= _MAX_FIRST:
            return JSONResponse({"error": f"first is 0-{_MAX_FIRST}"}, 400)
        tenant = await listing.tenant_id(request.headers.get("x-tenant", ""))
        if tenant is None:
            return JSONResponse({"error": "no such tenant"}, 404)
        return Response(await listing.page(tenant, first), media_type="application/json")

    async def livez(_request: Request) -> Response:
        return JSONResponse({"status": "pass"})

    return Starlette(
        routes=[Route("/listing", endpoint), Route("/livez", livez)], lifespan=lifespan
    )


def main(argv: Sequence[str] | None = None) -> None:
    """Serve the baseline on loopback until interrupted (uvicorn as for every bench server)."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, required=True)
    arguments = parser.parse_args(argv)
    case = CASES[os.environ.get(CASE_VARIABLE, BLOG_POSTS.name)]
    app = build_app(plain_dsn(os.environ["RUSTOK_DATABASE_URL"]), os.environ[SCOPE_VARIABLE], case)

    serve(app, arguments.port)


if __name__ == "__main__":
    main()
