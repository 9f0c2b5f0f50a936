"""Benchmark: webhook deliveries/s to a local receiver answering 500 to 5 % of them.

A backlog of deliveries (one event each, every event its own aggregate, so no delivery
waits behind another) is queued for one endpoint on a loopback receiver (its own process,
aiohttp) that fails the same 5 % of webhook ids for every engine. One sending process sends
until every delivery has had its first attempt:

- RusToK: :class:`~app.webhooks.runner.WebhookRunner` as both runners run it (20 slots, the
  claim with its per-aggregate order check, the sealed secret opened per attempt, Standard
  Webhooks signing, the pinned SSRF-checked aiohttp sender, the attempt log and the settle
  in the tenant's transaction under row-level security).
- Baseline, same run, same backlog: a bare asyncpg + aiohttp loop with 20 slots doing the
  same claim (``FOR UPDATE SKIP LOCKED``), signing with the same library, and writing the
  same attempt row and settle in one transaction.

Rates are deliveries (first attempts) per second; each engine sends ``rounds`` times from a
fresh copy of the backlog, alternating which goes first, and the medians are compared. The
target is a ratio of at least 0.25 (aiming for 0.5). PostgreSQL only.

Then the latency, commit to arrival, at 500 events/s for 10 s (after a second of warm-up):
RusToK as the API runs it embedded (the write emits into the outbox; the drain fans the
event out to a delivery; the runner sends it, all in the writing process), and with a
``rustok worker`` (the API process writes and wakes it through Redis; the worker process
drains and sends), against the bare loop fed by a writer that inserts each event and its
delivery itself (no outbox hop), all to a receiver that notes each event's age on arrival.
Reported as p50 / p95 / p99; no target is set.
"""

from __future__ import annotations

import asyncio
import json
import shutil
import statistics
import sys
import time
import urllib.request
import uuid
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import asyncpg
import orjson

from app.auth.principal import SystemPrincipal
from app.bootstrap import build_registry, build_runtime
from app.ids import new_id
from app.runtime import Context
from app.webhooks.endpoints import EndpointFields, create_endpoint
from app.webhooks.signing import webhook_id
from bench._children import command, run_child, running_child, wait_for_line
from bench._outbox_db import (
    OutboxDatabase,
    bench_settings,
    postgres_database,
    postgres_reachable,
    seed_items,
)
from bench._outbox_procs import ProcessConfig
from bench._processes import Workspace
from bench._results import Row, percentile
from bench._webhook_procs import fails
from bench.freshness import delete_keys, private_or_given_redis
from bench.outbox_module import ITEM_TOUCHED, module

__all__ = ["TARGET_RATIO", "WebhookPlan", "run"]

TARGET_RATIO = 0.25
_TIMEOUT_SECONDS = 900.0
_RESET = (
    "webhooks_delivery_attempts",
    "webhooks_deliveries",
    "core_event_deliveries",
    "core_events",
)


@dataclass(frozen=True, slots=True)
class WebhookPlan:
    """How many deliveries, how many rounds per engine, and where PostgreSQL is."""

    deliveries: int = 5000
    rounds: int = 2
    postgres_url: str = ""
    rate: float = 500.0
    seconds: float = 10.0
    items: int = 1000
    redis_url: str = ""


@dataclass(frozen=True, slots=True)
class Endpoint:
    """The endpoint on the receiver: its id, URL and signing secret."""

    id: uuid.UUID
    url: str
    secret: str


def run(workspace: Workspace, plan: WebhookPlan) -> list[Row]:
    """Send the backlog with RusToK and with the bare loop; compare the median rates."""
    name = "webhooks PostgreSQL, 5% failing: deliveries/s"
    if not plan.postgres_url:
        return [Row(name, "skipped: no PostgreSQL URL")]
    problem = postgres_reachable(plan.postgres_url)
    if problem:
        return [Row(name, f"skipped: {problem[:60]}")]
    port_file = workspace.directory / "webhook-receiver.port"
    port_file.unlink(missing_ok=True)
    receiver = [sys.executable, "-m", "bench._webhook_procs", "receiver", "--port-file"]
    log = workspace.directory / "webhook-receiver.log"
    with (
        postgres_database(plan.postgres_url) as database,
        running_child(workspace, [*receiver, str(port_file)], log) as process,
    ):
        port = _wait_for_port(port_file, process.poll)
        endpoint = asyncio.run(_create_endpoint(database, f"http://127.0.0.1:{port}/hook"))
        config = workspace.directory / "webhooks.json"
        ProcessConfig(
            database.kind, database.owner_url, database.runtime_url, str(database.tenant_id)
        ).save(config)
        rates: dict[str, list[float]] = {"rustok": [], "raw": []}
        for round_number in range(plan.rounds):
            order = ("raw", "rustok") if round_number % 2 == 0 else ("rustok", "raw")
            for engine in order:
                rates[engine].append(
                    _send_once(workspace, database, config, endpoint, engine, plan.deliveries)
                )
        latency = _latency_rows(workspace, database, config, port, plan)
    rustok, raw = statistics.median(rates["rustok"]), statistics.median(rates["raw"])
    ratio = rustok / raw
    return [
        *latency,
        Row(
            f"{name} ({plan.deliveries} queued)",
            f"{rustok:.0f}",
            f"{raw:.0f}",
            f"{ratio:.2f}",
            f">= {TARGET_RATIO}",
            ratio >= TARGET_RATIO,
        ),
    ]


