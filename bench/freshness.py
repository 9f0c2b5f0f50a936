"""Benchmark 5: freshness, from a write's commit to its row being visible in the read table.

An API process (the real app through its lifespan, with the ``benchout`` module) writes at a
paced rate through the module's service, in process (no HTTP): each write updates one of 10k
items and emits ``benchout.item.changed`` in one transaction, and its commit time is taken in
the session's ``after_commit`` hook; up to 32 writes are in flight, as concurrent requests
would be. The event goes to ``core.audit`` and to the projection ``benchout.listing``, which
copies the item into ``idx_benchout_listing``. A watcher process records when each write's
row first shows: on PostgreSQL a row trigger on the read table notifies the stamp (delivered
after the commit), on SQLite the watcher polls about every millisecond.

Runners, as the product sets them up for the settings:

- embedded: the API process's own runner, woken after each commit (SQLite, the embedded
  default, and PostgreSQL);
- arq: ``rustok worker`` (with ``benchout`` registered) on PostgreSQL + Redis, woken by the
  API's Redis push after each commit. Redis is a private ``redis-server`` unless
  ``--redis-url`` names one; keys carry a unique prefix and are deleted afterwards.

Baseline, in the same run with the same watcher: the hand-written pipeline of
:mod:`bench._outbox_raw` (same writes, same effects, woken the same way).

Each mode is measured at 200 writes/s for 15 s (after a 1 s warm-up), then the rate is doubled
every 5 s step until a step misses the mode's target (achieved rate under 95 % of the asked
one, a write never seen, the outbox not empty 15 s after the writer stopped, or freshness p99
above the target), or halved until one holds it, with one step halfway between; the highest
rate that held the target is reported, for RusToK and the baseline alike. Every step starts
from an empty outbox.
"""

from __future__ import annotations

import bisect
import json
import shutil
import socket
import sys
import time
import uuid
from collections import defaultdict
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from redis import Redis
from redis.exceptions import RedisError

from bench._children import command, cpu_seconds, run_child, running_child, wait_for_line
from bench._outbox_db import (
    OutboxDatabase,
    install_notify_trigger,
    postgres_database,
    postgres_reachable,
    seed_items,
    sqlite_database,
)
from bench._outbox_procs import ProcessConfig
from bench._processes import Workspace
from bench._results import Row, percentile

__all__ = ["MODES", "FreshnessPlan", "delete_keys", "private_or_given_redis", "run"]

MIN_RATE = 10.0  # the search for the highest rate that holds the target stops below this
_ACHIEVED_SHARE = 0.95
_DRAIN_TIMEOUT_SECONDS = 15.0


@dataclass(frozen=True, slots=True)
class Mode:
    """One way of running the pipeline, with its p99 target."""

    name: str
    label: str
    backend: str
    runner: str
    target_ms: float


MODES = (
    Mode("embedded-sqlite", "embedded runner, SQLite", "sqlite", "embedded", 20.0),
    Mode("embedded-postgres", "embedded runner, PostgreSQL", "postgres", "embedded", 20.0),
    Mode("arq-postgres", "arq worker, PostgreSQL + Redis", "postgres", "arq", 100.0),
)


@dataclass(frozen=True, slots=True)
class FreshnessPlan:
    """Rates, durations, and where PostgreSQL and Redis are."""

    rate: float = 200.0
    seconds: float = 15.0
    warmup: float = 1.0
    step_seconds: float = 5.0
    max_rate: float = 6400.0
    items: int = 10_000
    concurrency: int = 32
    postgres_url: str = ""
    redis_url: str = ""
    modes: tuple[str, ...] = tuple(mode.name for mode in MODES)


@dataclass(frozen=True, slots=True)
class Step:
    """One paced write run and what the watcher saw of it."""

    rate: float
    achieved: float
    freshness: list[float] = field(repr=False)
    write_latency: list[float] = field(repr=False)
    missing: int
    drained: bool

    def quantile(self, fraction: float) -> float:
        """Return a freshness percentile in seconds (inf when writes never showed)."""
        return percentile(self.freshness, fraction)

    @property
    def kept_up(self) -> bool:
        """Return whether the writer kept the rate, every write showed and the outbox emptied."""
        return self.achieved >= _ACHIEVED_SHARE * self.rate and not self.missing and self.drained

    def holds(self, target_seconds: float) -> bool:
        """Return whether the rate was kept up with a freshness p99 within ``target_seconds``."""
        return self.kept_up and self.quantile(0.99) <= target_seconds

    def describe(self, target_seconds: float) -> str:
        """Return one line for the details."""
        p50, p95, p99 = (self.quantile(f) * 1000 for f in (0.5, 0.95, 0.99))
        latency = self.write_latency
        return (
            f"{self.rate:6.0f} writes/s asked, {self.achieved:6.0f} done: freshness p50 "
            f"{p50:7.1f} ms, p95 {p95:7.1f} ms, p99 {p99:7.1f} ms, max "
            f"{self.freshness[-1] * 1000:7.1f} ms; write p50 "
            f"{percentile(latency, 0.5) * 1000:5.1f} ms, "
            f"p99 {percentile(latency, 0.99) * 1000:5.1f} ms; {self.missing} never seen"
            f"{'' if self.drained else ', backlog left'}"
            f" -> {'holds' if self.holds(target_seconds) else 'does NOT hold'} the target"
        )


