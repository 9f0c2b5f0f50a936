"""The processes of the outbox benchmarks: ``python -m bench._outbox_procs COMMAND --config F``.

- ``drain``: one process drains the backlog, either with RusToK's dispatcher (``--engine
  rustok``) or with the raw batch-claim loop (``--engine raw``), and prints one JSON line.
- ``write``: an API process (the real app, through its lifespan, with the ``benchout`` module)
  whose in-process service writes at a paced rate; its embedded runner or its Redis waker
  is what the app sets up for the settings. Records each write's commit time. With
  ``--engine raw``, the hand-written pipeline of :mod:`bench._outbox_raw` instead.
- ``worker``: ``rustok worker`` with the ``benchout`` module registered (arq + Redis wake-ups).
- ``drainer``: the raw pipeline's counterpart of the worker.
- ``watch``: records when each write's row first shows in the read table, from its own
  connection (PostgreSQL notifications, or SQLite polling).

``--config`` names a JSON file: database kind and URLs, tenant id, Redis URL and prefix.
Times are ``time.monotonic()`` (CLOCK_MONOTONIC, the same clock in every process).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import signal
import sqlite3
import sys
import time
import uuid
from collections import defaultdict
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import aiosqlite
import asyncpg

from bench._outbox_db import OutboxDatabase, aggregate_of, bench_settings
from bench.outbox_module import item_id, module, touch_item

__all__ = ["ProcessConfig", "main"]

BATCH_SIZE = 100  # the dispatcher's default (RUSTOK_EVENT_BATCH_SIZE)
WATCH_POLL_SECONDS = 0.001
NOTIFY_CHANNEL = "benchout_listing"


@dataclass(frozen=True, slots=True)
class ProcessConfig:
    """What every benchmark process needs to know; written as JSON by the orchestrator."""

    kind: str
    owner_url: str
    runtime_url: str
    tenant_id: str
    redis_url: str = ""
    redis_prefix: str = "rustok"

    @property
    def database(self) -> OutboxDatabase:
        """Return the database description."""
        return OutboxDatabase(
            self.kind, self.owner_url, self.runtime_url, uuid.UUID(self.tenant_id)
        )

    def save(self, path: Path) -> None:
        """Write the configuration as JSON."""
        path.write_text(json.dumps({k: getattr(self, k) for k in self.__slots__}))

    @classmethod
    def load(cls, path: Path) -> ProcessConfig:
        """Read a configuration written by :meth:`save`."""
        return cls(**json.loads(path.read_text()))


# --- drain ---------------------------------------------------------------------------------


async def drain_rustok(config: ProcessConfig) -> dict[str, float]:
    """Drain with the dispatcher, as either runner would (one batch per transaction)."""
    from app.bootstrap import (
        build_registry,
        build_runtime,
        mark_unmigrated_failed,
        refresh_event_pipeline,
    )

    settings = bench_settings(config.owner_url, config.runtime_url, event_runner="off")
    runtime = build_runtime(settings, build_registry(settings, extra_modules=(module,)))
    await mark_unmigrated_failed(runtime)
    refresh_event_pipeline(runtime)
    await runtime.db.ping()
    try:
        return await _timed(runtime.dispatcher.drain)
    finally:
        await runtime.db.dispose()


async def _timed(drain: Callable[[], Awaitable[int]]) -> dict[str, float]:
    started, cpu = time.perf_counter(), time.process_time()
    handled = await drain()
    return {
        "deliveries": handled,
        "seconds": time.perf_counter() - started,
        "cpu_seconds": time.process_time() - cpu,
    }


_PG_CLAIM = """
SELECT event_id, subscriber, tenant_id, aggregate_key
FROM core_event_deliveries
WHERE state = 'pending' AND next_attempt_at <= $1
ORDER BY event_id
LIMIT $2
FOR UPDATE SKIP LOCKED
"""
_PG_SET_TENANT = "SELECT set_config('app.tenant_id', $1, true)"
_PG_UPSERT = """
INSERT INTO idx_benchout_listing (tenant_id, item_id, name, stamp, updated_at)
SELECT tenant_id, id, name, stamp, updated_at
FROM benchout_items
WHERE tenant_id = $1 AND id = ANY($2::uuid[])
ON CONFLICT (tenant_id, item_id) DO UPDATE
SET name = excluded.name, stamp = excluded.stamp, updated_at = excluded.updated_at
"""
_PG_DELETE_GONE = """
DELETE FROM idx_benchout_listing
WHERE tenant_id = $1 AND item_id = ANY($2::uuid[])
AND NOT EXISTS (
    SELECT 1 FROM benchout_items
    WHERE benchout_items.tenant_id = idx_benchout_listing.tenant_id
    AND benchout_items.id = idx_benchout_listing.item_id
)
"""
_PG_SETTLE = """
UPDATE core_event_deliveries
SET state = 'delivered', delivered_at = $3, attempts = attempts + 1, last_error = NULL
WHERE (event_id, subscriber) IN (SELECT * FROM unnest($1::uuid[], $2::text[]))
"""


def _aggregates_by_tenant(rows: Sequence[Any]) -> dict[Any, list[str]]:
    """Group the claimed rows' aggregate ids by tenant (from ``type:id`` aggregate keys)."""
    found: dict[Any, set[str]] = defaultdict(set)
    for row in rows:
        found[row[2]].add(aggregate_of(row[3]))
    return {tenant: sorted(ids) for tenant, ids in found.items()}