def _latency_rows(
    workspace: Workspace, database: OutboxDatabase, config: Path, port: int, plan: WebhookPlan
) -> list[Row]:
    """Commit to arrival at ``plan.rate`` events/s: the whole pipeline against the bare one.

    RusToK twice: embedded (one process writes, drains and sends) and with a ``rustok worker``
    (the API process writes and wakes it through Redis; the worker drains and sends).
    """
    url = f"http://127.0.0.1:{port}/timed"
    endpoint = asyncio.run(_create_endpoint(database, url, ["benchout.item.*"]))
    raw = _latency_once(workspace, database, config, endpoint, "raw", port, plan)
    embedded = _latency_once(workspace, database, config, endpoint, "rustok", port, plan)
    name = f"webhooks PostgreSQL, commit -> received at {plan.rate:.0f} events/s"
    rows = [_latency_row(f"{name}, embedded: p50 / p95 / p99", embedded, raw)]
    if not (plan.redis_url or shutil.which("redis-server")):
        return [*rows, Row(f"{name}, rustok worker", "skipped: no Redis")]
    with ExitStack() as stack:
        redis_url = stack.enter_context(private_or_given_redis(workspace, plan.redis_url))
        prefix = f"rustok-bench-{uuid.uuid4().hex[:10]}"
        stack.callback(delete_keys, redis_url, prefix)
        worker_config = workspace.directory / "webhooks-worker.json"
        ProcessConfig(
            database.kind,
            database.owner_url,
            database.runtime_url,
            str(database.tenant_id),
            redis_url,
            prefix,
        ).save(worker_config)
        log = workspace.directory / "webhooks-worker.log"
        worker = stack.enter_context(
            running_child(workspace, command("worker", worker_config), log)
        )
        wait_for_line(log, "ready", worker)
        with_worker = _latency_once(
            workspace, database, worker_config, endpoint, "rustok", port, plan, "rustok-worker"
        )
    return [*rows, _latency_row(f"{name}, rustok worker: p50 / p95 / p99", with_worker, raw)]


def _latency_row(name: str, rustok: list[float], raw: list[float]) -> Row:
    return Row(
        name,
        _quantiles(rustok),
        _quantiles(raw),
        f"{percentile(rustok, 0.99) / percentile(raw, 0.99):.1f}x",
    )


def _quantiles(latencies: list[float]) -> str:
    p50, p95, p99 = (percentile(latencies, f) * 1000 for f in (0.5, 0.95, 0.99))
    return f"{p50:.0f} / {p95:.0f} / {p99:.0f} ms"


def _latency_once(
    workspace: Workspace,
    database: OutboxDatabase,
    config: Path,
    endpoint: Endpoint,
    engine: str,
    port: int,
    plan: WebhookPlan,
    label: str = "",
) -> list[float]:
    seed_items(database, plan.items)
    asyncio.run(_truncate(database))
    base = f"http://127.0.0.1:{port}"
    urllib.request.urlopen(urllib.request.Request(f"{base}/reset", method="POST"), timeout=10)
    arguments = [sys.executable, "-m", "bench._webhook_procs", "latency", "--config", str(config)]
    arguments += ["--engine", engine, "--url", endpoint.url, "--secret", endpoint.secret]
    arguments += ["--endpoint", str(endpoint.id), "--stats-url", f"{base}/stats"]
    arguments += ["--rate", str(plan.rate), "--seconds", str(plan.seconds)]
    arguments += ["--items", str(plan.items)]
    label = label or engine
    log = workspace.directory / f"webhooks-latency-{label}.log"
    output = json.loads(run_child(workspace, arguments, log, _TIMEOUT_SECONDS).splitlines()[-1])
    if not output["received"]:
        raise RuntimeError(f"{label}: not every event reached the receiver in time")
    with urllib.request.urlopen(f"{base}/stats", timeout=10) as answer:
        arrivals = json.load(answer)
    warm = round(plan.rate)  # the first second is warm-up
    latencies = sorted(seconds for stamp, seconds in arrivals if stamp > warm)
    print(
        f"  webhooks latency {label:13}: {output['writes']} events, "
        f"p99 {percentile(latencies, 0.99) * 1000:.0f} ms",
        file=sys.stderr,
    )
    return latencies


async def _truncate(database: OutboxDatabase) -> None:
    connection = await asyncpg.connect(database.plain_url(owner=True))
    try:
        await connection.execute("TRUNCATE webhooks_delivery_attempts, webhooks_deliveries")
    finally:
        await connection.close()


