"""The freshness baseline: the same writes and the same effects, hand-written on the drivers.

A write is one transaction with what ``touch_item`` and ``emit`` write (the item's UPDATE, the
aggregate's sequence, the event, one delivery each to ``core.audit`` and ``benchout.listing``);
the drain claims 100 deliveries, inserts the audit rows and refreshes the listing rows in one
statement each, marks the batch delivered and commits. What the raw pipeline leaves out is
RusToK's own work: the ORM and SQLAlchemy, the per-aggregate order check, receipts of
positions, module checks, jobs between drains.

Wake-ups as in the product: in the writing process after each commit (embedded), or a Redis
push that a separate drainer process blocks on (the arq worker's counterpart). On SQLite, one
connection behind an ``asyncio.Lock`` carries every write, as a single-writer database wants.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
import uuid
from collections import defaultdict
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Any

import aiosqlite
import asyncpg
import orjson
from redis.asyncio import Redis

from app.events.wake import RedisWaker, wake_key
from app.ids import new_id
from bench._outbox_db import aggregate_key, aggregate_of
from bench._outbox_sql import DELIVERIES as _PG_DELIVERIES
from bench._outbox_sql import SEQUENCE as _PG_SEQUENCE
from bench.outbox_module import ITEM_CHANGED, LISTING, item_id

__all__ = ["WriteFunction", "raw_drainer", "raw_pipeline"]

BATCH_SIZE = 100
POLL_SECONDS = 1.0
AUDIT = "core.audit"
WriteFunction = Callable[[int, Callable[[], None]], Awaitable[None]]

_AGGREGATE_TYPE = ITEM_CHANGED.aggregate_type
_SUBSCRIBERS = (AUDIT, LISTING.name)

_PG_UPDATE_ITEM = """
UPDATE benchout_items SET name = $3, stamp = $4, updated_at = $5 WHERE tenant_id = $1 AND id = $2
"""
_PG_EVENT = """
INSERT INTO core_events
(id, tenant_id, type, version, aggregate_type, aggregate_id, sequence, occurred_at, actor, payload)
VALUES ($1, $2, $3, 1, $4, $5, $6, $7, 'system', $8)
"""
_PG_CLAIM = """
SELECT event_id, subscriber, tenant_id, aggregate_key
FROM core_event_deliveries
WHERE state = 'pending' AND next_attempt_at <= $1
ORDER BY event_id
LIMIT $2
FOR UPDATE SKIP LOCKED
"""
_PG_AUDIT = """
INSERT INTO core_audit_log
(tenant_id, event_id, occurred_at, type, actor, aggregate_type, aggregate_id)
SELECT tenant_id, id, occurred_at, type, actor, aggregate_type, aggregate_id
FROM core_events WHERE tenant_id = $1 AND id = ANY($2::uuid[])
ON CONFLICT DO NOTHING
"""
_PG_UPSERT = """
INSERT INTO idx_benchout_listing (tenant_id, item_id, name, stamp, updated_at)
SELECT tenant_id, id, name, stamp, updated_at
FROM benchout_items
WHERE tenant_id = $1 AND id = ANY($2::uuid[])
ON CONFLICT (tenant_id, item_id) DO UPDATE
SET name = excluded.name, stamp = excluded.stamp, updated_at = excluded.updated_at
"""
_PG_SETTLE = """
UPDATE core_event_deliveries
SET state = 'delivered', delivered_at = $3, attempts = attempts + 1, last_error = NULL
WHERE (event_id, subscriber) IN (SELECT * FROM unnest($1::uuid[], $2::text[]))
"""
_SQLITE_DELIVERY = """
INSERT INTO core_event_deliveries
(event_id, subscriber, tenant_id, aggregate_key, sequence, state, attempts, next_attempt_at,
 created_at)
