"""Benchmark: ``checkoutComplete`` against a hand-written Starlette + asyncpg checkout.

Issue #8's benchmark, on PostgreSQL: a throwaway database with the tenant ``bench`` (content and
commerce), 50 products of 2 variants with 1,000,000 each on hand, and open guest carts of 3
lines made through commerce's services before anything is timed
(``bench/_checkout_seed.py``). One checkout of a seeded cart through GraphQL must succeed
first; the rows it wrote name the subscribers the baseline (``bench/_checkout_baseline.py``)
writes deliveries for. Then 50 clients (one keep-alive connection each) check out carts, each
cart once with a fresh idempotency key, on both servers in alternating rounds; every answer
must carry an order and no errors, and after each round the orders placed and the stock
reserved must equal what was asked. Reported: checkouts/s and p50/p99 latency of each side,
the median of the per-round throughput ratios, and the ratio of the p99s. A second scenario,
``hot``, checks out carts that all hold variant 0: the queue on one stock level's lock.

Both servers only write the outbox: the API runs with ``RUSTOK_EVENT_RUNNER=off``, as the
baseline delivers nothing either (the drain benchmark measures delivery).

Run alone: ``.venv/bin/python -m bench.checkout`` (``--help`` lists the knobs).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import asyncpg
import orjson

from bench._checkout_baseline import CONFIG_VARIABLE
from bench._checkout_seed import LINES, seeder
from bench._listing_baseline import plain_dsn
from bench._listing_db import ListingDatabase, listing_database
from bench._load import LoadResult, Request, send_each
from bench._outbox_db import DEFAULT_POSTGRES_URL
from bench._processes import TENANT_SLUG, Workspace, running_server
from bench._results import Row, percentile
from bench.listing import running_baseline

__all__ = ["CheckoutPlan", "main", "run"]

_ENVIRONMENT = {
    "RUSTOK_MODULES": "content,commerce",
    "RUSTOK_DEFAULT_MODULES": "content,commerce",
    "RUSTOK_EVENT_RUNNER": "off",
}
_HEADERS = {"Content-Type": "application/json", "X-Tenant": TENANT_SLUG}
CHECKOUT = """
mutation ($input: CheckoutCompleteInput!) {
  checkoutComplete(input: $input) {
    orderToken order { number totals { total { amount currency } } } errors { code field message }
  }
}
"""
_EVENTS_OF_ORDER = """
SELECT e.type, e.aggregate_type,
       array_remove(array_agg(d.subscriber ORDER BY d.subscriber), NULL) AS subscribers
FROM core_events e LEFT JOIN core_event_deliveries d ON d.event_id = e.id
WHERE e.occurred_at >= (
    SELECT min(m.created_at) FROM commerce_stock_movements m
    JOIN commerce_orders o ON o.id = m.reference_id WHERE o.idempotency_key = $1
  )
  AND e.type IN ('commerce.order.placed', 'commerce.stock.changed')
GROUP BY e.id, e.type, e.aggregate_type
"""
_COUNTS = """
SELECT (SELECT count(*) FROM commerce_orders WHERE idempotency_key LIKE $1 || '%') AS orders,
       (SELECT count(*) FROM commerce_order_lines l JOIN commerce_orders o ON o.id = l.order_id
        WHERE o.idempotency_key LIKE $1 || '%') AS lines,
       (SELECT coalesce(sum(reserved), 0) FROM commerce_stock_levels) AS reserved
"""


@dataclass(frozen=True, slots=True)
class CheckoutPlan:
    """How many clients and checkouts.

    Attributes:
        postgres_url: A superuser URL; the throwaway database is created there.
        clients: Concurrent clients (one connection each).
        checkouts: Checkouts per measured round and side (each on its own cart).
        rounds: Measured rounds per side, alternating who goes first.
        hot: Checkouts per side of the hot-row scenario (0 skips it).
    """

    postgres_url: str = DEFAULT_POSTGRES_URL
    clients: int = 50
    checkouts: int = 150
    rounds: int = 2
    hot: int = 100


@dataclass(slots=True)
class _Side:
    label: str
    request: Request
    pid: int
    carts: list[str]
    hot_carts: list[str]
    rates: list[float] = field(default_factory=list)
    latencies: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    hot: LoadResult | None = None


def run(workspace: Workspace, plan: CheckoutPlan) -> list[Row]:
    """Seed, verify one checkout, load both servers; return the table's rows."""
    if not plan.postgres_url:
        return [Row("checkout", "skipped: no --postgres-url")]
    with (
        tempfile.TemporaryDirectory(prefix="checkout-", dir=workspace.directory) as scratch,
        listing_database(plan.postgres_url, Path(scratch), _ENVIRONMENT) as database,
    ):
        return _run(database, plan)


