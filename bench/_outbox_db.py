"""Throwaway databases for the outbox benchmarks, and the backlogs they drain.

PostgreSQL: a uniquely named database and a runtime role that is neither owner nor superuser
(row-level security applies to the dispatcher as in production), both dropped afterwards.
SQLite: a file in the benchmark's scratch directory. Either is migrated with ``upgrade_all``
(the core and the ``benchout`` module) and gets one tenant, ``bench``, with ``benchout`` on.

Backlogs are written straight into the outbox tables, row for row what ``EventBus.emit``
writes (same columns, ids, sequences, aggregate keys), with COPY on PostgreSQL and a bulk
``executemany`` on SQLite: emitting 100k events one by one would take minutes.
"""

from __future__ import annotations

import asyncio
import random
import sqlite3
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import asyncpg
import orjson
from sqlalchemy import create_engine, delete, insert
from sqlalchemy import table as sql_table
from sqlalchemy.engine import Connection, make_url

from app.auth.principal import SystemPrincipal
from app.bootstrap import build_registry, build_runtime, build_work_cycle
from app.config import Settings
from app.db.migrate import upgrade_all
from app.events.declarations import EventType
from app.events.models import AggregateSequenceRow, DeliveryRow, DeliveryState, EventRow
from app.ids import new_id
from app.runtime import Context
from app.tenants.service import create_tenant
from bench.outbox_module import ITEM_CHANGED, MODULE_NAME, ItemRow, ListingRow, item_id, module

__all__ = [
    "DEFAULT_POSTGRES_URL",
    "Backlog",
    "OutboxCounts",
    "OutboxDatabase",
    "aggregate_key",
    "aggregate_of",
    "bench_settings",
    "install_notify_trigger",
    "outbox_counts",
    "postgres_database",
    "postgres_description",
    "postgres_reachable",
    "seed_backlog",
    "seed_items",
    "sqlite_database",
]

DEFAULT_POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
_SECRET_KEY = "bench-secret-key-not-for-production-0123456789abcdef"
TENANT_SLUG = "bench"
# Emptied before every seeding; together they are the whole state of the pipeline.
_RESET_TABLES = (
    "core_event_deliveries",
    "core_events",
    "core_aggregate_sequences",
    "core_subscriber_positions",
    "core_audit_log",
    "idx_benchout_listing",
    "benchout_items",
)


@dataclass(frozen=True, slots=True)
class OutboxDatabase:
    """A migrated database with the tenant ``bench``; URLs in SQLAlchemy form."""

    kind: str
    owner_url: str
    runtime_url: str
    tenant_id: uuid.UUID

    @property
    def is_postgres(self) -> bool:
        """Return whether this is PostgreSQL."""
        return self.kind == "postgres"

    @property
    def label(self) -> str:
        """Return ``PostgreSQL`` or ``SQLite``."""
        return "PostgreSQL" if self.is_postgres else "SQLite"

    def plain_url(self, *, owner: bool = False) -> str:
        """Return the URL for asyncpg (``postgresql://``) or the SQLite file path."""
        url = make_url(self.owner_url if owner else self.runtime_url)
        if self.is_postgres:
            return url.set(drivername="postgresql").render_as_string(hide_password=False)
        return str(url.database)


def bench_settings(owner_url: str, runtime_url: str, **overrides: object) -> Settings:
    """Return production-like settings for the benchmark's database, with ``benchout`` only."""
    values: dict[str, object] = {
        "debug": False,
        "secret_key": _SECRET_KEY,
        "database_url": runtime_url,
        "database_owner_url": owner_url,
        "redis_url": "",
        "modules": [MODULE_NAME],
        "default_modules": [MODULE_NAME],
        "tenant_cache_seconds": 2.0,
    }
    values.update(overrides)
    return Settings(_env_file=None, **values)  # type: ignore[arg-type]


def postgres_reachable(admin_url: str) -> str:
    """Return "" if PostgreSQL answers at ``admin_url``, else why not."""

    async def ping() -> None:
        connection = await asyncpg.connect(admin_url, timeout=3)
        await connection.close()

    try:
        asyncio.run(ping())
    except Exception as error:
        return f"{type(error).__name__}: {error}"
    return ""


def _quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


async def _admin(admin_url: str, *statements: str) -> None:
    connection = await asyncpg.connect(admin_url)
    try:
        for statement in statements:
            await connection.execute(statement)
    finally:
        await connection.close()