async def drain_raw_postgres(config: ProcessConfig, project: bool) -> dict[str, float]:
    """Drain with the raw loop on asyncpg: claim 100, apply the same upsert, settle, commit."""
    connection = await asyncpg.connect(config.database.plain_url())

    async def drain() -> int:
        handled = 0
        while True:
            async with connection.transaction():
                now = datetime.now(UTC)
                rows = await connection.fetch(_PG_CLAIM, now, BATCH_SIZE)
                if not rows:
                    return handled
                if project:
                    for tenant, ids in _aggregates_by_tenant(rows).items():
                        await connection.execute(_PG_SET_TENANT, str(tenant))
                        keys = [uuid.UUID(value) for value in ids]
                        await connection.execute(_PG_UPSERT, tenant, keys)
                        await connection.execute(_PG_DELETE_GONE, tenant, keys)
                await connection.execute(
                    _PG_SETTLE, [row[0] for row in rows], [row[1] for row in rows], now
                )
                handled += len(rows)

    try:
        return await _timed(drain)
    finally:
        await connection.close()


_SQLITE_CLAIM = """
SELECT event_id, subscriber, tenant_id, aggregate_key
FROM core_event_deliveries
WHERE state = 'pending' AND next_attempt_at <= ?
ORDER BY event_id
LIMIT ?
"""
_SQLITE_UPSERT = """
INSERT INTO idx_benchout_listing (tenant_id, item_id, name, stamp, updated_at)
SELECT tenant_id, id, name, stamp, updated_at
FROM benchout_items
WHERE tenant_id = ? AND id IN ({marks})
ON CONFLICT (tenant_id, item_id) DO UPDATE
SET name = excluded.name, stamp = excluded.stamp, updated_at = excluded.updated_at
"""
_SQLITE_DELETE_GONE = """
DELETE FROM idx_benchout_listing
WHERE tenant_id = ? AND item_id IN ({marks})
AND NOT EXISTS (
    SELECT 1 FROM benchout_items
    WHERE benchout_items.tenant_id = idx_benchout_listing.tenant_id
    AND benchout_items.id = idx_benchout_listing.item_id
)
"""
# Per subscriber: SQLite plans ``(event_id, subscriber) IN (...)`` as a full table scan.
_SQLITE_SETTLE = """
UPDATE core_event_deliveries
SET state = 'delivered', delivered_at = ?, attempts = attempts + 1, last_error = NULL
WHERE subscriber = ? AND event_id IN ({marks})
"""


def _sqlite_time(moment: datetime) -> str:
    """Return a timestamp as SQLAlchemy stores it in SQLite (UTC, no zone)."""
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


async def _sqlite_batch(connection: aiosqlite.Connection, project: bool) -> int:
    """Claim, apply and settle one batch in the open transaction; return its size."""
    now = _sqlite_time(datetime.now(UTC))
    async with connection.execute(_SQLITE_CLAIM, (now, BATCH_SIZE)) as cursor:
        rows = list(await cursor.fetchall())
    if not rows:
        return 0
    if project:
        for tenant, ids in _aggregates_by_tenant(rows).items():
            keys = [uuid.UUID(value).hex for value in ids]
            marks = ", ".join("?" * len(keys))
            await connection.execute(_SQLITE_UPSERT.format(marks=marks), (tenant, *keys))
            await connection.execute(_SQLITE_DELETE_GONE.format(marks=marks), (tenant, *keys))
    by_subscriber: dict[str, list[str]] = defaultdict(list)
    for row in rows:
        by_subscriber[row[1]].append(row[0])
    for subscriber, ids in by_subscriber.items():
        marks = ", ".join("?" * len(ids))
        await connection.execute(_SQLITE_SETTLE.format(marks=marks), (now, subscriber, *ids))
    return len(rows)