def _run(database: ListingDatabase, plan: CheckoutPlan) -> list[Row]:
    started = time.perf_counter()
    per_side = plan.clients + plan.rounds * plan.checkouts  # a warm-up round, then measured
    spread, hot, config = asyncio.run(_seed(database, 1 + 2 * per_side, 2 * plan.hot))
    _note(f"seeded {len(spread) + len(hot)} carts in {time.perf_counter() - started:.0f} s")
    owner = plain_dsn(database.environment["RUSTOK_DATABASE_OWNER_URL"])
    with ExitStack() as stack:
        api = stack.enter_context(
            running_server(Workspace(database.directory, database.environment), "api")
        )
        _verify_one(api.base_url, spread.pop())
        config["events"] = asyncio.run(_events(owner, "verify"))
        environment = {**database.environment, CONFIG_VARIABLE: orjson.dumps(config).decode()}
        baseline, baseline_url = stack.enter_context(
            running_baseline(database.directory, environment, "bench._checkout_baseline")
        )
        sides = (
            _Side("baseline", Request(f"{baseline_url}/checkout", None, "POST", headers=_HEADERS),
                  baseline.pid, spread[:per_side], hot[: plan.hot]),
            _Side("graphql", Request(f"{api.base_url}/graphql", None, "POST", headers=_HEADERS),
                  api.process.pid, spread[per_side:], hot[plan.hot :]),
        )  # fmt: skip
        checker = _Checker(owner, reserved=LINES)
        for side in sides:
            checker.check(side, "warm", _load(side, "warm", side.carts[: plan.clients], plan))
        for number in range(plan.rounds):
            for side in sides if number % 2 == 0 else sides[::-1]:
                first = plan.clients + number * plan.checkouts
                carts = side.carts[first : first + plan.checkouts]
                _round(side, number, carts, plan, checker)
        for side in sides if plan.hot else ():
            side.hot = _load(side, "hot", side.hot_carts, plan)
            checker.check(side, "hot", side.hot)
            _note(f"hot      {side.label:8}: {_describe(side.hot)}")
    return _rows(plan, sides)


async def _seed(
    database: ListingDatabase, spread: int, hot: int
) -> tuple[list[str], list[str], dict[str, Any]]:
    from modules.commerce.settings import load_settings

    async with seeder(database) as writer:
        catalog = await writer.stock_catalog()
        spread_carts = await writer.carts(spread)
        hot_carts = await writer.carts(hot, hot=True)
        await writer.drain()
        async with writer.ctx.runtime.db.transaction(catalog.tenant_id, readonly=True) as session:
            start = (await load_settings(session, catalog.tenant_id)).order_number_start
    config = {"warehouse": str(catalog.warehouse_id), "order_number_start": start}
    return spread_carts, hot_carts, config


def _body(cart: str, key: str) -> bytes:
    return orjson.dumps({"query": CHECKOUT, "variables": {"input": _input(cart, key)}})


def _input(cart: str, key: str) -> dict[str, str]:
    return {"token": cart, "idempotencyKey": key}


def _placed(status: int, payload: bytes) -> bool:
    """Return whether the answer placed an order without errors."""
    if status != 200:
        return False
    answer = orjson.loads(payload)
    result = (answer.get("data") or {}).get("checkoutComplete") or {}
    return "errors" not in answer and result.get("errors") == [] and bool(result.get("order"))


def _verify_one(api_url: str, cart: str) -> None:
    result = send_each(
        Request(f"{api_url}/graphql", None, "POST", headers=_HEADERS),
        [_body(cart, "verify")],
        _placed,
        concurrency=1,
    )
    if result.failures:
        raise RuntimeError(f"a seeded cart's checkout failed: {result.first_failure}")
    _note("one seeded cart checked out through GraphQL")


async def _events(owner: str, key: str) -> dict[str, dict[str, Any]]:
    connection = await asyncpg.connect(owner)
    try:
        rows = await connection.fetch(_EVENTS_OF_ORDER, key)
    finally:
        await connection.close()
    found = {
        row["type"]: {"aggregate_type": row["aggregate_type"], "subscribers": row["subscribers"]}
        for row in rows
    }
    if len(found) != 2:
        raise RuntimeError(f"the verified checkout's events: {found}")
    return found


def _load(side: _Side, tag: str, carts: list[str], plan: CheckoutPlan) -> LoadResult:
    # The API's body carries the GraphQL document; the baseline's only the input.
    bodies = (
        _body(cart, f"{side.label}-{tag}-{n}")
        if side.label == "graphql"
        else orjson.dumps(_input(cart, f"{side.label}-{tag}-{n}"))
        for n, cart in enumerate(carts)
    )
    result = send_each(side.request, bodies, _placed, concurrency=plan.clients)
    if result.failures:
        raise RuntimeError(f"{side.label} {tag}: {result.failures} failed: {result.first_failure}")
    return result


def _round(
    side: _Side, number: int, carts: list[str], plan: CheckoutPlan, checker: _Checker
) -> None:
    cpu_before = _cpu_seconds(side.pid)
    result = _load(side, f"r{number}", carts, plan)
    side.cpu.append((_cpu_seconds(side.pid) - cpu_before) / len(result.latencies))
    checker.check(side, f"r{number}", result)
    side.rates.append(result.requests_per_second)
    side.latencies.extend(result.latencies)
    _note(f"round {number} {side.label:8}: {_describe(result)}, {side.cpu[-1] * 1000:.1f} ms CPU")