def run(workspace: Workspace, plan: FreshnessPlan) -> list[Row]:
    """Measure every selected mode; return two rows per mode."""
    rows: list[Row] = []
    problem = postgres_reachable(plan.postgres_url) if plan.postgres_url else "no --postgres-url"
    for mode in MODES:
        if mode.name not in plan.modes:
            continue
        if mode.backend == "postgres" and problem:
            rows.append(Row(f"freshness, {mode.label}", f"skipped: {problem[:60]}"))
            continue
        if mode.runner == "arq" and not (plan.redis_url or shutil.which("redis-server")):
            rows.append(Row(f"freshness, {mode.label}", "skipped: no Redis"))
            continue
        rows += _run_mode(workspace, mode, plan)
    return rows


def _run_mode(workspace: Workspace, mode: Mode, plan: FreshnessPlan) -> list[Row]:
    with ExitStack() as stack:
        database = stack.enter_context(_database(workspace, mode, plan))
        install_notify_trigger(database)
        redis_url, prefix = "", "rustok"
        if mode.runner == "arq":
            redis_url = stack.enter_context(private_or_given_redis(workspace, plan.redis_url))
            prefix = f"rustok-bench-{uuid.uuid4().hex[:10]}"
            stack.callback(delete_keys, redis_url, prefix)
        config = workspace.directory / f"freshness-{mode.name}.json"
        ProcessConfig(
            database.kind,
            database.owner_url,
            database.runtime_url,
            str(database.tenant_id),
            redis_url,
            prefix,
        ).save(config)
        seen_log = workspace.directory / f"freshness-{mode.name}-seen.txt"
        watcher = stack.enter_context(
            running_child(
                workspace,
                command("watch", config, "--items", str(plan.items), "--out", str(seen_log)),
                workspace.directory / f"freshness-{mode.name}-watch.log",
            )
        )
        wait_for_line(seen_log, "ready", watcher)
        stamps = _Stamps()
        measured: dict[str, Step] = {}
        best: dict[str, Step | None] = {}
        # Interleaved: RusToK's step at the asked rate, the baseline's, then the searches for
        # the highest rate that holds the target, the baseline's first.
        for engine in ("rustok", "raw", "raw", "rustok"):
            with ExitStack() as phase:
                drainer_pid: int | None = None
                if mode.runner == "arq":  # RusToK's worker, or the raw loop's drainer
                    name = "worker" if engine == "rustok" else "drainer"
                    drainer_log = workspace.directory / f"freshness-{mode.name}-{name}.log"
                    drainer = phase.enter_context(
                        running_child(workspace, command(name, config), drainer_log)
                    )
                    wait_for_line(drainer_log, "ready", drainer)
                    drainer_pid = drainer.pid
                runner = _Runner(workspace, mode, plan, database, config, seen_log, engine, stamps)
                runner.watch_cpu({"watcher": watcher.pid, "drainer": drainer_pid})
                if engine not in measured:
                    measured[engine] = runner.step(plan.rate, plan.seconds)
                else:
                    best[engine] = runner.highest_sustained(measured[engine])
    return _rows(mode, plan, (measured["rustok"], best["rustok"]), (measured["raw"], best["raw"]))


@contextmanager
def _database(workspace: Workspace, mode: Mode, plan: FreshnessPlan) -> Iterator[OutboxDatabase]:
    if mode.backend == "postgres":
        with postgres_database(plan.postgres_url) as database:
            yield database
    else:
        with sqlite_database(workspace.directory, f"freshness-{mode.name}") as database:
            yield database


@dataclass(slots=True)
class _Stamps:
    """The next write's stamp: stamps keep increasing over every step of a mode."""

    next: int = 1
    steps: int = 0