def _wait_for_port(port_file: Path, exited: Any, timeout: float = 30.0) -> int:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if port_file.exists() and port_file.read_text().strip():
            return int(port_file.read_text())
        if exited() is not None:
            raise RuntimeError("the webhook receiver exited")
        time.sleep(0.05)
    raise RuntimeError("the webhook receiver did not start")


async def _create_endpoint(
    database: OutboxDatabase, url: str, types: list[str] | None = None
) -> Endpoint:
    settings = bench_settings(database.owner_url, database.runtime_url, webhook_allow_private=True)
    runtime = build_runtime(settings, build_registry(settings, extra_modules=(module,)))
    try:
        ctx = Context(runtime=runtime, principal=SystemPrincipal())
        fields = EndpointFields(url=url, event_types=types or [ITEM_TOUCHED.name])
        created = await create_endpoint(ctx, database.tenant_id, fields)
    finally:
        await runtime.db.dispose()
    return Endpoint(created.row.id, url, created.secret)


def _send_once(
    workspace: Workspace,
    database: OutboxDatabase,
    config: Path,
    endpoint: Endpoint,
    engine: str,
    count: int,
) -> float:
    asyncio.run(_seed(database, endpoint, count))
    arguments = [sys.executable, "-m", "bench._webhook_procs", "send", "--config", str(config)]
    arguments += ["--engine", engine, "--url", endpoint.url, "--secret", endpoint.secret]
    log = workspace.directory / f"webhooks-{engine}.log"
    output = run_child(workspace, arguments, log, _TIMEOUT_SECONDS)
    measured = json.loads(output.strip().splitlines()[-1])
    asyncio.run(_check(database, endpoint, count, engine))
    seconds = measured["seconds"]
    rate: float = count / seconds
    print(
        f"  webhooks {engine:6}: {rate:7.0f} deliveries/s, {count} in {seconds:.1f} s, "
        f"process CPU {measured['cpu_seconds'] / seconds:.0%}",
        file=sys.stderr,
    )
    return rate


async def _seed(database: OutboxDatabase, endpoint: Endpoint, count: int) -> None:
    """Empty the queue, the log and the outbox; queue ``count`` deliveries of fresh events."""
    tenant_id, started = database.tenant_id, datetime.now(UTC) - timedelta(minutes=5)
    events, deliveries = [], []
    for number in range(count):
        event_id, aggregate = new_id(), str(uuid.uuid4())
        occurred = started + timedelta(microseconds=number)
        events.append(
            (
                event_id,
                tenant_id,
                ITEM_TOUCHED.name,
                ITEM_TOUCHED.version,
                ITEM_TOUCHED.aggregate_type,
                aggregate,
                1,
                occurred,
                "system",
                orjson.dumps({"stamp": number}).decode(),
            )
        )
        deliveries.append(
            (
                new_id(),
                tenant_id,
                endpoint.id,
                event_id,
                webhook_id(event_id, endpoint.id),
                f"{ITEM_TOUCHED.aggregate_type}:{aggregate}",
                1,
                "pending",
                0,
                occurred,
                occurred,
            )
        )
    connection = await asyncpg.connect(database.plain_url(owner=True))
    try:
        async with connection.transaction():
            await connection.execute(f"TRUNCATE {', '.join(_RESET)}")
            await connection.copy_records_to_table(
                "core_events",
                records=events,
                columns=[
                    "id",
                    "tenant_id",
                    "type",
                    "version",
                    "aggregate_type",
                    "aggregate_id",
                    "sequence",
                    "occurred_at",
                    "actor",
                    "payload",
                ],
            )
            await connection.copy_records_to_table(
                "webhooks_deliveries",
                records=deliveries,
                columns=[
                    "id",
                    "tenant_id",
                    "endpoint_id",
                    "event_id",
                    "msg_id",
                    "aggregate_key",
                    "sequence",
                    "state",
                    "attempts",
                    "next_attempt_at",
                    "created_at",
                ],
            )
        await connection.execute(f"VACUUM ANALYZE {', '.join(_RESET)}")
    finally:
        await connection.close()


async def _check(database: OutboxDatabase, endpoint: Endpoint, count: int, engine: str) -> None:
    """Every delivery had one attempt, logged; the failing 5 % wait for a retry, others done."""
    connection = await asyncpg.connect(database.plain_url(owner=True))
    try:
        rows = await connection.fetch("SELECT msg_id, state, attempts FROM webhooks_deliveries")
        logged = await connection.fetchval("SELECT count(*) FROM webhooks_delivery_attempts")
    finally:
        await connection.close()
    expected = {row["msg_id"]: "pending" if fails(row["msg_id"]) else "delivered" for row in rows}
    problems = []
    if len(rows) != count or logged != count:
        problems.append(f"{len(rows)} deliveries, {logged} attempts logged, {count} expected")
    if any(row["state"] != expected[row["msg_id"]] or row["attempts"] != 1 for row in rows):
        problems.append("a delivery is in the wrong state or was tried twice")
    if problems:
        raise RuntimeError(f"{engine} webhook sending is wrong: {'; '.join(problems)}")
