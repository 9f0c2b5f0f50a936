"""Benchmark 2: cold start of the API with 50 generated modules composed into its schema.

The baseline is the same API without the generated modules, measured interleaved in this run;
the difference divided by the module count is the start-up cost of one module.
"""

from __future__ import annotations

import http.client
import statistics
import sys

import orjson

from bench._processes import TENANT_SLUG, Server, Workspace, running_server
from bench._results import Row, summarize

__all__ = ["MODULE_COUNT", "TARGET_SECONDS", "run"]

MODULE_COUNT = 50
TARGET_SECONDS = 3.0


def run(workspace: Workspace, *, runs: int) -> list[Row]:
    """Measure cold starts with and without the generated modules (median of ``runs``)."""
    counts = (0, MODULE_COUNT)
    for count in counts:  # warm the caches and prove the modules are served; not counted
        with running_server(workspace, "api", modules=count) as server:
            if count:
                _check_generated_field(server, count)
    samples: dict[int, list[float]] = {count: [] for count in counts}
    rss = 0.0
    for _ in range(runs):
        for count in counts:
            with running_server(workspace, "api", modules=count) as server:
                samples[count].append(server.ready_seconds)
                rss = server.rss_mb() if count else rss
    for count in counts:
        print(f"  cold start, {count:2} modules: {summarize(samples[count])}", file=sys.stderr)
    return _rows(statistics.median(samples[0]), statistics.median(samples[MODULE_COUNT]), rss)


def _check_generated_field(server: Server, count: int) -> None:
    """Query the last generated module's field: it must pass validation and reach the policy.

    The module is not enabled for the tenant, so ``MODULE_DISABLED`` is the expected answer;
    a field missing from the schema would fail validation instead.
    """
    name = f"gen{count - 1:02d}"
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    try:
        body = orjson.dumps({"query": f"{{ {name}Label }}"})
        headers = {"Content-Type": "application/json", "X-Tenant": TENANT_SLUG}
        connection.request("POST", "/graphql", body=body, headers=headers)
        payload = connection.getresponse().read()
    finally:
        connection.close()
    codes = [error["extensions"]["code"] for error in orjson.loads(payload).get("errors", [])]
    if codes != ["MODULE_DISABLED"]:
        raise RuntimeError(f"the generated modules are not served: {payload[:300]!r}")


def _rows(plain: float, many: float, rss: float) -> list[Row]:
    per_module_ms = (many - plain) / MODULE_COUNT * 1000
    return [
        Row(
            f"cold start: API + {MODULE_COUNT} generated modules",
            f"{many:.3f} s",
            f"{plain:.3f} s",
            f"{many / plain:.2f}x",
            f"< {TARGET_SECONDS} s",
            many < TARGET_SECONDS,
        ),
        Row("start-up cost of one generated module", f"{per_module_ms:.1f} ms"),
        Row(f"RSS of the API + {MODULE_COUNT} modules, just started", f"{rss:.1f} MB"),
    ]