class _Runner:
    """Runs paced write steps (RusToK or the raw pipeline) against one mode's processes."""

    def __init__(
        self,
        workspace: Workspace,
        mode: Mode,
        plan: FreshnessPlan,
        database: OutboxDatabase,
        config: Path,
        seen_log: Path,
        engine: str,
        stamps: _Stamps,
    ) -> None:
        self._workspace = workspace
        self._mode = mode
        self._plan = plan
        self._database = database
        self._config = config
        self._seen_log = seen_log
        self._engine = engine
        self._stamps = stamps
        self._pids: dict[str, int] = {}
        self._target = mode.target_ms / 1000

    def watch_cpu(self, pids: dict[str, int | None]) -> None:
        """Report the CPU time these processes use during each step."""
        self._pids = {name: pid for name, pid in pids.items() if pid is not None}

    def step(self, rate: float, seconds: float) -> Step:
        """Write at ``rate`` for the warm-up plus ``seconds``; return what was measured."""
        seed_items(self._database, self._plan.items)  # an empty outbox for every step
        self._stamps.steps += 1
        out = self._workspace.directory / f"freshness-{self._mode.name}-{self._stamps.steps}.json"
        arguments = command(
            "write",
            self._config,
            "--engine",
            self._engine,
            "--rate",
            str(rate),
            "--seconds",
            str(seconds),
            "--warmup",
            str(self._plan.warmup),
            "--first",
            str(self._stamps.next),
            "--items",
            str(self._plan.items),
            "--concurrency",
            str(self._plan.concurrency),
            "--drain-timeout",
            str(_DRAIN_TIMEOUT_SECONDS),
            "--out",
            str(out),
        )
        log = self._workspace.directory / f"freshness-{self._mode.name}-{self._engine}-write.log"
        before = {name: cpu_seconds(pid) for name, pid in self._pids.items()}
        run_child(self._workspace, arguments, log, timeout=seconds * 4 + 120)
        used = {name: cpu_seconds(pid) - before[name] for name, pid in self._pids.items()}
        time.sleep(0.1)  # the watcher's last poll
        written = json.loads(out.read_text())
        writes: list[list[float]] = written["writes"]
        self._stamps.next += len(writes)
        step = _analyse(rate, writes, _read_seen(self._seen_log), self._plan.items)
        step = Step(
            step.rate,
            step.achieved,
            step.freshness,
            step.write_latency,
            step.missing,
            bool(written["drained"]),
        )
        print(
            f"  {self._mode.name:17} {self._engine:6}: {step.describe(self._target)}",
            file=sys.stderr,
        )
        count = len(writes)
        costs = [f"API process {written['cpu_seconds'] / count * 1000:.2f} ms"]
        costs += [f"{name} {spent / count * 1000:.2f} ms" for name, spent in used.items()]
        print(f"  {'':24}  CPU per write: {', '.join(costs)}", file=sys.stderr)
        return step

    def highest_sustained(self, first: Step) -> Step | None:
        """Return the step at the highest rate that held the mode's freshness target.

        Double the rate until a step misses the target (or halve it until one holds), then
        try halfway between the highest that held and the lowest that missed.
        """
        holds = first.holds(self._target)
        best = first if holds else None
        failed = None if holds else first.rate
        rate = first.rate
        while best is not None and failed is None and rate * 2 <= self._plan.max_rate:
            rate *= 2
            step = self.step(rate, self._plan.step_seconds)
            best, failed = (step, None) if step.holds(self._target) else (best, rate)
        while best is None and rate / 2 >= MIN_RATE:
            rate /= 2
            step = self.step(rate, self._plan.step_seconds)
            best, failed = (step, failed) if step.holds(self._target) else (None, rate)
        if best is not None and failed is not None:
            step = self.step((best.rate + failed) / 2, self._plan.step_seconds)
            best = step if step.holds(self._target) else best
        return best


def _read_seen(path: Path) -> dict[int, float]:
    seen: dict[int, float] = {}
    for line in path.read_text().splitlines():
        stamp, _, moment = line.partition(" ")
        if moment:
            seen.setdefault(int(stamp), float(moment))
    return seen


