"""Observability: Prometheus metrics, request ids, JSON logs and masked unexpected errors."""

from __future__ import annotations

import io
import json
import logging
import re
import sys
from collections.abc import Iterator
from datetime import UTC, datetime

import httpx
import pytest
import strawberry
from prometheus_client.parser import text_string_to_metric_families

from app.config import Settings
from app.graphql.directives import public
from app.logs import JsonFormatter, configure_logging, request_id_var
from app.registry import GraphQLContribution, Module
from tests.conftest import make_registry, make_settings
from tests.fixtures import gadgets, widgets
from tests.support.client import RunningApp, running_app, unique_slug
from tests.support.databases import DatabaseTarget

HEX32 = re.compile(r"[0-9a-f]{32}")
LATENCY_BOUNDS = [
    "0.001", "0.0025", "0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1.0", "2.5", "5.0",
    "+Inf",
]  # fmt: skip


def explode() -> str:
    """Fail the way a bug in a resolver would."""
    raise RuntimeError("secret detail")


@strawberry.type(description="Boom reads (test-only).")
class BoomQuery:
    """Queries of the boom module."""

    boom_explode: str = strawberry.field(
        resolver=explode, description="Always raises an unexpected error.", directives=public()
    )


boom = Module(
    name="boom",
    version="0.0.1",
    description="Test-only: a public field that raises.",
    graphql=GraphQLContribution(query=BoomQuery),
)


Samples = dict[tuple[str, frozenset[tuple[str, str]]], float]


def samples(exposition: str) -> Samples:
    """Parse the Prometheus text format into ``(sample name, labels) -> value``."""
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(exposition)
        for sample in family.samples
    }


def key(name: str, **labels: str) -> tuple[str, frozenset[tuple[str, str]]]:
    """Return the ``samples`` key of one sample."""
    return name, frozenset(labels.items())


async def scrape(app: RunningApp) -> Samples:
    """GET /metrics and parse it."""
    response = await app.client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/plain; version=0.0.4; charset=utf-8"
    return samples(response.text)


