"""Benchmark: a public listing against a hand-written Starlette + asyncpg endpoint.

``blogPosts(first: 20)`` and ``(first: 100)`` with each post's authors and tags (issue #6's
benchmark; ``--case contentEntries`` lists pages with their categories and tags instead, and
``--case products``, or ``python -m bench products``, issue #7's catalog: 1,000 active products
with alternately 2 and 3 variants, one price each, listed with their price range and variants;
see ``bench/_listing_case.py``), on PostgreSQL with 1,000 published posts (each by 1 or 2 of 10
authors, in 1 of 10 categories, with 2 or 3 of 30 tags) in the tenant ``bench``. The baseline
(``bench/_listing_baseline.py``) answers the same JSON from the same read tables as the same
runtime role. Before any load both answers are fetched and must be byte-for-byte equal (the
GraphQL answer's ``data``, serialized as the baseline does); a mismatch fails the run. Then
the two servers take the same bounded load in alternating rounds, and the median of the
per-round ratios of their request rates is the result (target 0.3, aim 0.6). The statements
each side sends per request are counted on the wire (``bench/_listing_count.py``).

Run alone: ``.venv/bin/python -m bench.listing`` (``--help`` lists the knobs).
"""

from __future__ import annotations

import argparse
import http.client
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import orjson

from bench._listing_baseline import CASE_VARIABLE, SCOPE_VARIABLE
from bench._listing_case import BLOG_POSTS, CASES, ListingCase
from bench._listing_count import StatementCount, count_statements
from bench._listing_db import listing_database, seed
from bench._load import LoadResult, Request, generate_load
from bench._processes import TENANT_SLUG, Workspace, running_server
from bench._results import Row, percentile, render_table

__all__ = ["AIM_RATIO", "TARGET_RATIO", "ListingPlan", "main", "run", "running_baseline"]

TARGET_RATIO = 0.3
AIM_RATIO = 0.6
DEFAULT_POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
_READY_SECONDS = 60.0


@dataclass(frozen=True, slots=True)
class ListingPlan:
    """What to seed and how much load.

    Attributes:
        postgres_url: A superuser URL; the throwaway database is created there.
        entries: Published entries seeded.
        sizes: Page sizes measured (``first``).
        requests: Requests per round at ``first: 20``; other sizes get proportionally fewer.
        concurrency: Open connections of the load generator.
        rounds: Measured rounds per server and size.
        case: What is listed (the query and the SQL).
    """

    postgres_url: str = DEFAULT_POSTGRES_URL
    entries: int = 1000
    sizes: tuple[int, ...] = (20, 100)
    requests: int = 1000
    concurrency: int = 16
    rounds: int = 5
    case: ListingCase = BLOG_POSTS

    def requests_for(self, size: int) -> int:
        """Return the requests per round at page size ``size`` (at least 100)."""
        return max(100, round(self.requests * 20 / max(size, 1)))


@dataclass(slots=True)
class _Side:
    label: str
    process: subprocess.Popen[bytes]
    request: Request
    rates: list[float] = field(default_factory=list)
    cpu_rates: list[float] = field(default_factory=list)
    latencies: list[float] = field(default_factory=list)


def run(workspace: Workspace, plan: ListingPlan) -> list[Row]:
    """Seed the database, check both answers, load both servers; return the table's rows."""
    if not plan.postgres_url:
        return [Row("listing", "skipped: no --postgres-url")]
    with tempfile.TemporaryDirectory(prefix="listing-", dir=workspace.directory) as scratch:
        return _run(Path(scratch), plan)


def _run(directory: Path, plan: ListingPlan) -> list[Row]:
    with listing_database(plan.postgres_url, directory, dict(plan.case.environment)) as database:
        started = time.perf_counter()
        seeded = seed(database, plan.entries, plan.case.name)
        _note(
            f"seeded {seeded.entries} entries ({seeded.deliveries} deliveries drained) "
            f"in {time.perf_counter() - started:.0f} s"
        )
        counts = count_statements(database, plan.case, seeded.scope, plan.sizes)
        for (label, size), count in counts.items():
            _note(f"statements per request, {label} first {size}: {count.describe()}")
        environment = {
            **database.environment,
            SCOPE_VARIABLE: seeded.scope,
            CASE_VARIABLE: plan.case.name,
        }
        with ExitStack() as stack:
            api = stack.enter_context(
                running_server(Workspace(database.directory, environment), "api")
            )
            baseline = stack.enter_context(
                running_baseline(database.directory, environment, "bench._listing_baseline")
            )
            rows: list[Row] = []
            for size in plan.sizes:
                graphql_request, baseline_request = _requests(plan, size, api.base_url, baseline[1])
                sides = (
                    _Side("baseline", baseline[0], baseline_request),
                    _Side("graphql", api.process, graphql_request),
                )
                _measure(sides, plan, size)
                rows += _rows(plan, size, sides, counts)
    return rows


