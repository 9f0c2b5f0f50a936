"""Benchmark 1: cold start of the API process, and its memory after some traffic.

Cold start is the time from spawning a fresh Python process to its first 200 on ``/livez``:
imports, settings, registry, schema composition and the lifespan start (uvicorn accepts
connections only once the lifespan has started). The baseline is a hello-world Starlette app
served by uvicorn the same way; ``rustok serve`` (the real CLI, with typer) is shown too.
"""

from __future__ import annotations

import statistics
import sys

from bench._load import Request, generate_load
from bench._processes import Workspace, running_server
from bench._results import Row, summarize
from bench._traffic import hello_request, tiny_query_request

__all__ = ["COLD_START_TARGET_SECONDS", "RSS_TARGET_MB", "run"]

COLD_START_TARGET_SECONDS = 1.5
RSS_TARGET_MB = 150.0
TRAFFIC_REQUESTS = 2000
_KINDS = ("hello", "api", "serve")
_PROBES = ("/livez", "/readyz", "/healthz", "/metrics")


def run(workspace: Workspace, *, runs: int) -> list[Row]:
    """Measure cold starts (median of ``runs``, interleaved) and RSS after traffic."""
    samples = _cold_starts(workspace, runs)
    for kind in _KINDS:
        print(f"  cold start {kind:5}: {summarize(samples[kind])}", file=sys.stderr)
    rss = {kind: _rss_after_traffic(workspace, kind) for kind in ("hello", "api")}
    return _rows(samples, rss)


def _cold_starts(workspace: Workspace, runs: int) -> dict[str, list[float]]:
    for kind in _KINDS:  # warm the page cache and the bytecode caches; not counted
        with running_server(workspace, kind):
            pass
    samples: dict[str, list[float]] = {kind: [] for kind in _KINDS}
    for _ in range(runs):
        for kind in _KINDS:
            with running_server(workspace, kind) as server:
                samples[kind].append(server.ready_seconds)
    return samples


def _rss_after_traffic(workspace: Workspace, kind: str) -> float:
    with running_server(workspace, kind) as server:
        request = hello_request(server) if kind == "hello" else tiny_query_request(server)
        _send(request, TRAFFIC_REQUESTS)
        if kind == "api":
            for path in _PROBES:
                _send(Request(url=server.base_url + path, expected=None), 25, check=False)
        rss = server.rss_mb()
        print(f"  RSS {kind:5} after {TRAFFIC_REQUESTS} requests: {rss:.1f} MB", file=sys.stderr)
        return rss


def _send(request: Request, count: int, *, check: bool = True) -> None:
    result = generate_load(request, count=count, concurrency=8)
    if check and result.failures:
        raise RuntimeError(f"{result.failures} wrong answers, first: {result.first_failure}")


def _rows(samples: dict[str, list[float]], rss: dict[str, float]) -> list[Row]:
    hello, api, serve = (statistics.median(samples[kind]) for kind in _KINDS)
    return [
        Row("cold start: hello-world Starlette (baseline)", f"{hello:.3f} s"),
        Row(
            "cold start: API (spawn to first /livez 200)",
            f"{api:.3f} s",
            f"{hello:.3f} s",
            f"{api / hello:.2f}x",
            f"< {COLD_START_TARGET_SECONDS} s",
            api < COLD_START_TARGET_SECONDS,
        ),
        Row(
            "cold start: `rustok serve` CLI",
            f"{serve:.3f} s",
            f"{hello:.3f} s",
            f"{serve / hello:.2f}x",
        ),
        Row(
            f"RSS of the API after {TRAFFIC_REQUESTS} requests",
            f"{rss['api']:.1f} MB",
            f"{rss['hello']:.1f} MB",
            f"{rss['api'] / rss['hello']:.2f}x",
            f"< {RSS_TARGET_MB:.0f} MB",
            rss["api"] < RSS_TARGET_MB,
        ),
    ]
