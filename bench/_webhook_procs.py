"""The webhook benchmark's processes: ``python -m bench._webhook_procs receiver|send``.

- ``receiver``: an aiohttp server on loopback answering 200, or 500 to the 5 % of webhook ids
  whose SHA-256 falls there (the same ids fail for every engine); it writes its port to a file.
- ``send --engine rustok``: the app's :class:`~app.webhooks.runner.WebhookRunner` (claim into
  free slots, open the sealed secret, sign, send, log the attempt, settle) until every queued
  delivery has had its first attempt.
- ``send --engine raw``: the baseline, a bare loop on asyncpg and aiohttp doing the same work
  by hand: claim with ``FOR UPDATE SKIP LOCKED`` into the same number of slots, sign with the
  same library, send, and in one transaction insert the same attempt row and settle.

Each prints one JSON line: attempts, wall seconds, CPU seconds of the sending process.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import hashlib
import json
import sys
import time
import uuid
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import aiohttp
import asyncpg
import orjson
from aiohttp import web
from standardwebhooks import Webhook

from app.ids import new_id
from bench._outbox_db import bench_settings
from bench._outbox_procs import ProcessConfig, WritePlan, _write_all
from bench.outbox_module import item_id, module, touch_item

__all__ = ["fails", "main"]

FAILING_PERCENT = 5
SLOTS = 20
_CHECK_SECONDS = 0.05


def fails(msg_id: str) -> bool:
    """Return whether the receiver answers 500 to this webhook id (5 % of them)."""
    return hashlib.sha256(msg_id.encode()).digest()[0] * 100 < FAILING_PERCENT * 256


# --- receiver ------------------------------------------------------------------------------


async def _receive(port_file: Path) -> None:
    arrivals: list[tuple[int, float]] = []  # (stamp, seconds from the event to its arrival)

    async def hook(request: web.Request) -> web.Response:
        await request.read()
        if fails(request.headers.get("webhook-id", "")):
            return web.Response(status=500, text="failing")
        return web.Response(text="ok")

    async def timed(request: web.Request) -> web.Response:
        arrived = time.time()
        envelope = orjson.loads(await request.read())
        occurred = datetime.fromisoformat(envelope["occurred_at"]).timestamp()
        arrivals.append((envelope["payload"]["stamp"], arrived - occurred))
        return web.Response(text="ok")

    async def stats(_request: web.Request) -> web.Response:
        return web.json_response(arrivals)

    async def reset(_request: web.Request) -> web.Response:
        arrivals.clear()
        return web.Response(text="ok")

    app = web.Application()
    app.router.add_post("/hook", hook)
    app.router.add_post("/timed", timed)
    app.router.add_get("/stats", stats)
    app.router.add_post("/reset", reset)
    runner = web.AppRunner(app, access_log=None, handle_signals=True)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    await asyncio.to_thread(port_file.write_text, str(runner.addresses[0][1]))
    try:
        await asyncio.Event().wait()
    finally:
        await runner.cleanup()


# --- RusToK --------------------------------------------------------------------------------


async def _first_attempts_left(connection: asyncpg.Connection) -> int:
    count: int = await connection.fetchval(
        "SELECT count(*) FROM webhooks_deliveries WHERE last_status IS NULL"
    )
    return count


async def _until_all_tried(url: str) -> None:
    connection = await asyncpg.connect(url)
    try:
        while await _first_attempts_left(connection):  # noqa: ASYNC110 - polls the database
            await asyncio.sleep(_CHECK_SECONDS)
    finally:
        await connection.close()


async def send_rustok(config: ProcessConfig, owner_url: str) -> dict[str, float]:
    """Send with the app's runner until every delivery has had an attempt."""
    from app.bootstrap import build_registry, build_runtime
    from app.webhooks.runner import WebhookRunner, open_sender

    settings = bench_settings(
        config.owner_url, config.runtime_url, event_runner="off", webhook_allow_private=True
    )
    runtime = build_runtime(settings, build_registry(settings, extra_modules=(module,)))
    await runtime.db.ping()
    try:
        async with open_sender(runtime) as sender:
            runner = WebhookRunner(runtime, sender, poll_seconds=0.05, concurrency=SLOTS)
            started, cpu = time.perf_counter(), time.process_time()
            runner.start()
            await _until_all_tried(owner_url)
            seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu
            await runner.stop()
    finally:
        await runtime.db.dispose()
    return {"seconds": seconds, "cpu_seconds": cpu_seconds}