@contextmanager
def postgres_database(admin_url: str) -> Iterator[OutboxDatabase]:
    """Create, migrate and yield a throwaway PostgreSQL database; drop it and its role after."""
    suffix = uuid.uuid4().hex[:10]
    name, role = f"rustok_bench_{suffix}", f"rustok_bench_rt_{suffix}"
    asyncio.run(
        _admin(
            admin_url,
            f"CREATE DATABASE {_quote(name)}",
            f"CREATE ROLE {_quote(role)} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS",
        )
    )
    owner = make_url(admin_url).set(drivername="postgresql+asyncpg", database=name)
    runtime = owner.set(username=role, password=None)
    try:
        yield _prepare(
            "postgres",
            owner.render_as_string(hide_password=False),
            runtime.render_as_string(hide_password=False),
        )
    finally:
        asyncio.run(
            _admin(
                admin_url,
                f"DROP DATABASE IF EXISTS {_quote(name)} WITH (FORCE)",
                f"DROP ROLE IF EXISTS {_quote(role)}",
            )
        )


@contextmanager
def sqlite_database(directory: Path, name: str) -> Iterator[OutboxDatabase]:
    """Create, migrate and yield a SQLite file in ``directory``; delete it after."""
    path = directory / f"{name}.db"
    url = f"sqlite+aiosqlite:///{path}"
    try:
        yield _prepare("sqlite", url, url)
    finally:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)


def _prepare(kind: str, owner_url: str, runtime_url: str) -> OutboxDatabase:
    settings = bench_settings(owner_url, runtime_url)
    registry = build_registry(settings, extra_modules=(module,))
    failures = upgrade_all(registry, owner_url, runtime_url)
    if failures:
        raise RuntimeError(f"migrating the benchmark database failed: {failures}")
    tenant_id = asyncio.run(_create_tenant(settings))
    return OutboxDatabase(kind, owner_url, runtime_url, tenant_id)


async def _create_tenant(settings: Settings) -> uuid.UUID:
    """Create the tenant, then run what that scheduled (the rebuild of ``benchout``'s read
    model when the module is enabled), so no measured step starts behind it."""
    runtime = build_runtime(settings, build_registry(settings, extra_modules=(module,)))
    try:
        tenant = await create_tenant(
            Context(runtime=runtime, principal=SystemPrincipal()), slug=TENANT_SLUG, name="Bench"
        )
        await build_work_cycle(runtime).run_once()
    finally:
        await runtime.db.dispose()
    return tenant.id


@dataclass(frozen=True, slots=True)
class Backlog:
    """What to seed: ``aggregates`` items with ``per_aggregate`` events each.

    Attributes:
        event_type: The type of every event (it decides the payload).
        subscribers: One delivery per event for each of these subscribers.
        aggregates: How many items (aggregates).
        per_aggregate: Events per item, sequences 1..n.
        shuffle_seed: The events of different items are interleaved at random (with this
            seed); each item's own events stay in sequence order, as emit would write them.
        history: Events per item already delivered before the backlog (sequences 1..history,
            older ids): the delivered rows an outbox keeps for the retention period.
    """

    event_type: EventType
    subscribers: tuple[str, ...]
    aggregates: int = 10_000
    per_aggregate: int = 10
    shuffle_seed: int = 20261201
    history: int = 0

    @property
    def last_stamp(self) -> int:
        """Return every item's last sequence (and stamp) once the backlog is drained."""
        return self.history + self.per_aggregate

    @property
    def events(self) -> int:
        """Return the number of events."""
        return self.aggregates * self.per_aggregate

    @property
    def deliveries(self) -> int:
        """Return the number of deliveries."""
        return self.events * len(self.subscribers)


def aggregate_key(tenant_id: uuid.UUID, aggregate_type: str, aggregate_id: str) -> str:
    """Return a delivery's aggregate key as ``EventBus.emit`` writes it (tenant:type:id)."""
    return f"{tenant_id}:{aggregate_type}:{aggregate_id}"


def aggregate_of(key: str) -> str:
    """Return the aggregate id of an aggregate key (ids are UUIDs: no colon in them)."""
    return key.rpartition(":")[2]