async def drain_raw_sqlite(config: ProcessConfig, project: bool) -> dict[str, float]:
    """Drain with the raw loop on aiosqlite (the app's driver), same statements, same pragmas."""
    connection = await aiosqlite.connect(config.database.plain_url(), isolation_level=None)
    for pragma in (
        "PRAGMA journal_mode=WAL",
        "PRAGMA foreign_keys=ON",
        "PRAGMA busy_timeout=10000",
        "PRAGMA synchronous=NORMAL",
    ):
        await connection.execute(pragma)

    async def batch() -> int:
        return await _sqlite_batch(connection, project)

    async def drain() -> int:
        handled = 0
        while True:
            await connection.execute("BEGIN IMMEDIATE")
            try:
                count = await batch()
            except BaseException:
                await connection.execute("ROLLBACK")
                raise
            await connection.execute("COMMIT")
            if not count:
                return handled
            handled += count

    try:
        return await _timed(drain)
    finally:
        await connection.close()


def run_drain(config: ProcessConfig, engine: str, scenario: str) -> dict[str, float]:
    """Run one drain and return its measurements."""
    project = scenario == "projection"
    if engine == "rustok":
        return asyncio.run(drain_rustok(config))
    if config.kind == "postgres":
        return asyncio.run(drain_raw_postgres(config, project))
    return asyncio.run(drain_raw_sqlite(config, project))


# --- freshness: the writer (an API process) ------------------------------------------------


@dataclass(frozen=True, slots=True)
class WritePlan:
    """A paced write run: ``rate`` writes/s for ``warmup + seconds``, stamps from ``first``."""

    rate: float
    seconds: float
    warmup: float
    first: int
    items: int
    concurrency: int
    drain_timeout: float


async def write_paced(config: ProcessConfig, plan: WritePlan, engine: str) -> dict[str, Any]:
    """Write at the planned pace through RusToK or the raw pipeline; wait for the drain."""
    if engine == "raw":
        from bench._outbox_raw import raw_pipeline

        async with raw_pipeline(
            config.kind,
            config.database.plain_url(),
            uuid.UUID(config.tenant_id),
            plan.items,
            config.redis_url,
            config.redis_prefix,
        ) as write:
            cpu = time.process_time()
            records = await _write_all(write, plan)
            cpu = time.process_time() - cpu
            last = plan.first + len(records) - 1
            drained = await _wait_visible(config, last, plan.drain_timeout)
        return {"writes": records, "drained": drained, "cpu_seconds": cpu}
    return await _write_rustok(config, plan)


