"""Benchmark 4: draining an outbox backlog, events/s for one worker process.

A backlog of 100k events (10k aggregates x 10 events, interleaved at random, each aggregate in
sequence order) is written into a throwaway database, and one process drains it:

- RusToK: ``Dispatcher.drain()``, the code path of both runners (batches of 100, one
  transaction each, per-aggregate order check, receipts, subscriber positions), connected as
  the runtime role (row-level security on).
- Baseline, measured in the same run on the same backlog: a raw loop on the same driver
  (asyncpg / aiosqlite) that claims 100 pending deliveries ordered by event id (``FOR UPDATE
  SKIP LOCKED`` on PostgreSQL), applies the same effect, marks them delivered and commits.

Two subscribers: ``benchout.noop`` (a handler with no effect: the pipeline's own cost) and
``benchout.listing`` (a projection upserting one read row per aggregate from the source
table). Each event has one delivery, to the subscriber under test only (emit would add one to
``core.audit`` as well). The target (>= 0.1 of the raw loop) is the projection's on
PostgreSQL, the raw loop being asyncpg's; the no-op and SQLite rows are shown without one.

Each engine drains ``--drain-rounds`` times (2), alternating which goes first, from a fresh
copy of the same backlog; the median rates are compared. ``--history N`` first seeds N
delivered events per aggregate (the history an outbox keeps for the retention period).
"""

from __future__ import annotations

import json
import statistics
import sys
from dataclasses import dataclass
from pathlib import Path

from bench._children import command, run_child
from bench._outbox_db import (
    Backlog,
    OutboxDatabase,
    outbox_counts,
    postgres_database,
    postgres_reachable,
    seed_backlog,
    sqlite_database,
)
from bench._outbox_procs import ProcessConfig
from bench._processes import Workspace
from bench._results import Row
from bench.outbox_module import ITEM_CHANGED, ITEM_TOUCHED, LISTING, NOOP

__all__ = ["TARGET_RATIO", "DrainPlan", "run"]

TARGET_RATIO = 0.1
_TIMEOUT_SECONDS = 3600.0
_SCENARIOS = {
    "noop": Backlog(ITEM_TOUCHED, (NOOP.name,)),
    "projection": Backlog(ITEM_CHANGED, (LISTING.name,)),
}
_LABELS = {"noop": "no-op handler", "projection": "projection"}


@dataclass(frozen=True, slots=True)
class DrainPlan:
    """How big the backlog is, how often each engine drains it, and where PostgreSQL is."""

    aggregates: int = 10_000
    per_aggregate: int = 10
    history: int = 0
    rounds: int = 1
    postgres_url: str = ""
    sqlite: bool = True


@dataclass(frozen=True, slots=True)
class Drained:
    """One drain: deliveries, wall seconds and the draining process's CPU seconds."""

    deliveries: int
    seconds: float
    cpu_seconds: float

    @property
    def rate(self) -> float:
        """Return deliveries per wall-clock second."""
        return self.deliveries / self.seconds


def run(workspace: Workspace, plan: DrainPlan) -> list[Row]:
    """Drain the backlog with RusToK and the raw loop, per backend and subscriber."""
    rows: list[Row] = []
    if plan.postgres_url:
        problem = postgres_reachable(plan.postgres_url)
        if problem:
            rows.append(Row("drain on PostgreSQL", f"skipped: {problem[:60]}"))
        else:
            with postgres_database(plan.postgres_url) as database:
                rows += _run_backend(workspace, database, plan)
    if plan.sqlite:
        with sqlite_database(workspace.directory, "drain") as database:
            rows += _run_backend(workspace, database, plan)
    return rows


def _run_backend(workspace: Workspace, database: OutboxDatabase, plan: DrainPlan) -> list[Row]:
    config = workspace.directory / f"drain-{database.kind}.json"
    ProcessConfig(
        database.kind, database.owner_url, database.runtime_url, str(database.tenant_id)
    ).save(config)
    rows = []
    for scenario, template in _SCENARIOS.items():
        backlog = Backlog(
            template.event_type,
            template.subscribers,
            plan.aggregates,
            plan.per_aggregate,
            history=plan.history,
        )
        results: dict[str, list[Drained]] = {"rustok": [], "raw": []}
        for round_number in range(plan.rounds):
            # Alternate which engine goes first, so neither always gets the quieter minute.
            order = ("raw", "rustok") if round_number % 2 == 0 else ("rustok", "raw")
            for engine in order:
                drained = _drain_once(workspace, database, config, backlog, engine, scenario)
                results[engine].append(drained)
        rows.append(_row(database, scenario, backlog, results))
    return rows


def _drain_once(
    workspace: Workspace,
    database: OutboxDatabase,
    config: Path,
    backlog: Backlog,
    engine: str,
    scenario: str,
) -> Drained:
    seed_backlog(database, backlog)
    log = workspace.directory / f"drain-{database.kind}-{scenario}-{engine}.log"
    output = run_child(
        workspace,
        command("drain", config, "--engine", engine, "--scenario", scenario),
        log,
        _TIMEOUT_SECONDS,
    )
    measured = json.loads(output.strip().splitlines()[-1])
    drained = Drained(int(measured["deliveries"]), measured["seconds"], measured["cpu_seconds"])
    _check(database, backlog, scenario, engine, drained)
    print(
        f"  drain {database.label:10} {scenario:10} {engine:6}: {drained.rate:8.0f} events/s, "
        f"{drained.deliveries} in {drained.seconds:.1f} s, "
        f"process CPU {drained.cpu_seconds / drained.seconds:.0%}",
        file=sys.stderr,
    )
    return drained


def _check(
    database: OutboxDatabase, backlog: Backlog, scenario: str, engine: str, drained: Drained
) -> None:
    """Every delivery must be settled and, for the projection, every read row current."""
    counts = outbox_counts(database, backlog.last_stamp)
    problems = []
    if drained.deliveries != backlog.deliveries or counts.undelivered:
        problems.append(f"{drained.deliveries} delivered, {counts.undelivered} left")
    if scenario == "projection" and counts.listing_at != backlog.aggregates:
        problems.append(f"{counts.listing_at} of {backlog.aggregates} read rows are current")
    if problems:
        raise RuntimeError(f"{engine} drain on {database.label} is wrong: {'; '.join(problems)}")


def _row(
    database: OutboxDatabase, scenario: str, backlog: Backlog, results: dict[str, list[Drained]]
) -> Row:
    rustok = statistics.median(item.rate for item in results["rustok"])
    raw = statistics.median(item.rate for item in results["raw"])
    ratio = rustok / raw
    thousands = backlog.events // 1000
    history = (
        f" + {backlog.history * backlog.aggregates // 1000}k delivered" if backlog.history else ""
    )
    # The target is the drain through a projection against the raw asyncpg loop;
    # the no-op handler and SQLite rows show the same ratio without a target.
    targeted = scenario == "projection" and database.is_postgres
    return Row(
        f"drain {database.label}, {_LABELS[scenario]}, {thousands}k backlog{history}: events/s",
        f"{rustok:.0f}",
        f"{raw:.0f}",
        f"{ratio:.2f}",
        f">= {TARGET_RATIO}" if targeted else "",
        ratio >= TARGET_RATIO if targeted else None,
    )