def _order(backlog: Backlog) -> list[tuple[int, bool]]:
    """Return (item number, delivered) in emission order: the history, then the backlog.

    Each item comes ``history`` times delivered, then ``per_aggregate`` times pending, the
    items interleaved at random within each part.
    """
    shuffle = random.Random(backlog.shuffle_seed).shuffle
    history = [number for number in range(backlog.aggregates) for _ in range(backlog.history)]
    pending = [number for number in range(backlog.aggregates) for _ in range(backlog.per_aggregate)]
    shuffle(history)
    shuffle(pending)
    return [(number, True) for number in history] + [(number, False) for number in pending]


def _payload(event_type: EventType, stamp: int) -> dict[str, Any]:
    if event_type is ITEM_CHANGED:
        return {"name": f"item {stamp}", "stamp": stamp}
    return {"stamp": stamp}


@dataclass(slots=True)
class _Rows:
    events: list[dict[str, Any]]
    deliveries: list[dict[str, Any]]
    sequences: list[dict[str, Any]]
    items: list[dict[str, Any]]
    listing: list[dict[str, Any]]


def _backlog_rows(backlog: Backlog, tenant_id: uuid.UUID) -> _Rows:
    order = _order(backlog)
    ids = sorted(new_id() for _ in order)  # UUIDv7: creation order, as emit hands them out
    started = datetime.now(UTC) - timedelta(hours=1)
    aggregate_type = backlog.event_type.aggregate_type
    sequences = [0] * backlog.aggregates
    rows = _Rows([], [], [], [], [])
    for position, (event_id, (number, delivered)) in enumerate(zip(ids, order, strict=True)):
        sequences[number] += 1
        aggregate = str(item_id(number))
        occurred = started + timedelta(microseconds=position)
        rows.events.append(
            {
                "id": event_id,
                "tenant_id": tenant_id,
                "type": backlog.event_type.name,
                "version": backlog.event_type.version,
                "aggregate_type": aggregate_type,
                "aggregate_id": aggregate,
                "sequence": sequences[number],
                "occurred_at": occurred,
                "actor": "system",
                "payload": _payload(backlog.event_type, sequences[number]),
            }
        )
        rows.deliveries.extend(
            {
                "event_id": event_id,
                "subscriber": subscriber,
                "tenant_id": tenant_id,
                "aggregate_key": aggregate_key(tenant_id, aggregate_type, aggregate),
                "sequence": sequences[number],
                "state": DeliveryState.DELIVERED if delivered else DeliveryState.PENDING,
                "attempts": 1 if delivered else 0,
                "next_attempt_at": occurred,
                "last_error": None,
                "delivered_at": occurred if delivered else None,
                "created_at": occurred,
            }
            for subscriber in backlog.subscribers
        )
    now = datetime.now(UTC)
    for number, last in enumerate(sequences):
        aggregate = str(item_id(number))
        rows.sequences.append(
            {
                "tenant_id": tenant_id,
                "aggregate_type": aggregate_type,
                "aggregate_id": aggregate,
                "last_sequence": last,
            }
        )
        rows.items.append(_item(tenant_id, number, last, now))
    return rows


def _item(tenant_id: uuid.UUID, number: int, stamp: int, now: datetime) -> dict[str, Any]:
    return {
        "tenant_id": tenant_id,
        "id": item_id(number),
        "name": f"item {stamp}",
        "stamp": stamp,
        "updated_at": now,
    }


def seed_backlog(database: OutboxDatabase, backlog: Backlog) -> None:
    """Empty the pipeline's tables and write ``backlog`` (and its source items)."""
    _write(database, _backlog_rows(backlog, database.tenant_id))


def seed_items(database: OutboxDatabase, count: int) -> None:
    """Empty the pipeline's tables and write ``count`` items at stamp 0, already projected."""
    now = datetime.now(UTC)
    items = [_item(database.tenant_id, number, 0, now) for number in range(count)]
    listing = [
        {
            "tenant_id": row["tenant_id"],
            "item_id": row["id"],
            "name": row["name"],
            "stamp": 0,
            "updated_at": now,
        }
        for row in items
    ]
    _write(database, _Rows([], [], [], items, listing))


def _write(database: OutboxDatabase, rows: _Rows) -> None:
    tables: Sequence[tuple[Any, list[dict[str, Any]]]] = (
        (ItemRow.__table__, rows.items),
        (ListingRow.__table__, rows.listing),
        (AggregateSequenceRow.__table__, rows.sequences),
        (EventRow.__table__, rows.events),
        (DeliveryRow.__table__, rows.deliveries),
    )
    if database.is_postgres:
        asyncio.run(_copy_postgres(database.plain_url(owner=True), tables))
    else:
        _insert_sqlite(database.plain_url(owner=True), tables)


