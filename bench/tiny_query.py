"""Benchmark 3: throughput of a tiny GraphQL query against a hello-world Starlette endpoint.

Both servers run side by side (one uvicorn worker each, access log off) and take the same
bounded load from the same generator, in alternating rounds; the median of the per-round
ratios of their request rates is the result. Requests per second of server CPU time are
reported too: that ratio does not count the time other processes take the CPU away (it still
feels their effect on shared caches). Every answer is checked: a GraphQL error fails the run.
"""

from __future__ import annotations

import statistics
import sys
import time
from dataclasses import dataclass, field

from bench._load import LoadResult, Request, generate_load
from bench._processes import Server, Workspace, running_server
from bench._results import Row, percentile
from bench._traffic import TINY_QUERY, hello_request, tiny_query_request

__all__ = ["TARGET_RATIO", "run"]

TARGET_RATIO = 0.35


@dataclass(frozen=True, slots=True)
class LoadPlan:
    """How much load: requests per round, connections, rounds."""

    requests: int
    concurrency: int
    rounds: int


@dataclass(slots=True)
class Side:
    """One server under load and what its rounds measured."""

    label: str
    server: Server
    request: Request
    rates: list[float] = field(default_factory=list)
    cpu_rates: list[float] = field(default_factory=list)
    latencies: list[float] = field(default_factory=list)


def run(workspace: Workspace, *, plan: LoadPlan) -> list[Row]:
    """Load both servers in alternating rounds and compare their request rates."""
    with running_server(workspace, "hello") as hello, running_server(workspace, "api") as api:
        sides = (
            Side("hello", hello, hello_request(hello)),
            Side("graphql", api, tiny_query_request(api)),
        )
        for side in sides:  # warm-up: connections, caches, the tenant directory
            _load(side, min(plan.requests, 500), plan.concurrency)
        for round_number in range(plan.rounds):
            ordered = sides if round_number % 2 == 0 else sides[::-1]
            for side in ordered:
                _measured_round(side, plan)
        rss = api.rss_mb()
    return _rows(sides[0], sides[1], rss, plan)


def _load(side: Side, count: int, concurrency: int) -> LoadResult:
    result = generate_load(side.request, count=count, concurrency=concurrency)
    if result.failures:
        raise RuntimeError(
            f"{side.label}: {result.failures} wrong answers, first: {result.first_failure}"
        )
    return result


def _measured_round(side: Side, plan: LoadPlan) -> None:
    cpu_before, client_before = side.server.cpu_seconds(), time.process_time()
    result = _load(side, plan.requests, plan.concurrency)
    server_cpu = side.server.cpu_seconds() - cpu_before
    client_cpu = time.process_time() - client_before
    side.rates.append(result.requests_per_second)
    side.cpu_rates.append(len(result.latencies) / server_cpu)
    side.latencies.extend(result.latencies)
    print(
        f"  {side.label:7}: {result.requests_per_second:7.0f} req/s, "
        f"{side.cpu_rates[-1]:5.0f} req per server CPU-second, "
        f"p50 {_ms(percentile(result.latencies, 0.5))}, "
        f"p99 {_ms(percentile(result.latencies, 0.99))}, "
        f"server CPU {server_cpu / result.seconds:.0%}, "
        f"load generator CPU {client_cpu / result.seconds:.0%}",
        file=sys.stderr,
        flush=True,
    )


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.2f} ms"


def _latency(side: Side) -> str:
    latencies = sorted(side.latencies)
    return f"{_ms(percentile(latencies, 0.5))} / {_ms(percentile(latencies, 0.99))}"


def _median_ratio(numerators: list[float], denominators: list[float]) -> float:
    return statistics.median(a / b for a, b in zip(numerators, denominators, strict=True))


def _rows(hello: Side, graphql: Side, rss: float, plan: LoadPlan) -> list[Row]:
    ratio = _median_ratio(graphql.rates, hello.rates)
    cpu_ratio = _median_ratio(graphql.cpu_rates, hello.cpu_rates)
    total = plan.requests * plan.rounds + min(plan.requests, 500)
    return [
        Row(
            f"tiny query `{TINY_QUERY}` req/s",
            f"{statistics.median(graphql.rates):.0f}",
            f"{statistics.median(hello.rates):.0f}",
            f"{ratio:.2f}",
            f">= {TARGET_RATIO}",
            ratio >= TARGET_RATIO,
        ),
        Row(
            "tiny query, requests per server CPU-second",
            f"{statistics.median(graphql.cpu_rates):.0f}",
            f"{statistics.median(hello.cpu_rates):.0f}",
            f"{cpu_ratio:.2f}",
        ),
        Row("tiny query latency p50 / p99", _latency(graphql), _latency(hello)),
        Row(f"RSS of the API after {total} tiny queries", f"{rss:.1f} MB"),
    ]
