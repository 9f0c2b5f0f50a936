"""The checkout benchmark's baseline: a hand-written Starlette + asyncpg checkout endpoint.

``python -m bench._checkout_baseline --port N`` serves ``POST /checkout`` with the JSON body
``{"token": ..., "idempotencyKey": ...}`` (tenant slug in ``X-Tenant``), with the runtime role
(``RUSTOK_DATABASE_URL``; row-level security applies). In one transaction it locks the cart by
its token's hash, refuses a reused key or a completed cart, reads the lines with their
products and current prices, reserves each line's stock with a conditional update (levels in
variant order, so never a deadlock), takes the next order number, and writes the order, its
lines, one movement and one reservation per line, the expiry job, the completed cart and the
outbox (``commerce.order.placed`` and one ``commerce.stock.changed`` per line, each with its
aggregate's sequence and one delivery per subscriber): ``bench/_checkout_sql.py``. It answers
what the GraphQL selection asks: ``{"data": {"checkoutComplete": {"orderToken", "order":
{"number", "total"}, "errors": []}}}``. What it leaves out is RusToK's generality: tax classes
and rates, shipping zones, the settings document, the product share locks, the ORM.

Configuration (``BENCH_CHECKOUT``, JSON): the warehouse, the order number start, and per event
type its aggregate type and subscribers (read from a checkout the API made). It imports
nothing of RusToK.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import os
import time
import uuid
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

from starlette.types import ASGIApp

from bench import _checkout_sql as sql
from bench._listing_baseline import baseline_pool, plain_dsn
from bench._server import serve

__all__ = ["CONFIG_VARIABLE", "build_app", "main"]

CONFIG_VARIABLE = "BENCH_CHECKOUT"
_TENANT_SECONDS = 2.0
_TTL = timedelta(minutes=30)
ORDER_PLACED, STOCK_CHANGED = "commerce.order.placed", "commerce.stock.changed"


class Refused(Exception):
    """A checkout the endpoint refuses: its code, field and message."""


def _order_token(cart_token: str, key: str) -> str:
    digest = hashlib.sha256(f"rustok.commerce.order\0{key}\0{cart_token}".encode()).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


class _Checkout:
    """The endpoint's state: the pool, the tenant cache, the configuration."""

    def __init__(self, config: dict[str, Any]) -> None:
        from uuid_utils.compat import uuid7

        self.new_id = uuid7
        self.warehouse = uuid.UUID(config["warehouse"])
        self.start = int(config["order_number_start"])
        self.events: dict[str, dict[str, Any]] = config["events"]
        self.pool: Any = None
        self.tenants: dict[str, tuple[float, uuid.UUID | None]] = {}

    async def tenant_id(self, slug: str) -> uuid.UUID | None:
        """Return the active tenant's id by slug, cached for 2 s."""
        now = time.monotonic()
        cached = self.tenants.get(slug)
        if cached is not None and cached[0] > now:
            return cached[1]
        found: uuid.UUID | None = await self.pool.fetchval(sql.TENANT, slug)
        self.tenants[slug] = (now + _TENANT_SECONDS, found)
        return found

    async def complete(self, tenant: uuid.UUID, token: str, key: str) -> dict[str, Any]:
        """Place the cart's order in one transaction; return the payload."""
        async with self.pool.acquire() as db, db.transaction():
            await db.execute(sql.SET_TENANT, str(tenant))
            token_hash = hashlib.sha256(token.encode()).hexdigest()
            cart = await db.fetchrow(sql.LOCK_CART, tenant, token_hash)
            if cart is None:
                raise Refused("NOT_FOUND", "token", "no cart has this token")
            if await db.fetchval(sql.ORDER_BY_KEY, tenant, key) is not None:
                raise Refused("CONFLICT", "idempotencyKey", "this key placed an order")
            if cart["status"] != "open":
                raise Refused("CONFLICT", "token", "this cart already became an order")
            lines = await db.fetch(sql.LINES, tenant, cart["id"], cart["currency"])
            if not lines:
                raise Refused("VALIDATION", "token", "the cart is empty")
            return await self._place(db, tenant, cart, lines, token, key)

    async def _place(
        self, db: Any, tenant: uuid.UUID, cart: Any, lines: list[Any], token: str, key: str
    ) -> dict[str, Any]:
        now, order_id = datetime.now(UTC), self.new_id()
        for line in sorted(lines, key=lambda row: row["variant_id"]):
            available = await db.fetchval(
                sql.RESERVE, tenant, line["variant_id"], self.warehouse, line["quantity"], now
            )
            if available is None:
                raise Refused("INSUFFICIENT_STOCK", "lines.quantity", "not enough in stock")
        variants = [line["variant_id"] for line in lines]
        quantities = [line["quantity"] for line in lines]
        movements = [self.new_id() for _ in lines]
        await db.execute(
            sql.MOVEMENTS, tenant, self.warehouse, order_id, now, movements, variants, quantities
        )
        number = str(await db.fetchval(sql.COUNTER, tenant, self.start, now))
        order_token = _order_token(token, key)
        total = sum(line["amount"] * line["quantity"] for line in lines)
        token_hash = hashlib.sha256(order_token.encode()).hexdigest()
        await db.execute(
            sql.ORDER, tenant, order_id, number, cart["id"], cart["customer_id"],
            cart["email"], token_hash, cart["currency"], total, key, now,
        )  # fmt: skip
        await db.execute(
            sql.ORDER_LINES, tenant, order_id, now, [self.new_id() for _ in lines], variants,
            [line["product_id"] for line in lines], [line["sku"] for line in lines],
            [line["name"] for line in lines], [line["title"] for line in lines], quantities,
            [line["amount"] for line in lines],
        )  # fmt: skip
        reservations = [self.new_id() for _ in lines]
        await db.execute(
            sql.RESERVATIONS, tenant, order_id, self.warehouse, now + _TTL, now, reservations,
            variants, quantities,
        )  # fmt: skip
        args = {"order_id": str(order_id)}
        await db.execute(sql.JOB, self.new_id(), str(order_id), tenant, now + _TTL, args, now)
        await db.execute(sql.COMPLETE_CART, tenant, cart["id"], now)
        await self._emit(db, tenant, ORDER_PLACED, order_id, now, {"order_id": str(order_id)})
        for line in lines:
            payload = {"variant_id": str(line["variant_id"]), "reason": "reservation"}
            await self._emit(db, tenant, STOCK_CHANGED, line["variant_id"], now, payload)
        currency = cart["currency"]
        order = {"number": number, "total": {"amount": total, "currency": currency}}
        return {"orderToken": order_token, "order": order, "errors": []}

    async def _emit(
        self, db: Any, tenant: uuid.UUID, name: str, aggregate: Any, now: datetime, payload: Any
    ) -> None:
        kind = self.events[name]
        aggregate_type, aggregate_id = kind["aggregate_type"], str(aggregate)
        sequence = await db.fetchval(sql.SEQUENCE, tenant, aggregate_type, aggregate_id)
        event_id = self.new_id()
        await db.execute(
            sql.EVENT, event_id, tenant, name, aggregate_type, aggregate_id, sequence, now, payload
        )
        aggregate_key = f"{tenant}:{aggregate_type}:{aggregate_id}"
        await db.execute(
            sql.DELIVERIES, event_id, tenant, aggregate_key, sequence, now, kind["subscribers"]
        )