async def _copy_postgres(url: str, tables: Sequence[tuple[Any, list[dict[str, Any]]]]) -> None:
    # The owner is the superuser that created the database: row-level security does not apply.
    connection = await asyncpg.connect(url)
    try:
        async with connection.transaction():
            await connection.execute(f"TRUNCATE {', '.join(_RESET_TABLES)}")
            for table, values in tables:
                if not values:
                    continue
                columns = list(values[0])
                records = [tuple(_pg_value(row[column]) for column in columns) for row in values]
                await connection.copy_records_to_table(table.name, records=records, columns=columns)
        await connection.execute(f"VACUUM ANALYZE {', '.join(_RESET_TABLES)}")
    finally:
        await connection.close()


def _pg_value(value: object) -> object:
    return orjson.dumps(value).decode() if isinstance(value, dict) else value


def _insert_sqlite(path: str, tables: Sequence[tuple[Any, list[dict[str, Any]]]]) -> None:
    # A synchronous engine on the same dialect stores values exactly as the app's engine does.
    engine = create_engine(f"sqlite:///{path}")
    try:
        with engine.begin() as connection:
            _reset_sqlite(connection)
            for table, values in tables:
                if values:
                    connection.execute(insert(table), values)
        with engine.connect() as connection:
            connection.exec_driver_sql("ANALYZE")
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        engine.dispose()


def _reset_sqlite(connection: Connection) -> None:
    for name in _RESET_TABLES:
        connection.execute(delete(sql_table(name)))


@dataclass(frozen=True, slots=True)
class OutboxCounts:
    """What a drain left: deliveries not delivered, and listing rows (at the final stamp)."""

    undelivered: int
    listing: int
    listing_at: int


def outbox_counts(database: OutboxDatabase, stamp: int) -> OutboxCounts:
    """Count undelivered deliveries and listing rows (all, and those at ``stamp``)."""
    queries = (
        "SELECT count(*) FROM core_event_deliveries WHERE state != 'delivered'",
        "SELECT count(*) FROM idx_benchout_listing",
        f"SELECT count(*) FROM idx_benchout_listing WHERE stamp = {int(stamp)}",
    )
    if database.is_postgres:
        values = asyncio.run(_count_postgres(database.plain_url(owner=True), queries))
    else:
        connection = sqlite3.connect(database.plain_url(owner=True))
        try:
            values = [connection.execute(query).fetchone()[0] for query in queries]
        finally:
            connection.close()
    return OutboxCounts(*values)


async def _count_postgres(url: str, queries: Sequence[str]) -> list[int]:
    connection = await asyncpg.connect(url)
    try:
        return [int(await connection.fetchval(query)) for query in queries]
    finally:
        await connection.close()


def postgres_description(admin_url: str) -> str:
    """Return the server version and the settings that matter to the outbox benchmarks."""

    async def read() -> str:
        connection = await asyncpg.connect(admin_url, timeout=3)
        try:
            version = await connection.fetchval("SHOW server_version")
            rows = await connection.fetch(
                "SELECT name, setting FROM pg_settings WHERE name = ANY($1::text[]) ORDER BY name",
                ["autovacuum", "fsync", "shared_buffers", "synchronous_commit"],
            )
        finally:
            await connection.close()
        settings = ", ".join(f"{row['name']}={row['setting']}" for row in rows)
        return f"PostgreSQL {version} on the same machine ({settings})"

    try:
        return asyncio.run(read())
    except Exception as error:
        return f"unreachable ({type(error).__name__})"


NOTIFY_TRIGGER = """
CREATE OR REPLACE FUNCTION benchout_notify_stamp() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('benchout_listing', NEW.stamp::text);
    RETURN NULL;
END $$;
CREATE TRIGGER benchout_notify_stamp AFTER INSERT OR UPDATE ON idx_benchout_listing
FOR EACH ROW WHEN (NEW.stamp > 0) EXECUTE FUNCTION benchout_notify_stamp();
"""


def install_notify_trigger(database: OutboxDatabase) -> None:
    """Make every write of a listing row notify its stamp (the freshness watcher listens)."""
    if database.is_postgres:
        asyncio.run(_admin(database.plain_url(owner=True), NOTIFY_TRIGGER))
