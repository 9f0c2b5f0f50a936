"""Run every benchmark and print one table: ``python -m bench`` from the repository root.

Progress and per-run details go to stderr, the machine description and the table to stdout.
``--check`` exits 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path

from bench import cold_start, many_modules, tiny_query
from bench._machine import describe_machine
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
}


def parse_arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    """Return the command-line options."""
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
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
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    return parser.parse_args(argv)


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
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="rustok-bench-") as directory:
        workspace = prepare_workspace(Path(directory))
        for name in options.only or list(BENCHMARKS):
            rows += run_benchmark(name, workspace, options)
    print("\n".join(machine), end="\n\n")
    print(render_table(rows))
    missed = [row.name for row in rows if row.is_met is False]
    print(f"\ntargets missed: {', '.join(missed)}" if missed else "\nevery target met")
    return 1 if options.check and missed else 0


if __name__ == "__main__":
    sys.exit(main())