def _note(message: str) -> None:
    print(f"  {message}", file=sys.stderr, flush=True)


def _requests(
    plan: ListingPlan, size: int, api_url: str, baseline_url: str
) -> tuple[Request, Request]:
    """Fetch both answers once, require them equal, and return the two repeated requests."""
    case = plan.case
    body = orjson.dumps({"query": case.query, "variables": {"first": size}})
    headers = {"Content-Type": "application/json", "X-Tenant": TENANT_SLUG}
    api_answer = _fetch(f"{api_url}/graphql", "POST", body, headers)
    baseline_answer = _fetch(f"{baseline_url}/listing?first={size}", "GET", None, headers)
    parsed = orjson.loads(api_answer)
    if "errors" in parsed or not isinstance(parsed.get("data"), dict):
        raise RuntimeError(f"the GraphQL answer has errors: {api_answer[:500]!r}")
    expected = {"data": parsed["data"]}
    if orjson.dumps(expected) != baseline_answer:
        raise RuntimeError(
            f"first {size}: the answers differ\n graphql : {orjson.dumps(expected)[:400]!r}\n"
            f" baseline: {baseline_answer[:400]!r}"
        )
    edges = parsed["data"][case.root_field]["edges"]
    wanted = min(size, plan.entries)
    if len(edges) != wanted:
        raise RuntimeError(f"first {size}: {len(edges)} entries listed, {wanted} expected")
    _note(f"first {size}: both answers equal, {len(baseline_answer)} bytes, {len(edges)} entries")
    graphql = Request(f"{api_url}/graphql", expected, "POST", body, headers)
    hand_written = Request(f"{baseline_url}/listing?first={size}", expected, headers=headers)
    return graphql, hand_written


def _fetch(url: str, method: str, body: bytes | None, headers: dict[str, str]) -> bytes:
    host_port, _, path = url.removeprefix("http://").partition("/")
    host, _, port = host_port.partition(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=30)
    try:
        connection.request(method, f"/{path}", body=body, headers=headers)
        response = connection.getresponse()
        payload = response.read()
    finally:
        connection.close()
    if response.status != 200:
        raise RuntimeError(f"{method} {url}: {response.status} {payload[:300]!r}")
    return payload


def _measure(sides: tuple[_Side, _Side], plan: ListingPlan, size: int) -> None:
    count = plan.requests_for(size)
    for side in sides:  # warm-up: connections, caches, prepared statements
        _load(side, min(count, 200), plan.concurrency)
    for round_number in range(plan.rounds):
        ordered = sides if round_number % 2 == 0 else sides[::-1]
        for side in ordered:
            _round(side, count, plan.concurrency, size)


def _load(side: _Side, count: int, concurrency: int) -> LoadResult:
    result = generate_load(side.request, count=count, concurrency=concurrency)
    if result.failures:
        raise RuntimeError(
            f"{side.label}: {result.failures} wrong answers, first: {result.first_failure}"
        )
    return result


def _round(side: _Side, count: int, concurrency: int, size: int) -> None:
    cpu_before, client_before = _cpu_seconds(side.process.pid), time.process_time()
    result = _load(side, count, concurrency)
    server_cpu = _cpu_seconds(side.process.pid) - cpu_before
    client_cpu = time.process_time() - client_before
    side.rates.append(result.requests_per_second)
    side.cpu_rates.append(len(result.latencies) / server_cpu if server_cpu else float("nan"))
    side.latencies.extend(result.latencies)
    _note(
        f"first {size:3} {side.label:8}: {result.requests_per_second:6.0f} req/s, "
        f"{side.cpu_rates[-1]:5.0f} req per server CPU-second, "
        f"p50 {_ms(percentile(result.latencies, 0.5))}, "
        f"p99 {_ms(percentile(result.latencies, 0.99))}, "
        f"server CPU {server_cpu / result.seconds:.0%}, "
        f"load generator CPU {client_cpu / result.seconds:.0%}"
    )


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.2f} ms"


def _latency(side: _Side) -> str:
    latencies = sorted(side.latencies)
    return f"{_ms(percentile(latencies, 0.5))} / {_ms(percentile(latencies, 0.99))}"


def _median_ratio(numerators: list[float], denominators: list[float]) -> float:
    return statistics.median(a / b for a, b in zip(numerators, denominators, strict=True))