# --- the bare loop -------------------------------------------------------------------------

_CLAIM = """
UPDATE webhooks_deliveries AS d
SET attempts = d.attempts + 1, next_attempt_at = $1
FROM (
    SELECT id FROM webhooks_deliveries
    WHERE state = 'pending' AND next_attempt_at <= $2
    ORDER BY next_attempt_at
    LIMIT $3
    FOR UPDATE SKIP LOCKED
) AS due
WHERE d.id = due.id
RETURNING d.id, d.tenant_id, d.endpoint_id, d.event_id, d.msg_id, d.attempts
"""
_EVENTS = """
SELECT id, tenant_id, type, version, aggregate_type, aggregate_id, sequence, occurred_at,
       actor, payload
FROM core_events WHERE id = ANY($1::uuid[])
"""
_SET_TENANT = "SELECT set_config('app.tenant_id', $1, true)"
_LOG = """
INSERT INTO webhooks_delivery_attempts (
    tenant_id, id, delivery_id, endpoint_id, event_id, attempt, attempted_at, status,
    latency_ms, request_headers, response_body, error
) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, NULL)
"""
_DELIVERED = """
UPDATE webhooks_deliveries SET state = 'delivered', delivered_at = $2, last_status = $3
WHERE id = $1
"""
_RETRY = """
UPDATE webhooks_deliveries SET next_attempt_at = $2, last_status = $3 WHERE id = $1
"""


class _BareLoop:
    """Claims into free slots, sends each claim as a task, settles it in a transaction."""

    def __init__(
        self, pool: asyncpg.Pool, session: aiohttp.ClientSession, url: str, secret: str
    ) -> None:
        self._pool, self._session, self._url = pool, session, url
        self._webhook = Webhook(secret)
        self._sending: set[asyncio.Task[None]] = set()
        self._wake = asyncio.Event()

    def notify(self) -> None:
        self._wake.set()

    async def run(self, done: asyncio.Event) -> None:
        while not done.is_set():
            self._wake.clear()
            free = SLOTS - len(self._sending)
            claimed = await self._claim(free) if free else 0
            if claimed == free and free:
                continue
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), 0.05)
        await asyncio.gather(*self._sending)

    async def _claim(self, free: int) -> int:
        now = datetime.now(UTC)
        async with self._pool.acquire() as connection, connection.transaction():
            rows = await connection.fetch(_CLAIM, now + timedelta(minutes=2), now, free)
            if not rows:
                return 0
            await connection.execute(_SET_TENANT, str(rows[0]["tenant_id"]))
            events = {
                row["id"]: row
                for row in await connection.fetch(_EVENTS, [r["event_id"] for r in rows])
            }
        for row in rows:
            task = asyncio.create_task(self._send(row, events[row["event_id"]]))
            self._sending.add(task)
            task.add_done_callback(self._sent)
        return len(rows)

    def _sent(self, task: asyncio.Task[None]) -> None:
        self._sending.discard(task)
        self._wake.set()

    async def _send(self, claim: Any, event: Any) -> None:
        body = orjson.dumps(
            {
                "id": str(event["id"]),
                "tenant_id": str(event["tenant_id"]),
                "type": event["type"],
                "version": event["version"],
                "aggregate_type": event["aggregate_type"],
                "aggregate_id": event["aggregate_id"],
                "sequence": event["sequence"],
                "occurred_at": event["occurred_at"].isoformat(),
                "actor": event["actor"],
                "payload": orjson.loads(event["payload"]),
            }
        ).decode()
        now = datetime.now(UTC)
        headers = {
            "content-type": "application/json",
            "webhook-id": claim["msg_id"],
            "webhook-timestamp": str(int(now.timestamp())),
            "webhook-signature": self._webhook.sign(claim["msg_id"], now, body),
        }
        started = time.perf_counter()
        async with self._session.post(self._url, data=body.encode(), headers=headers) as answer:
            text = (await answer.content.read(4096)).decode(errors="replace")
            status = answer.status
        latency = round((time.perf_counter() - started) * 1000)
        async with self._pool.acquire() as connection, connection.transaction():
            await connection.execute(_SET_TENANT, str(claim["tenant_id"]))
            await connection.execute(
                _LOG,
                claim["tenant_id"],
                uuid.uuid4(),
                claim["id"],
                claim["endpoint_id"],
                claim["event_id"],
                claim["attempts"],
                now,
                status,
                latency,
                orjson.dumps(headers).decode(),
                text,
            )
            if 200 <= status < 300:
                await connection.execute(_DELIVERED, claim["id"], now, status)
            else:
                await connection.execute(_RETRY, claim["id"], now + timedelta(minutes=1), status)