VALUES (?, ?, ?, ?, ?, 'pending', 0, ?, ?)
"""
# Per subscriber: SQLite plans ``(event_id, subscriber) IN (...)`` as a full table scan.
_SQLITE_SETTLE = """
UPDATE core_event_deliveries
SET state = 'delivered', delivered_at = ?, attempts = attempts + 1, last_error = NULL
WHERE subscriber = ? AND event_id IN ({marks})
"""


def _sqlite(statement: str) -> str:
    """Return a PostgreSQL statement of this module with ``?`` placeholders (in order)."""
    for number in range(9, 0, -1):
        statement = statement.replace(f"${number}", "?")
    return statement


def _sqlite_time(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


@asynccontextmanager
async def raw_pipeline(
    kind: str, url: str, tenant_id: uuid.UUID, items: int, redis_url: str, redis_prefix: str
) -> AsyncIterator[WriteFunction]:
    """Yield the write function; without Redis, a drain task in this process is woken by it."""
    wake = asyncio.Event()
    waker = RedisWaker(redis_url, redis_prefix) if redis_url else None

    def woken() -> None:
        if waker is not None:
            waker.notify()
        else:
            wake.set()

    stack = contextlib.AsyncExitStack()
    async with stack:
        if kind == "postgres":
            pool = await asyncpg.create_pool(url, min_size=4, max_size=20)
            stack.push_async_callback(pool.close)
            write = _pg_writer(pool, tenant_id, items, woken)
            drain: Callable[[], Awaitable[int]] | None = None
            if waker is None:
                connection = await asyncpg.connect(url)
                stack.push_async_callback(connection.close)

                async def drain_pg() -> int:
                    return await _pg_batch(connection)

                drain = drain_pg
        else:
            connection_sqlite = await _sqlite_connect(url)
            stack.push_async_callback(connection_sqlite.close)
            lock = asyncio.Lock()
            write = _sqlite_writer(connection_sqlite, lock, tenant_id, items, woken)

            async def drain_sqlite() -> int:
                async with lock:
                    return await _sqlite_transaction(connection_sqlite, _sqlite_batch)

            drain = drain_sqlite
        if waker is not None:
            stack.push_async_callback(waker.close)
        if drain is not None:
            stop = asyncio.Event()
            task = asyncio.create_task(_drain_when_woken(drain, wake, stop))
            stack.push_async_callback(_stop_task, task, stop, wake)
        yield write


async def _stop_task(task: asyncio.Task[None], stop: asyncio.Event, wake: asyncio.Event) -> None:
    stop.set()
    wake.set()
    await task


async def _drain_when_woken(
    drain: Callable[[], Awaitable[int]], wake: asyncio.Event, stop: asyncio.Event
) -> None:
    while not stop.is_set():
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(wake.wait(), POLL_SECONDS)
        wake.clear()
        while await drain() == BATCH_SIZE:
            pass


def _pg_writer(
    pool: asyncpg.Pool, tenant_id: uuid.UUID, items: int, woken: Callable[[], None]
) -> WriteFunction:
    async def write(stamp: int, on_commit: Callable[[], None]) -> None:
        item = item_id(stamp % items)
        aggregate, now = str(item), datetime.now(UTC)
        payload = orjson.dumps({"name": f"item {stamp}", "stamp": stamp}).decode()
        async with pool.acquire() as connection:
            async with connection.transaction():
                await connection.execute(
                    "SELECT set_config('app.tenant_id', $1, true)", str(tenant_id)
                )
                await connection.execute(
                    _PG_UPDATE_ITEM, tenant_id, item, f"item {stamp}", stamp, now
                )
                sequence = await connection.fetchval(
                    _PG_SEQUENCE, tenant_id, _AGGREGATE_TYPE, aggregate
                )
                event = new_id()
                await connection.execute(
                    _PG_EVENT,
                    event,
                    tenant_id,
                    ITEM_CHANGED.name,
                    _AGGREGATE_TYPE,
                    aggregate,
                    sequence,
                    now,
                    payload,
                )
                await connection.execute(
                    _PG_DELIVERIES,
                    event,
                    tenant_id,
                    aggregate_key(tenant_id, _AGGREGATE_TYPE, aggregate),
                    sequence,
                    now,
                    list(_SUBSCRIBERS),
                )
            on_commit()
        woken()

    return write


def _split(rows: Sequence[Any]) -> dict[Any, tuple[list[Any], list[str]]]:
    """Per tenant: the event ids for the audit, the aggregate ids for the listing."""
    found: dict[Any, tuple[list[Any], set[str]]] = defaultdict(lambda: ([], set()))
    for row in rows:
        audit, listing = found[row[2]]
        if row[1] == AUDIT:
            audit.append(row[0])
        else:
            listing.add(aggregate_of(row[3]))
    return {tenant: (audit, sorted(listing)) for tenant, (audit, listing) in found.items()}


async def _pg_batch(connection: asyncpg.Connection) -> int:
    async with connection.transaction():
        now = datetime.now(UTC)
        rows = await connection.fetch(_PG_CLAIM, now, BATCH_SIZE)
        if not rows:
            return 0
        for tenant, (audit, listing) in _split(rows).items():
            await connection.execute("SELECT set_config('app.tenant_id', $1, true)", str(tenant))
            if audit:
                await connection.execute(_PG_AUDIT, tenant, audit)
            if listing:
                await connection.execute(_PG_UPSERT, tenant, [uuid.UUID(v) for v in listing])
        await connection.execute(_PG_SETTLE, [r[0] for r in rows], [r[1] for r in rows], now)
    return len(rows)


async def _sqlite_connect(path: str) -> aiosqlite.Connection:
    connection = await aiosqlite.connect(path, isolation_level=None)
    for pragma in (
        "PRAGMA journal_mode=WAL",
        "PRAGMA foreign_keys=ON",
        "PRAGMA busy_timeout=10000",
        "PRAGMA synchronous=NORMAL",
    ):
        await connection.execute(pragma)
    return connection


async def _sqlite_transaction(
    connection: aiosqlite.Connection,
    work: Callable[[aiosqlite.Connection], Awaitable[int]],
) -> int:
    await connection.execute("BEGIN IMMEDIATE")
    try:
        result = await work(connection)
    except BaseException:
        await connection.execute("ROLLBACK")
        raise
    await connection.execute("COMMIT")
    return result


def _sqlite_writer(
    connection: aiosqlite.Connection,
    lock: asyncio.Lock,
    tenant_id: uuid.UUID,
    items: int,
    woken: Callable[[], None],
) -> WriteFunction:
    tenant = tenant_id.hex

    async def write(stamp: int, on_commit: Callable[[], None]) -> None:
        item = item_id(stamp % items)
        aggregate, now = str(item), _sqlite_time(datetime.now(UTC))
        payload = orjson.dumps({"name": f"item {stamp}", "stamp": stamp}).decode()

        async def work(db: aiosqlite.Connection) -> int:
            await db.execute(
                _sqlite(_PG_UPDATE_ITEM), (f"item {stamp}", stamp, now, tenant, item.hex)
            )
            async with db.execute(
                _sqlite(_PG_SEQUENCE), (tenant, _AGGREGATE_TYPE, aggregate)
            ) as cursor:
                found = await cursor.fetchone()
            sequence = int(found[0]) if found else 1
            event = new_id().hex
            await db.execute(
                _sqlite(_PG_EVENT),
                (
                    event,
                    tenant,
                    ITEM_CHANGED.name,
                    _AGGREGATE_TYPE,
                    aggregate,
                    sequence,
                    now,
                    payload,
                ),
            )
            key = aggregate_key(tenant_id, _AGGREGATE_TYPE, aggregate)
            await db.executemany(
                _SQLITE_DELIVERY,
                [
                    (event, subscriber, tenant, key, sequence, now, now)
                    for subscriber in _SUBSCRIBERS
                ],
            )
            return 1

        async with lock:
            await _sqlite_transaction(connection, work)
            on_commit()
        woken()

    return write


async def _sqlite_batch(connection: aiosqlite.Connection) -> int:
    now = _sqlite_time(datetime.now(UTC))
    claim = _sqlite(_PG_CLAIM).replace("FOR UPDATE SKIP LOCKED", "")
    async with connection.execute(claim, (now, BATCH_SIZE)) as cursor:
        rows = list(await cursor.fetchall())
    if not rows:
        return 0
    for tenant, (audit, listing) in _split(rows).items():
        if audit:
            marks = ", ".join("?" * len(audit))
            statement = _sqlite(_PG_AUDIT).replace("= ANY(?::uuid[])", f"IN ({marks})")
            await connection.execute(statement, (tenant, *audit))
        if listing:
            marks = ", ".join("?" * len(listing))
            statement = _sqlite(_PG_UPSERT).replace("= ANY(?::uuid[])", f"IN ({marks})")
            await connection.execute(statement, (tenant, *(uuid.UUID(v).hex for v in listing)))
    by_subscriber: dict[str, list[str]] = defaultdict(list)
    for row in rows:
        by_subscriber[row[1]].append(row[0])
    for subscriber, ids in by_subscriber.items():
        marks = ", ".join("?" * len(ids))
        await connection.execute(
            _SQLITE_SETTLE.format(marks=marks),
            (now, subscriber, *ids),
        )
    return len(rows)


async def raw_drainer(url: str, redis_url: str, redis_prefix: str) -> None:
    """The arq worker's counterpart: block on the Redis wake-up list, drain, repeat (PostgreSQL)."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    connection = await asyncpg.connect(url)
    client: Redis = Redis.from_url(redis_url)
    print("ready", flush=True)
    try:
        while not stop.is_set():
            await client.blpop([wake_key(redis_prefix)], timeout=1)  # type: ignore[misc]
            while await _pg_batch(connection) == BATCH_SIZE:
                pass
    finally:
        await client.aclose()
        await connection.close()
