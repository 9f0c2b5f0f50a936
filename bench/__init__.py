"""Reproducible benchmarks of RusToK (not part of the test run).

Run every benchmark and print one table, from the repository root::

    pip install -e '.[bench]'
    python -m bench            # --help for the knobs; --check exits 1 on a missed target

- ``cold_start``: spawn to first ``/livez`` 200 of the API process, and its RSS after traffic;
- ``many_modules``: the same cold start with 50 generated modules in the schema;
- ``tiny_query``: ``{ tenant(slug) { name } }`` throughput and latency.

Each measures its baseline in the same run (a hello-world Starlette app, or the API without
the generated modules) and reports the ratio, because the machine is shared and noisy.
Results are recorded in ``docs/benchmarks.md``.
"""

__all__: list[str] = []