@pytest.fixture
def json_log() -> Iterator[io.StringIO]:
    """JSON lines written by every ``app.*`` logger during the test."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger("app")
    logger.addHandler(handler)
    try:
        yield stream
    finally:
        logger.removeHandler(handler)


@pytest.fixture
def restored_logging(monkeypatch: pytest.MonkeyPatch) -> None:
    """Let a test reconfigure the root and noisy loggers; put them back afterwards."""
    root = logging.getLogger()
    monkeypatch.setattr(root, "handlers", list(root.handlers))
    for name in ("", "aiosqlite", "alembic", "asyncio", "sqlalchemy.engine"):
        logger = logging.getLogger(name)
        monkeypatch.setattr(logger, "level", logger.level)


async def test_metrics_count_requests_by_route_template(api: RunningApp) -> None:
    await api.gql("{ gadgetHello }")
    await api.client.get("/t/no-such-tenant/")
    await api.client.get("/no/such/path")

    first = await scrape(api)
    second = await scrape(api)

    requests = "rustok_http_requests_total"
    assert first[key(requests, method="POST", route="/graphql", status="200")] == 1.0
    assert first[key(requests, method="GET", route="/t/{tenant}/", status="404")] == 1.0
    assert first[key(requests, method="GET", route="unmatched", status="404")] == 1.0
    assert key(requests, method="GET", route="/metrics", status="200") not in first
    assert second[key(requests, method="GET", route="/metrics", status="200")] == 1.0


async def test_metrics_expose_the_latency_histogram(api: RunningApp) -> None:
    await api.gql("{ gadgetHello }")
    await api.gql("{ gadgetHello }")

    metrics = await scrape(api)

    latency = "rustok_http_request_duration_seconds"
    buckets = {
        dict(labels)["le"]: value
        for (name, labels), value in metrics.items()
        if name == f"{latency}_bucket" and dict(labels)["route"] == "/graphql"
    }
    assert list(buckets) == LATENCY_BOUNDS
    assert buckets["+Inf"] == 2.0
    assert metrics[key(f"{latency}_count", route="/graphql")] == 2.0
    assert metrics[key(f"{latency}_sum", route="/graphql")] > 0


async def test_metrics_count_graphql_errors_by_code(api: RunningApp) -> None:
    refused = await api.client.post(
        "/graphql",
        json={"query": "{ gadgetHello }"},
        headers={"Authorization": "Bearer not-a-token"},
    )
    malformed = await api.client.post("/graphql", json={"query": "{ gadgetHello"})

    metrics = await scrape(api)

    assert refused.json() == {
        "data": None,
        "errors": [
            {"message": "the access token is not valid", "extensions": {"code": "UNAUTHENTICATED"}}
        ],
        "extensions": {"cost": {"requested": 1, "limit": 10_000}},
    }
    assert malformed.status_code == 400
    errors = "rustok_graphql_errors_total"
    assert metrics[key(errors, code="UNAUTHENTICATED")] == 1.0
    assert metrics[key(errors, code="BAD_REQUEST")] == 1.0


async def test_request_id_is_echoed(api: RunningApp) -> None:
    response = await api.client.get("/livez", headers={"X-Request-ID": "req-42"})

    assert response.headers["x-request-id"] == "req-42"


async def test_request_id_is_generated_when_missing(api: RunningApp) -> None:
    first = await api.client.get("/livez")
    second = await api.client.get("/livez")

    assert HEX32.fullmatch(first.headers["x-request-id"])
    assert HEX32.fullmatch(second.headers["x-request-id"])
    assert first.headers["x-request-id"] != second.headers["x-request-id"]


async def test_request_id_is_cut_to_64_characters(api: RunningApp) -> None:
    response = await api.client.get("/livez", headers={"X-Request-ID": "a" * 100})

    assert response.headers["x-request-id"] == "a" * 64


def test_json_formatter_writes_one_object_per_line() -> None:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger("tests.json_formatter")
    logger.addHandler(handler)
    try:
        logger.warning("line one\nline %s", "two", extra={"tenant": "acme", "attempt": 3})
        token = request_id_var.set("req-7")
        try:
            raise ValueError("bad input")
        except ValueError:
            logger.exception("it failed")
        finally:
            request_id_var.reset(token)
    finally:
        logger.removeHandler(handler)

    lines = stream.getvalue().splitlines()
    assert len(lines) == 2
    plain, failed = (json.loads(line) for line in lines)
    stamp = datetime.fromisoformat(plain.pop("time"))
    assert stamp.tzinfo == UTC
    assert abs((datetime.now(UTC) - stamp).total_seconds()) < 60
    assert plain == {
        "level": "warning",
        "logger": "tests.json_formatter",
        "message": "line one\nline two",
        "tenant": "acme",
        "attempt": 3,
    }
    assert failed["request_id"] == "req-7"
    assert failed["level"] == "error"
    assert failed["message"] == "it failed"
    assert failed["exception"].startswith("Traceback (most recent call last):")
    assert failed["exception"].endswith("ValueError: bad input")


def test_json_formatter_stringifies_what_json_cannot_hold() -> None:
    record = logging.makeLogRecord({"msg": "hello", "levelname": "INFO", "path": sys.prefix})
    record.__dict__["when"] = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)

    entry = json.loads(JsonFormatter().format(record))

    assert entry["when"] == "2026-01-02 03:04:05+00:00"
    assert entry["path"] == sys.prefix


@pytest.mark.usefixtures("restored_logging")
def test_configure_logging_sends_json_to_stderr(capsys: pytest.CaptureFixture[str]) -> None:
    configure_logging(debug=False)
    root = logging.getLogger()
    logging.getLogger("app.example").info("ready", extra={"port": 8000})

    assert root.level == logging.INFO
    assert [type(handler.formatter) for handler in root.handlers] == [JsonFormatter]
    assert logging.getLogger("sqlalchemy.engine").level == logging.WARNING
    entry = json.loads(capsys.readouterr().err)
    assert (entry["logger"], entry["message"], entry["port"]) == ("app.example", "ready", 8000)
    configure_logging(debug=True)
    assert root.level == logging.DEBUG


async def explode_once(settings: Settings) -> tuple[httpx.Response, Samples]:
    """Call the raising field in a new tenant (settings enable boom); return it and the metrics."""
    registry = make_registry(settings, extra=(widgets.module, gadgets.module, boom))
    async with running_app(settings, registry) as app:
        slug = unique_slug("boom")
        created = await app.gql(
            "mutation ($i: TenantCreateInput!) { tenantCreate(input: $i) { errors { code } } }",
            {"i": {"slug": slug, "name": "Boom"}},
            token=app.auth.platform_admin(),
        )
        assert created == {"data": {"tenantCreate": {"errors": []}}}
        response = await app.client.post(
            "/graphql",
            json={"query": "{ boomExplode }"},
            headers={"X-Request-ID": "req-boom", "X-Tenant": slug},
        )
        return response, await scrape(app)


async def test_unexpected_error_is_masked_and_logged_with_its_id(
    database: DatabaseTarget, caplog: pytest.LogCaptureFixture, json_log: io.StringIO
) -> None:
    response, metrics = await explode_once(
        make_settings(database, debug=False, default_modules=["boom"])
    )

    assert response.status_code == 200
    assert "secret detail" not in response.text
    error_id = response.json()["errors"][0]["extensions"]["id"]
    assert HEX32.fullmatch(error_id)
    assert response.json() == {
        "data": None,
        "errors": [
            {
                "message": f"internal error (id {error_id})",
                "locations": [{"line": 1, "column": 3}],
                "path": ["boomExplode"],
                "extensions": {"code": "INTERNAL", "id": error_id},
            }
        ],
        "extensions": {"cost": {"requested": 1, "limit": 10_000}},
    }
    assert metrics[key("rustok_graphql_errors_total", code="INTERNAL")] == 1.0
    logged = [record for record in caplog.records if record.name == "app.graphql.execution"]
    assert [record.getMessage() for record in logged] == [f"unexpected error {error_id}"]
    assert logged[0].levelno == logging.ERROR
    assert logged[0].__dict__["error_id"] == error_id
    assert logged[0].exc_info is not None
    assert repr(logged[0].exc_info[1]) == "RuntimeError('secret detail')"
    lines = [json.loads(line) for line in json_log.getvalue().splitlines()]
    entry = next(line for line in lines if line["logger"] == "app.graphql.execution")
    assert entry["request_id"] == "req-boom"
    assert entry["error_id"] == error_id
    assert entry["exception"].endswith("RuntimeError: secret detail")


async def test_unexpected_error_detail_is_shown_in_debug(database: DatabaseTarget) -> None:
    response, _metrics = await explode_once(
        make_settings(database, debug=True, default_modules=["boom"])
    )

    errors = response.json()["errors"]
    error_id = errors[0]["extensions"]["id"]
    assert errors[0]["message"] == f"internal error (id {error_id}): RuntimeError: secret detail"
    assert errors[0]["extensions"] == {"code": "INTERNAL", "id": error_id}