def _analyse(
    rate: float, writes: Sequence[Sequence[float]], seen: dict[int, float], items: int
) -> Step:
    """Return freshness per measured write (a write is visible once it or a later write of its
    item shows), the achieved rate and the write latencies."""
    seen_by_item: dict[int, list[int]] = defaultdict(list)
    for stamp in sorted(seen):
        seen_by_item[stamp % items].append(stamp)
    earliest: dict[int, list[float]] = {}  # per item: the earliest sighting from index i on
    for item, stamps in seen_by_item.items():
        suffix = [seen[stamp] for stamp in stamps]
        for index in range(len(suffix) - 2, -1, -1):
            suffix[index] = min(suffix[index], suffix[index + 1])
        earliest[item] = suffix
    measured = [write for write in writes if not write[4]]
    freshness: list[float] = []
    missing = 0
    for write in measured:
        stamp, committed = int(write[0]), write[2]
        item = stamp % items
        stamps = seen_by_item.get(item, [])
        index = bisect.bisect_left(stamps, stamp)
        if index == len(stamps):
            missing += 1
            freshness.append(float("inf"))
            continue
        freshness.append(max(0.0, earliest[item][index] - committed))
    commits = sorted(write[2] for write in measured)
    span = commits[-1] - commits[0] if len(commits) > 1 else 0.0
    achieved = (len(commits) - 1) / span if span else 0.0
    return Step(
        rate,
        achieved,
        sorted(freshness),
        sorted(write[3] for write in measured),
        missing,
        True,
    )


def _rows(
    mode: Mode,
    plan: FreshnessPlan,
    rustok: tuple[Step, Step | None],
    raw: tuple[Step, Step | None],
) -> list[Row]:
    measured, baseline = rustok[0], raw[0]
    p99, raw_p99 = measured.quantile(0.99) * 1000, baseline.quantile(0.99) * 1000
    best, raw_best = rustok[1], raw[1]
    highest, raw_highest = (
        best.rate if best is not None else 0.0,
        raw_best.rate if raw_best is not None else 0.0,
    )
    return [
        Row(
            f"freshness {mode.label}, {plan.rate:.0f} writes/s: p50 / p95 / p99",
            _quantiles(measured),
            _quantiles(baseline),
            f"{p99 / raw_p99:.1f}x" if raw_p99 else "",
            f"p99 <= {mode.target_ms:.0f} ms",
            measured.holds(mode.target_ms / 1000),
        ),
        Row(
            f"highest write rate with freshness p99 <= {mode.target_ms:.0f} ms, {mode.label}",
            _highest(best),
            _highest(raw_best),
            f"{highest / raw_highest:.2f}" if highest and raw_highest else "",
        ),
    ]


def _quantiles(step: Step) -> str:
    p50, p95, p99 = (step.quantile(f) * 1000 for f in (0.5, 0.95, 0.99))
    return f"{p50:.1f} / {p95:.1f} / {p99:.1f} ms"


def _highest(best: Step | None) -> str:
    if best is None:
        return f"< {MIN_RATE:.0f} writes/s"
    return f"{best.rate:.0f}/s (p99 {best.quantile(0.99) * 1000:.0f} ms)"


# --- a private Redis ---------------------------------------------------------------------


@contextmanager
def private_or_given_redis(workspace: Workspace, redis_url: str) -> Iterator[str]:
    """Yield ``redis_url``, or the URL of a private ``redis-server`` stopped afterwards."""
    if redis_url:
        yield redis_url
        return
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    arguments = ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", ""]
    arguments += ["--appendonly", "no", "--dir", str(workspace.directory)]
    with running_child(workspace, arguments, workspace.directory / "redis.log"):
        url = f"redis://127.0.0.1:{port}/0"
        _wait_for_redis(url)
        yield url


def _wait_for_redis(url: str, timeout: float = 10.0) -> None:
    client = Redis.from_url(url, socket_connect_timeout=1)
    deadline = time.monotonic() + timeout
    try:
        while True:
            try:
                client.ping()
            except (RedisError, OSError):
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
            else:
                return
    finally:
        client.close()


def delete_keys(url: str, prefix: str) -> None:
    """Delete the run's keys: ``<prefix>:*`` and arq's job keys of the run's queue."""
    client = Redis.from_url(url, socket_connect_timeout=1)
    try:
        queue = f"{prefix}:arq:queue"
        members: list[bytes] = list(client.zrange(queue, 0, -1))  # type: ignore[arg-type]
        jobs = [job.decode() for job in members]
        keys = [
            f"{kind}{job}"
            for job in jobs
            for kind in ("arq:job:", "arq:retry:", "arq:in-progress:", "arq:result:")
        ]
        keys += [key.decode() for key in client.scan_iter(match=f"{prefix}:*", count=1000)]
        if keys:
            client.delete(*keys)
    except Exception as error:
        print(f"  could not delete the Redis keys of {prefix}: {error}", file=sys.stderr)
    finally:
        client.close()