async def send_raw(
    config: ProcessConfig, owner_url: str, url: str, secret: str
) -> dict[str, float]:
    """Send with the bare loop until every delivery has had an attempt."""
    pool = await asyncpg.create_pool(config.database.plain_url(), min_size=4, max_size=10)
    assert pool is not None
    try:
        async with aiohttp.ClientSession(
            connector=aiohttp.TCPConnector(limit=100), timeout=aiohttp.ClientTimeout(total=15)
        ) as session:
            loop, done = _BareLoop(pool, session, url, secret), asyncio.Event()
            started, cpu = time.perf_counter(), time.process_time()
            sending = asyncio.create_task(loop.run(done))
            await _until_all_tried(owner_url)
            seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu
            done.set()
            await sending
    finally:
        await pool.close()
    return {"seconds": seconds, "cpu_seconds": cpu_seconds}


# --- latency: commit to arrival at a paced rate ------------------------------------------

_WRITE_EVENT = """
INSERT INTO core_events (
    id, tenant_id, type, version, aggregate_type, aggregate_id, sequence, occurred_at, actor,
    payload
) VALUES ($1, $2, 'benchout.item.changed', 1, 'benchout.item', $3, $4, $5, 'system', $6)
"""
_WRITE_DELIVERY = """
INSERT INTO webhooks_deliveries (
    id, tenant_id, endpoint_id, event_id, msg_id, aggregate_key, sequence, state, attempts,
    next_attempt_at, created_at
) VALUES ($1, $2, $3, $4, $5, $6, $7, 'pending', 0, $8, $8)
"""


