"""Run every benchmark and print one table: ``python -m bench`` from the repository root.

Progress and per-run details go to stderr, the machine description and the table to stdout.
``--check`` exits 1 when a target is missed. ``python -m bench drain freshness`` (or
``--only NAME``) runs a subset.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path

from bench import (
    checkout,
    cold_start,
    drain,
    freshness,
    listing,
    many_modules,
    tiny_query,
    webhooks,
)
from bench._listing_case import PRODUCTS
from bench._machine import describe_machine
from bench._outbox_db import DEFAULT_POSTGRES_URL, postgres_description
from bench._processes import Workspace, prepare_workspace
from bench._results import Row, render_table

Benchmark = Callable[[Workspace, argparse.Namespace], list[Row]]

BENCHMARKS: dict[str, Benchmark] = {
    "cold-start": lambda workspace, options: cold_start.run(workspace, runs=options.runs),
    "many-modules": lambda workspace, options: many_modules.run(workspace, runs=options.runs),
    "tiny-query": lambda workspace, options: tiny_query.run(
        workspace,
        plan=tiny_query.LoadPlan(options.requests, options.concurrency, options.rounds),
    ),
    "drain": lambda workspace, options: drain.run(
        workspace,
        drain.DrainPlan(
            aggregates=options.backlog // 10,
            per_aggregate=10,
            history=options.history,
            rounds=options.drain_rounds,
            postgres_url=options.postgres_url,
            sqlite=options.drain_sqlite,
        ),
    ),
    "freshness": lambda workspace, options: freshness.run(
        workspace,
        freshness.FreshnessPlan(
            rate=options.freshness_rate,
            seconds=options.freshness_seconds,
            step_seconds=options.step_seconds,
            postgres_url=options.postgres_url,
            redis_url=options.redis_url,
            modes=tuple(options.freshness_modes.split(",")),
        ),
    ),
    "listing": lambda workspace, options: listing.run(
        workspace,
        listing.ListingPlan(
            postgres_url=options.postgres_url,
            entries=options.listing_entries,
            requests=options.listing_requests,
            concurrency=options.concurrency,
            rounds=options.rounds,
        ),
    ),
    "products": lambda workspace, options: listing.run(
        workspace,
        listing.ListingPlan(
            postgres_url=options.postgres_url,
            entries=options.products,
            requests=options.listing_requests,
            concurrency=options.concurrency,
            rounds=options.rounds,
            case=PRODUCTS,
        ),
    ),
    "webhooks": lambda workspace, options: webhooks.run(
        workspace,
        webhooks.WebhookPlan(
            deliveries=options.webhook_deliveries,
            rounds=options.webhook_rounds,
            postgres_url=options.postgres_url,
            rate=options.webhook_rate,
            seconds=options.webhook_seconds,
            redis_url=options.redis_url,
        ),
    ),
    "checkout": lambda workspace, options: checkout.run(
        workspace,
        checkout.CheckoutPlan(
            postgres_url=options.postgres_url,
            clients=options.checkout_clients,
            checkouts=options.checkouts,
            rounds=options.checkout_rounds,
            hot=options.checkout_hot,
        ),
    ),
}
# The benchmarks that need PostgreSQL (and print its version and settings).
_POSTGRES_BENCHMARKS = frozenset(
    {"checkout", "drain", "freshness", "listing", "products", "webhooks"}
)


def parse_arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    """Return the command-line options."""
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument(
        "names", nargs="*", metavar="NAME", help=f"benchmarks to run: {', '.join(BENCHMARKS)}"
    )
    parser.add_argument(
        "--only",
        choices=sorted(BENCHMARKS),
        action="append",
        help="run only this benchmark (repeatable)",
    )
    parser.add_argument("--runs", type=int, default=7, help="cold starts per variant")
    parser.add_argument("--requests", type=int, default=8000, help="requests per load round")
    parser.add_argument("--concurrency", type=int, default=16, help="open connections")
    parser.add_argument("--rounds", type=int, default=5, help="load rounds per server")
    parser.add_argument(
        "--postgres-url",
        default=DEFAULT_POSTGRES_URL,
        help="a superuser URL; drain and freshness create a throwaway database there ('' skips)",
    )
    parser.add_argument(
        "--redis-url", default="", help="Redis for the arq worker (default: a private redis-server)"
    )
    parser.add_argument("--backlog", type=int, default=100_000, help="events in the drain backlog")
    parser.add_argument(
        "--history", type=int, default=0, help="delivered events per aggregate before the backlog"
    )
    parser.add_argument(
        "--drain-rounds", type=int, default=2, help="drains per engine, alternating who goes first"
    )
    parser.add_argument(
        "--drain-sqlite",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="drain on SQLite too",
    )
    parser.add_argument("--freshness-rate", type=float, default=200.0, help="writes/s measured")
    parser.add_argument("--freshness-seconds", type=float, default=15.0, help="seconds measured")
    parser.add_argument("--step-seconds", type=float, default=5.0, help="seconds per rate step")
    parser.add_argument(
        "--freshness-modes",
        default=",".join(mode.name for mode in freshness.MODES),
        help="comma-separated freshness modes",
    )
    parser.add_argument(
        "--listing-entries", type=int, default=1000, help="published entries the listing lists"
    )
    parser.add_argument(
        "--listing-requests",
        type=int,
        default=1000,
        help="listing requests per round at first 20 (proportionally fewer at first 100)",
    )
    parser.add_argument(
        "--products", type=int, default=1000, help="active products the catalog listing lists"
    )
    parser.add_argument(
        "--webhook-deliveries", type=int, default=5000, help="deliveries queued per webhook round"
    )
    parser.add_argument(
        "--webhook-rounds", type=int, default=2, help="webhook rounds per engine, alternating"
    )
    parser.add_argument(
        "--webhook-rate", type=float, default=500.0, help="events/s of the webhook latency run"
    )
    parser.add_argument(
        "--webhook-seconds", type=float, default=10.0, help="seconds of the webhook latency run"
    )
    parser.add_argument(
        "--checkout-clients", type=int, default=50, help="concurrent clients checking out"
    )
    parser.add_argument("--checkouts", type=int, default=150, help="checkouts per round and side")
    parser.add_argument(
        "--checkout-rounds", type=int, default=2, help="checkout rounds per side, alternating"
    )
    parser.add_argument(
        "--checkout-hot", type=int, default=100, help="hot-row checkouts per side (0: off)"
    )
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    options = parser.parse_args(argv)
    unknown = [name for name in options.names if name not in BENCHMARKS]
    if unknown:
        parser.error(
            f"unknown benchmark {', '.join(unknown)} (choose from {', '.join(BENCHMARKS)})"
        )
    return options


def run_benchmark(name: str, workspace: Workspace, options: argparse.Namespace) -> list[Row]:
    """Run one benchmark; a crash becomes a failed row, and the others still run."""
    print(f"{name} ...", file=sys.stderr, flush=True)
    started = time.perf_counter()
    try:
        rows = BENCHMARKS[name](workspace, options)
    except Exception as error:
        traceback.print_exc()
        return [Row(name, f"error: {type(error).__name__}", target="runs", is_met=False)]
    print(f"{name} done in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    return rows


def main(argv: Sequence[str] | None = None) -> int:
    """Run the selected benchmarks and print the machine and the table; return the exit code."""
    options = parse_arguments(argv)
    machine = describe_machine()
    selected = [*options.names, *(options.only or [])] or list(BENCHMARKS)
    if _POSTGRES_BENCHMARKS.intersection(selected) and options.postgres_url:
        machine.append(f"database: {postgres_description(options.postgres_url)}")
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="rustok-bench-") as directory:
        workspace = prepare_workspace(Path(directory))
        for name in dict.fromkeys(selected):
            rows += run_benchmark(name, workspace, options)
    print("\n".join(machine), end="\n\n")
    print(render_table(rows))
    missed = [row.name for row in rows if row.is_met is False]
    print(f"\ntargets missed: {', '.join(missed)}" if missed else "\nevery target met")
    return 1 if options.check and missed else 0


if __name__ == "__main__":
    sys.exit(main())