async def _write_rustok(config: ProcessConfig, plan: WritePlan) -> dict[str, Any]:
    """Start the app (embedded runner or Redis waker, as configured), write, wait, report."""
    from app.asgi import create_app
    from app.auth.principal import SystemPrincipal
    from app.bootstrap import build_registry
    from app.runtime import Context

    settings = bench_settings(
        config.owner_url,
        config.runtime_url,
        redis_url=config.redis_url,
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

        cpu = time.process_time()
        records = await _write_all(write, plan)
        cpu = time.process_time() - cpu
        last = plan.first + len(records) - 1
        drained = await _wait_visible(config, last, plan.drain_timeout)
    return {"writes": records, "drained": drained, "cpu_seconds": cpu}


async def _write_all(
    write: Callable[[int, Callable[[], None]], Awaitable[None]], plan: WritePlan
) -> list[list[float]]:
    """Write on schedule with up to ``concurrency`` writes in flight; return one row each.

    A row is ``[stamp, due, committed, latency, is_warmup]``; ``committed`` is taken right
    after the database confirmed the commit (RusToK: in the session's ``after_commit`` hook).
    """
    total = round(plan.rate * (plan.warmup + plan.seconds))
    warm = round(plan.rate * plan.warmup)
    records: list[list[float]] = []
    counter = iter(range(total))
    start = time.monotonic() + 0.05

    async def writer() -> None:
        for index in counter:
            due = start + index / plan.rate
            delay = due - time.monotonic()
            if delay > 0:
                await asyncio.sleep(delay)
            stamp = plan.first + index
            committed: list[float] = []
            began = time.monotonic()
            await write(stamp, _stopwatch(committed))
            ended = time.monotonic()
            records.append([stamp, due, committed[0], ended - began, float(index < warm)])

    await asyncio.gather(*(writer() for _ in range(plan.concurrency)))
    return records


def _stopwatch(box: list[float]) -> Callable[[], None]:
    def committed() -> None:
        box.append(time.monotonic())

    return committed


async def _wait_visible(config: ProcessConfig, stamp: int, limit_seconds: float) -> bool:
    """Wait until the outbox is empty and ``stamp`` shows (keeping this process, and its runner,
    up); return whether that happened in time."""
    deadline = time.monotonic() + limit_seconds
    if config.kind == "postgres":
        connection = await asyncpg.connect(config.database.plain_url(owner=True))
        try:
            while time.monotonic() < deadline:
                done = await connection.fetchval(_DRAINED, uuid.UUID(config.tenant_id), stamp)
                if done:
                    return True
                await asyncio.sleep(0.01)
        finally:
            await connection.close()
        return False
    reader = sqlite3.connect(config.database.plain_url(owner=True), isolation_level=None)
    try:
        while time.monotonic() < deadline:
            if reader.execute(_DRAINED_SQLITE, (uuid.UUID(config.tenant_id).hex, stamp)).fetchone()[
                0
            ]:
                return True
            await asyncio.sleep(0.01)
    finally:
        reader.close()
    return False


_DRAINED = """
SELECT NOT EXISTS (SELECT 1 FROM core_event_deliveries WHERE state = 'pending')
AND EXISTS (SELECT 1 FROM idx_benchout_listing WHERE tenant_id = $1 AND stamp >= $2)
"""
_DRAINED_SQLITE = _DRAINED.replace("$1", "?").replace("$2", "?")
_SEEN_SQLITE = "SELECT stamp FROM idx_benchout_listing WHERE tenant_id = ? AND stamp > ?"


# --- freshness: the watcher ----------------------------------------------------------------


def watch(config: ProcessConfig, items: int, out: Path) -> None:
    """Record when each stamp shows in the read table, until SIGTERM: ``stamp seen`` lines.

    PostgreSQL: the listing's row trigger (installed by the benchmark) notifies each stamp,
    and PostgreSQL delivers notifications only after the commit, so the time of receipt is
    when the row was visible (plus the delivery). SQLite: the table is polled about every
    millisecond from a connection of this process (``PRAGMA data_version`` first, so a poll
    with no commit since the last one costs next to nothing).
    """
    if config.kind == "postgres":
        asyncio.run(_listen(config, out))
    else:
        _poll(config, items, out)


async def _listen(config: ProcessConfig, out: Path) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    connection = await asyncpg.connect(config.database.plain_url(owner=True))
    received: list[str] = []

    def notified(_connection: object, _pid: int, _channel: str, payload: str) -> None:
        received.append(f"{payload} {time.monotonic():.6f}\n")

    await connection.add_listener(NOTIFY_CHANNEL, notified)
    with out.open("a") as log:
        log.write("ready\n")
        log.flush()
        while not stop.is_set():
            if received:
                batch, received[:] = received[:], []
                log.write("".join(batch))
                log.flush()
            await asyncio.sleep(0.01)
        log.write("".join(received))
    await connection.close()


def _poll(config: ProcessConfig, items: int, out: Path) -> None:
    """Poll; ``seen`` is the time just before the poll whose snapshot first showed the stamp.

    The floor of each poll is the highest stamp below which every stamp was seen, or
    overwritten by a later write of its item that was seen.
    """
    stopping: list[bool] = []
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda _signum, _frame: stopping.append(True))
    connection = sqlite3.connect(config.database.plain_url(owner=True), isolation_level=None)
    connection.execute("PRAGMA busy_timeout=10000")
    tenant = uuid.UUID(config.tenant_id).hex
    seen: set[int] = set()
    newest_of_item: dict[int, int] = {}
    floor, version = 0, -1
    with out.open("a") as log:
        log.write("ready\n")
        log.flush()
        while not stopping:
            polled = time.monotonic()
            current = connection.execute("PRAGMA data_version").fetchone()[0]
            if current != version:
                version = current
                rows = connection.execute(_SEEN_SQLITE, (tenant, floor)).fetchall()
                fresh = [row[0] for row in rows if row[0] not in seen]
                if fresh:
                    log.write("".join(f"{stamp} {polled:.6f}\n" for stamp in fresh))
                    log.flush()
                    floor = _advance(floor, fresh, seen, newest_of_item, items)
            time.sleep(WATCH_POLL_SECONDS)
    connection.close()