async def _until_received(stats_url: str, stamps: set[int], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    async with aiohttp.ClientSession() as session:
        while time.monotonic() < deadline:
            async with session.get(stats_url) as answer:
                arrived = {stamp for stamp, _ in await answer.json()}
            if stamps <= arrived:
                return True
            await asyncio.sleep(0.1)
    return False


async def latency_rustok(config: ProcessConfig, plan: WritePlan, stats_url: str) -> dict[str, Any]:
    """The app as the API runs it embedded (outbox drain and webhook runner), written to."""
    from app.asgi import create_app
    from app.auth.principal import SystemPrincipal
    from app.bootstrap import build_registry
    from app.runtime import Context

    settings = bench_settings(
        config.owner_url,
        config.runtime_url,
        webhook_allow_private=True,
        redis_url=config.redis_url,  # set: the API only writes; a `rustok worker` sends
        redis_prefix=config.redis_prefix,
    )
    app = create_app(settings, registry=build_registry(settings, extra_modules=(module,)))
    runtime = app.state.rustok.runtime
    async with app.router.lifespan_context(app):
        tenant = await runtime.tenants.find_active("bench")
        if tenant is None:
            raise RuntimeError("the tenant bench is missing")
        ctx = Context(runtime=runtime, principal=SystemPrincipal(), tenant=tenant)

        async def write(stamp: int, on_commit: Callable[[], None]) -> None:
            await touch_item(ctx, item_id(stamp % plan.items), stamp, on_commit=on_commit)

        records = await _write_all(write, plan)
        stamps = {int(record[0]) for record in records}
        received = await _until_received(stats_url, stamps, plan.drain_timeout)
    return {"writes": len(records), "received": received}


async def latency_raw(
    config: ProcessConfig, plan: WritePlan, stats_url: str, url: str, secret: str, endpoint: str
) -> dict[str, Any]:
    """The bare loop, fed by a writer that inserts the event and its delivery itself."""
    pool = await asyncpg.create_pool(config.database.plain_url(), min_size=4, max_size=40)
    assert pool is not None
    tenant_id, endpoint_id = uuid.UUID(config.tenant_id), uuid.UUID(endpoint)
    try:
        async with aiohttp.ClientSession(
            connector=aiohttp.TCPConnector(limit=100), timeout=aiohttp.ClientTimeout(total=15)
        ) as session:
            loop, done = _BareLoop(pool, session, url, secret), asyncio.Event()
            sending = asyncio.create_task(loop.run(done))

            async def write(stamp: int, on_commit: Callable[[], None]) -> None:
                event_id, aggregate = new_id(), str(item_id(stamp % plan.items))
                now = datetime.now(UTC)
                payload = orjson.dumps({"name": f"item {stamp}", "stamp": stamp}).decode()
                async with pool.acquire() as connection:
                    async with connection.transaction():
                        await connection.execute(_SET_TENANT, str(tenant_id))
                        await connection.execute(
                            _WRITE_EVENT, event_id, tenant_id, aggregate, stamp, now, payload
                        )
                        await connection.execute(
                            _WRITE_DELIVERY,
                            new_id(),
                            tenant_id,
                            endpoint_id,
                            event_id,
                            f"msg_{event_id.hex}_{endpoint_id.hex}",
                            f"benchout.item:{aggregate}",
                            stamp,
                            now,
                        )
                    on_commit()
                loop.notify()

            records = await _write_all(write, plan)
            stamps = {int(record[0]) for record in records}
            received = await _until_received(stats_url, stamps, plan.drain_timeout)
            done.set()
            await sending
    finally:
        await pool.close()
    return {"writes": len(records), "received": received}


# --- command line --------------------------------------------------------------------------


def _parse(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench._webhook_procs", description=__doc__)
    parser.add_argument("command", choices=["receiver", "send", "latency"])
    parser.add_argument("--config", type=Path)
    parser.add_argument("--engine", choices=["rustok", "raw"], default="rustok")
    parser.add_argument("--port-file", type=Path)
    parser.add_argument("--url", default="")
    parser.add_argument("--secret", default="")
    parser.add_argument("--endpoint", default="")
    parser.add_argument("--stats-url", default="")
    parser.add_argument("--rate", type=float, default=500.0)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--items", type=int, default=1000)
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> None:
    """Run the command named on the command line."""
    arguments = _parse(argv)
    if arguments.command == "receiver":
        with contextlib.suppress(KeyboardInterrupt):
            asyncio.run(_receive(arguments.port_file))
        return
    config = ProcessConfig.load(arguments.config)
    owner_url = config.database.plain_url(owner=True)
    if arguments.command == "latency":
        plan = WritePlan(
            rate=arguments.rate,
            seconds=arguments.seconds,
            warmup=1.0,
            first=1,
            items=arguments.items,
            concurrency=32,
            drain_timeout=300.0,  # behind at 500/s on small machines: report, do not fail
        )
        if arguments.engine == "rustok":
            measured = asyncio.run(latency_rustok(config, plan, arguments.stats_url))
        else:
            measured = asyncio.run(
                latency_raw(
                    config,
                    plan,
                    arguments.stats_url,
                    arguments.url,
                    arguments.secret,
                    arguments.endpoint,
                )
            )
        print(json.dumps(measured), flush=True)
        return
    if arguments.engine == "rustok":
        result = asyncio.run(send_rustok(config, owner_url))
    else:
        result = asyncio.run(send_raw(config, owner_url, arguments.url, arguments.secret))
    print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
    sys.exit(0)