@dataclass(slots=True)
class _Checker:
    """Counts what every round must have written, and compares it with the database."""

    owner: str
    reserved: int

    def check(self, side: _Side, tag: str, result: LoadResult) -> None:
        """Require the round's orders and lines, and every reservation so far, in the rows."""
        count = len(result.latencies)
        self.reserved += LINES * count
        found = asyncio.run(self._counts(f"{side.label}-{tag}-"))
        wanted = {"orders": count, "lines": LINES * count, "reserved": self.reserved}
        for name, value in wanted.items():
            if found[name] != value:
                raise RuntimeError(f"{side.label} {tag}: {name} {found[name]}, wanted {value}")

    async def _counts(self, prefix: str) -> dict[str, int]:
        connection = await asyncpg.connect(self.owner)
        try:
            row = await connection.fetchrow(_COUNTS, prefix)
        finally:
            await connection.close()
        return dict(row)


def _cpu_seconds(pid: int) -> float:
    from bench._children import cpu_seconds

    return cpu_seconds(pid)


def _describe(result: LoadResult) -> str:
    latencies = result.latencies
    return (
        f"{result.requests_per_second:6.0f} checkouts/s, p50 {_ms(percentile(latencies, 0.5))},"
        f" p99 {_ms(percentile(latencies, 0.99))}"
    )


def _note(message: str) -> None:
    print(f"  {message}", file=sys.stderr, flush=True)


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def _rows(plan: CheckoutPlan, sides: tuple[_Side, _Side]) -> list[Row]:
    baseline, graphql = sides
    ratios = [g / b for g, b in zip(graphql.rates, baseline.rates, strict=True)]
    p99 = [percentile(sorted(side.latencies), 0.99) for side in sides]
    p50 = [percentile(sorted(side.latencies), 0.5) for side in sides]
    name = f"checkoutComplete, {plan.clients} clients"
    rows = [
        Row(
            f"{name}: checkouts/s (per-round ratios {min(ratios):.2f}-{max(ratios):.2f})",
            f"{statistics.median(graphql.rates):.0f}",
            f"{statistics.median(baseline.rates):.0f}",
            f"{statistics.median(ratios):.2f}",
        ),
        Row(f"{name}: p50 latency", _ms(p50[1]), _ms(p50[0]), f"{p50[1] / p50[0]:.2f}"),
        Row(f"{name}: p99 latency", _ms(p99[1]), _ms(p99[0]), f"{p99[1] / p99[0]:.2f}"),
        Row(
            f"{name}: server CPU per checkout",
            _ms(statistics.median(graphql.cpu)),
            _ms(statistics.median(baseline.cpu)),
            f"{statistics.median(graphql.cpu) / statistics.median(baseline.cpu):.2f}",
        ),
    ]
    if baseline.hot is not None and graphql.hot is not None:
        rows += _hot_rows(plan, graphql.hot, baseline.hot)
    return rows


def _hot_rows(plan: CheckoutPlan, graphql: LoadResult, baseline: LoadResult) -> list[Row]:
    name = f"hot row (every cart holds one variant), {plan.clients} clients"
    rates = (graphql.requests_per_second, baseline.requests_per_second)
    p99 = (percentile(graphql.latencies, 0.99), percentile(baseline.latencies, 0.99))
    return [
        Row(
            f"{name}: checkouts/s",
            f"{rates[0]:.0f}",
            f"{rates[1]:.0f}",
            f"{rates[0] / rates[1]:.2f}",
        ),
        Row(f"{name}: p99 latency", _ms(p99[0]), _ms(p99[1]), f"{p99[0] / p99[1]:.2f}"),
    ]


def parse_arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    """Return the command-line options."""
    parser = argparse.ArgumentParser(prog="python -m bench.checkout", description=__doc__)
    parser.add_argument("--postgres-url", default=DEFAULT_POSTGRES_URL, help="a superuser URL")
    parser.add_argument("--clients", type=int, default=50, help="concurrent clients")
    parser.add_argument("--checkouts", type=int, default=150, help="checkouts per round and side")
    parser.add_argument("--rounds", type=int, default=2, help="measured rounds per side")
    parser.add_argument("--hot", type=int, default=100, help="hot-row checkouts per side (0: off)")
    return parser.parse_args(argv)


def plan_of(options: argparse.Namespace) -> CheckoutPlan:
    """Return the plan the options describe (``bench/__main__.py`` shares them)."""
    return CheckoutPlan(
        postgres_url=options.postgres_url,
        clients=options.clients,
        checkouts=options.checkouts,
        rounds=options.rounds,
        hot=options.hot,
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark alone; print the machine and the table."""
    from bench._machine import describe_machine
    from bench._outbox_db import postgres_description
    from bench._results import render_table

    options = parse_arguments(argv)
    machine = [*describe_machine(), f"database: {postgres_description(options.postgres_url)}"]
    with tempfile.TemporaryDirectory(prefix="rustok-bench-") as directory:
        rows = run(Workspace(Path(directory), {}), plan_of(options))
    print("\n".join(machine), end="\n\n")
    print(render_table(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