def _advance(
    floor: int, fresh: list[int], seen: set[int], newest_of_item: dict[int, int], items: int
) -> int:
    for stamp in fresh:
        seen.add(stamp)
        item = stamp % items
        newest_of_item[item] = max(newest_of_item.get(item, 0), stamp)
    while floor + 1 in seen or newest_of_item.get((floor + 1) % items, 0) > floor + 1:
        floor += 1
        seen.discard(floor)
    return floor


# --- freshness: the worker -----------------------------------------------------------------


async def run_bench_worker(config: ProcessConfig) -> None:
    """``rustok worker`` with ``benchout`` registered: Redis wake-ups, poll, arq's sweep, sends.

    The same assembly as :func:`app.events.worker.run_worker`, which builds its registry
    from the entry points only.
    """
    from app.bootstrap import (
        build_registry,
        build_runtime,
        build_work_cycle,
        mark_unmigrated_failed,
        refresh_event_pipeline,
    )
    from app.events.wake import Ticker, listen_for_wakes
    from app.events.worker import _run_arq
    from app.webhooks.runner import open_sender, webhook_runner

    settings = bench_settings(
        config.owner_url,
        config.runtime_url,
        redis_url=config.redis_url,
        redis_prefix=config.redis_prefix,
        webhook_allow_private=True,  # the webhook benchmark's receiver is on loopback
    )
    runtime = build_runtime(settings, build_registry(settings, extra_modules=(module,)))
    await mark_unmigrated_failed(runtime)
    refresh_event_pipeline(runtime)
    ticker = Ticker(build_work_cycle(runtime))
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    try:
        async with open_sender(runtime) as sender:
            webhooks = webhook_runner(runtime, sender)
            print("ready", flush=True)
            await asyncio.gather(
                listen_for_wakes(
                    settings.redis_url,
                    settings.redis_prefix,
                    ticker,
                    stop,
                    settings.event_poll_seconds,
                ),
                _run_arq(settings, ticker, stop),
                webhooks.run(stop),
            )
    finally:
        await runtime.db.dispose()


# --- command line --------------------------------------------------------------------------


def _parse(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench._outbox_procs", description=__doc__)
    parser.add_argument("command", choices=["drain", "write", "watch", "worker", "drainer"])
    parser.add_argument("--config", type=Path, required=True)
    parser.add_argument("--engine", choices=["rustok", "raw"], default="rustok")
    parser.add_argument("--scenario", choices=["noop", "projection"], default="noop")
    parser.add_argument("--out", type=Path)
    parser.add_argument("--rate", type=float, default=200.0)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--warmup", type=float, default=1.0)
    parser.add_argument("--first", type=int, default=1)
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--drain-timeout", type=float, default=15.0)
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> None:
    """Run the command named on the command line."""
    arguments = _parse(argv)
    config = ProcessConfig.load(arguments.config)
    if arguments.command == "drain":
        print(json.dumps(run_drain(config, arguments.engine, arguments.scenario)), flush=True)
    elif arguments.command == "write":
        plan = WritePlan(
            rate=arguments.rate,
            seconds=arguments.seconds,
            warmup=arguments.warmup,
            first=arguments.first,
            items=arguments.items,
            concurrency=arguments.concurrency,
            drain_timeout=arguments.drain_timeout,
        )
        result = asyncio.run(write_paced(config, plan, arguments.engine))
        arguments.out.write_text(json.dumps(result))
    elif arguments.command == "watch":
        watch(config, arguments.items, arguments.out)
    elif arguments.command == "drainer":
        from bench._outbox_raw import raw_drainer

        asyncio.run(raw_drainer(config.database.plain_url(), config.redis_url, config.redis_prefix))
    else:
        with contextlib.suppress(KeyboardInterrupt):
            asyncio.run(run_bench_worker(config))


if __name__ == "__main__":
    main()
    sys.exit(0)