def build_app(dsn: str, config: dict[str, Any]) -> ASGIApp:
    """Return the Starlette app placing orders in the database ``dsn``."""
    import orjson
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import JSONResponse, Response
    from starlette.routing import Route

    checkout = _Checkout(config)

    @asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        async with baseline_pool(dsn) as checkout.pool:
            yield

    async def endpoint(request: Request) -> Response:
        body = orjson.loads(await request.body())
        tenant = await checkout.tenant_id(request.headers.get("x-tenant", ""))
        if tenant is None:
            return JSONResponse({"error": "no such tenant"}, 404)
        try:
            payload = await checkout.complete(tenant, body["token"], body["idempotencyKey"])
        except Refused as refused:
            code, field, message = refused.args
            error = {"code": code, "field": field, "message": message}
            payload = {"orderToken": None, "order": None, "errors": [error]}
        answer = {"data": {"checkoutComplete": payload}}
        return Response(orjson.dumps(answer), media_type="application/json")

    async def livez(_request: Request) -> Response:
        return JSONResponse({"status": "pass"})

    return Starlette(
        routes=[Route("/checkout", endpoint, methods=["POST"]), Route("/livez", livez)],
        lifespan=lifespan,
    )


def main(argv: Sequence[str] | None = None) -> None:
    """Serve the baseline on loopback until interrupted (uvicorn as for every bench server)."""
    import orjson

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, required=True)
    arguments = parser.parse_args(argv)
    config = orjson.loads(os.environ[CONFIG_VARIABLE])
    app = build_app(plain_dsn(os.environ["RUSTOK_DATABASE_URL"]), config)
    serve(app, arguments.port)


if __name__ == "__main__":
    main()