def _rows(
    plan: ListingPlan,
    size: int,
    sides: tuple[_Side, _Side],
    counts: dict[tuple[str, int], StatementCount],
) -> list[Row]:
    baseline, graphql = sides
    ratio = _median_ratio(graphql.rates, baseline.rates)
    cpu_ratio = _median_ratio(graphql.cpu_rates, baseline.cpu_rates)
    name = f"{plan.case.name}(first: {size})"
    return [
        Row(
            f"{name} req/s",
            f"{statistics.median(graphql.rates):.0f}",
            f"{statistics.median(baseline.rates):.0f}",
            f"{ratio:.2f}",
            f">= {TARGET_RATIO} (aim {AIM_RATIO})",
            ratio >= TARGET_RATIO,
        ),
        Row(
            f"{name}, requests per server CPU-second",
            f"{statistics.median(graphql.cpu_rates):.0f}",
            f"{statistics.median(baseline.cpu_rates):.0f}",
            f"{cpu_ratio:.2f}",
        ),
        Row(f"{name} latency p50 / p99", _latency(graphql), _latency(baseline)),
        Row(
            f"{name} SQL statements / round trips per request",
            _short(counts["graphql", size]),
            _short(counts["baseline", size]),
        ),
    ]


def _short(count: StatementCount) -> str:
    return f"{count.statements:g} / {count.round_trips:g}"


@contextmanager
def running_baseline(
    directory: Path, environment: dict[str, str], module: str
) -> Iterator[tuple[subprocess.Popen[bytes], str]]:
    """Spawn ``python -m <module> --port N``, wait for its ``/livez``; yield it and its URL."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    log_path = directory / f"baseline-{port}.log"
    command = [sys.executable, "-m", module, "--port", str(port)]
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            command, cwd=directory, env=environment, stdout=log, stderr=subprocess.STDOUT
        )
        try:
            _wait_ready(process, port, log_path)
            yield process, f"http://127.0.0.1:{port}"
        finally:
            if process.poll() is None:
                process.send_signal(signal.SIGINT)
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()


def _wait_ready(process: subprocess.Popen[bytes], port: int, log_path: Path) -> None:
    deadline = time.perf_counter() + _READY_SECONDS
    while time.perf_counter() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the baseline exited:\n{log_path.read_text(errors='replace')}")
        try:
            _fetch(f"http://127.0.0.1:{port}/livez", "GET", None, {})
        except (OSError, RuntimeError):
            time.sleep(0.02)
            continue
        return
    raise RuntimeError("the baseline did not answer /livez in time")


def parse_arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    """Return the command-line options."""
    parser = argparse.ArgumentParser(prog="python -m bench.listing", description=__doc__)
    parser.add_argument(
        "--postgres-url", default=DEFAULT_POSTGRES_URL, help="a superuser URL (trust auth)"
    )
    parser.add_argument("--entries", type=int, default=1000, help="published entries seeded")
    parser.add_argument(
        "--sizes", default="20,100", help="comma-separated page sizes (`first`) measured"
    )
    parser.add_argument(
        "--requests",
        type=int,
        default=1000,
        help="requests per round at first 20 (proportionally fewer for larger pages)",
    )
    parser.add_argument("--concurrency", type=int, default=16, help="open connections")
    parser.add_argument("--rounds", type=int, default=5, help="load rounds per server and size")
    parser.add_argument(
        "--case", choices=sorted(CASES), default=BLOG_POSTS.name, help="the listing measured"
    )
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark alone; print the machine and the table; return the exit code."""
    from bench._machine import describe_machine
    from bench._outbox_db import postgres_description

    options = parse_arguments(argv)
    plan = ListingPlan(
        postgres_url=options.postgres_url,
        entries=options.entries,
        sizes=tuple(int(size) for size in options.sizes.split(",")),
        requests=options.requests,
        concurrency=options.concurrency,
        rounds=options.rounds,
        case=CASES[options.case],
    )
    machine = describe_machine()
    machine.append(f"database: {postgres_description(options.postgres_url)}")
    with tempfile.TemporaryDirectory(prefix="rustok-bench-") as directory:
        workspace = Workspace(Path(directory), {})
        rows = run(workspace, plan)
    print("\n".join(machine), end="\n\n")
    print(render_table(rows))
    missed = [row.name for row in rows if row.is_met is False]
    print(f"\ntargets missed: {', '.join(missed)}" if missed else "\nevery target met")
    return 1 if options.check and missed else 0


if __name__ == "__main__":
    sys.exit(main())
