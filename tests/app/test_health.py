"""Health: /livez, /readyz and /healthz over the database, migrations, Redis and the modules."""

from __future__ import annotations

import asyncio
import dataclasses
import os
import socket
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from pathlib import Path
from types import TracebackType

import httpx
import pytest
from sqlalchemy.engine import make_url

from app.config import Settings
from app.db import Database
from app.db.migrate import upgrade_all
from app.health import CHECK_TIMEOUT_SECONDS
from app.registry import HealthResult, HealthStatus, Module
from tests.conftest import make_registry, make_settings
from tests.fixtures import gadgets, widgets
from tests.support.client import RunningApp, running_app, unique_slug
from tests.support.databases import DatabaseTarget, postgres_admin_url, throwaway_database
from tests.support.tcp_proxy import tcp_proxy

PASS = {"status": "pass", "detail": ""}
WIDGETS_PASS = {"status": "pass", "detail": "widgets table reachable"}
GADGETS_PASS = {"status": "pass", "detail": "no check declared"}
NOT_MIGRATED = "migrations are not applied: run `rustok migrate`"
GADGETS_CASCADE = {"status": "failed", "detail": "dependency 'widgets' failed"}

needs_postgres = pytest.mark.skipif(
    postgres_admin_url() is None,
    reason="needs PostgreSQL: set RUSTOK_TEST_DATABASE_URL (SQLite has no server to cut off)",
)
needs_redis = pytest.mark.skipif(
    not os.environ.get("RUSTOK_TEST_REDIS_URL"),
    reason="needs Redis: set RUSTOK_TEST_REDIS_URL (e.g. redis://127.0.0.1:6379/0)",
)


def serve(settings: Settings, *modules: Module) -> AbstractAsyncContextManager[RunningApp]:
    """Run the app on ``settings`` with exactly ``modules`` besides the core."""
    return running_app(settings, make_registry(settings, modules))


def unused_port() -> int:
    """Return a local TCP port nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


async def wait_for_status(
    client: httpx.AsyncClient, path: str, status: int, *, within: float = 10.0
) -> httpx.Response:
    """GET ``path`` until it answers ``status`` or ``within`` seconds pass; return the last."""
    deadline = time.monotonic() + within
    while True:
        response = await client.get(path)
        if response.status_code == status or time.monotonic() >= deadline:
            return response
        await asyncio.sleep(0.1)


class BrokenStart(AbstractAsyncContextManager[None]):
    """A module lifespan whose start-up fails."""

    async def __aenter__(self) -> None:
        """Fail to start."""
        raise RuntimeError("cannot reach the gadget factory")

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        """Never reached."""


def recording_lifespan(events: list[str]) -> Callable[[], AbstractAsyncContextManager[None]]:
    """Return a module lifespan that records its start and stop in ``events``."""

    @asynccontextmanager
    async def lifespan() -> AsyncIterator[None]:
        events.append("started")
        try:
            yield
        finally:
            events.append("stopped")

    return lifespan


async def failing_check(_db: Database) -> HealthResult:
    """Report a failure."""
    return HealthResult(HealthStatus.FAIL, "the widget stock is gone")


async def raising_check(_db: Database) -> HealthResult:
    """Crash instead of answering."""
    raise RuntimeError("probe exploded")


async def warning_check(_db: Database) -> HealthResult:
    """Report a warning."""
    return HealthResult(HealthStatus.WARN, "the widget stock is low")


@pytest.fixture
def empty_database(tmp_path: Path) -> Iterator[DatabaseTarget]:
    """A database of its own with no migration applied."""
    with throwaway_database(tmp_path, "empty") as target:
        yield target


@pytest.fixture
def core_only_database(tmp_path: Path) -> Iterator[DatabaseTarget]:
    """A database of its own where only the core's branch is migrated."""
    with throwaway_database(tmp_path, "core") as target:
        settings = make_settings(target, default_modules=[])
        assert upgrade_all(make_registry(settings, ()), target.owner_url, target.runtime_url) == []
        yield target


async def test_livez_answers(api: RunningApp) -> None:
    response = await api.client.get("/livez")

    assert response.status_code == 200
    assert response.json() == {"status": "pass"}


async def test_readyz_names_every_check_when_all_pass(api: RunningApp) -> None:
    response = await api.client.get("/readyz")

    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    assert response.json() == {
        "database": PASS,
        "migrations": PASS,
        "modules": {"widgets": WIDGETS_PASS, "gadgets": GADGETS_PASS},
        "status": "pass",
    }


async def test_healthz_shows_each_module(api: RunningApp) -> None:
    response = await api.client.get("/healthz")

    assert response.status_code == 200
    assert response.json()["modules"] == {"widgets": WIDGETS_PASS, "gadgets": GADGETS_PASS}


@pytest.mark.parametrize(
    ("check", "detail"),
    [
        (failing_check, "the widget stock is gone"),
        (raising_check, "RuntimeError: probe exploded"),
    ],
)
async def test_failing_module_check_makes_readyz_503(
    settings: Settings, check: Callable[[Database], Awaitable[HealthResult]], detail: str
) -> None:
    sick = dataclasses.replace(widgets.module, health_check=check)
    async with serve(settings, sick, gadgets.module) as app:
        ready = await app.client.get("/readyz")
        health = await app.client.get("/healthz")

    assert ready.status_code == 503
    assert ready.json() == {
        "database": PASS,
        "migrations": PASS,
        "modules": {"widgets": {"status": "fail", "detail": detail}, "gadgets": GADGETS_PASS},
        "status": "fail",
    }
    assert health.status_code == 200
    assert health.json()["modules"]["widgets"] == {"status": "fail", "detail": detail}


async def test_module_warning_keeps_readyz_200(settings: Settings) -> None:
    uneasy = dataclasses.replace(widgets.module, health_check=warning_check)
    async with serve(settings, uneasy) as app:
        ready = await app.client.get("/readyz")

    assert ready.status_code == 200
    assert ready.json()["modules"] == {
        "widgets": {"status": "warn", "detail": "the widget stock is low"}
    }


MODULES = "{ modules { name version enabled health healthDetail dependsOn dependents } }"


async def test_module_failing_to_start_is_failed_and_the_rest_serves(settings: Settings) -> None:
    events: list[str] = []
    tracked = dataclasses.replace(widgets.module, lifespan=recording_lifespan(events))
    broken = dataclasses.replace(gadgets.module, lifespan=BrokenStart)
    failed = {
        "status": "failed",
        "detail": "start failed: RuntimeError: cannot reach the gadget factory",
    }
    async with serve(settings, tracked, broken) as app:
        assert events == ["started"]
        health = await app.client.get("/healthz")
        ready = await app.client.get("/readyz")
        slug = unique_slug()
        created = await app.gql(
            "mutation ($i: TenantCreateInput!) { tenantCreate(input: $i) { errors { code } } }",
            {"i": {"slug": slug, "name": "Survivor"}},
            token=app.auth.platform_admin(),
        )
        tenant = await app.state.runtime.tenants.find_active(slug)
        assert tenant is not None
        member = app.auth.member(tenant.id, "core.view_modules", "widgets.view_items")
        modules = await app.gql(MODULES, tenant=slug, token=member)
        served = await app.gql("{ widgets { name } }", tenant=slug, token=member)
        gone = await app.gql("{ gadgetHello }", expect_status=400)

    assert events == ["started", "stopped"]
    assert health.json()["modules"] == {"widgets": WIDGETS_PASS, "gadgets": failed}
    assert ready.status_code == 200
    assert ready.json()["modules"] == {"widgets": WIDGETS_PASS, "gadgets": failed}
    assert created == {"data": {"tenantCreate": {"errors": []}}}
    assert modules == {
        "data": {
            "modules": [
                {
                    "name": "widgets",
                    "version": "1.0.0",
                    "enabled": True,
                    "health": "PASS",
                    "healthDetail": "widgets table reachable",
                    "dependsOn": [],
                    "dependents": [],
                },
                {
                    "name": "gadgets",
                    "version": "",
                    "enabled": False,
                    "health": "FAILED",
                    "healthDetail": failed["detail"],
                    "dependsOn": [],
                    "dependents": [],
                },
            ]
        }
    }
    assert served == {"data": {"widgets": [{"name": "starter"}]}}
    assert [error["message"] for error in gone["errors"]] == [
        "Cannot query field 'gadgetHello' on type 'Query'."
    ]


async def test_unmigrated_database_fails_readyz(empty_database: DatabaseTarget) -> None:
    settings = make_settings(empty_database)
    async with serve(settings, widgets.module, gadgets.module) as app:
        live = await app.client.get("/livez")
        ready = await app.client.get("/readyz")

    assert live.status_code == 200
    assert ready.status_code == 503
    assert ready.json() == {
        "database": PASS,
        "migrations": {"status": "fail", "detail": "core is not at head: run `rustok migrate`"},
        "modules": {
            "gadgets": GADGETS_CASCADE,
            "widgets": {"status": "failed", "detail": NOT_MIGRATED},
        },
        "status": "fail",
    }


async def test_unmigrated_module_is_failed_and_the_core_stays_ready(
    core_only_database: DatabaseTarget,
) -> None:
    settings = make_settings(core_only_database)
    async with serve(settings, widgets.module, gadgets.module) as app:
        ready = await app.client.get("/readyz")

    assert ready.status_code == 200
    assert ready.json() == {
        "database": PASS,
        "migrations": PASS,
        "modules": {
            "gadgets": GADGETS_CASCADE,
            "widgets": {"status": "failed", "detail": NOT_MIGRATED},
        },
        "status": "pass",
    }


async def test_unreachable_redis_fails_readyz(database: DatabaseTarget) -> None:
    port = unused_port()
    settings = make_settings(database, redis_url=f"redis://127.0.0.1:{port}/0")
    async with serve(settings, widgets.module) as app:
        ready = await app.client.get("/readyz")

    report = ready.json()
    assert ready.status_code == 503
    assert report["status"] == "fail"
    assert report["redis"]["status"] == "fail"
    assert report["redis"]["detail"].startswith("ConnectionError: ")
    assert f"127.0.0.1:{port}" in report["redis"]["detail"]
    assert {name: report[name] for name in ("database", "migrations")} == {
        "database": PASS,
        "migrations": PASS,
    }


@pytest.mark.redis
@needs_redis
async def test_reachable_redis_passes_readyz(database: DatabaseTarget) -> None:
    settings = make_settings(database, redis_url=os.environ["RUSTOK_TEST_REDIS_URL"])
    async with serve(settings, widgets.module) as app:
        ready = await app.client.get("/readyz")

    assert ready.status_code == 200
    assert ready.json()["redis"] == PASS


@pytest.mark.postgres
@needs_postgres
async def test_database_outage_fails_readyz_and_both_recover(database: DatabaseTarget) -> None:
    runtime_url = make_url(database.runtime_url)
    async with tcp_proxy(runtime_url.host or "127.0.0.1", runtime_url.port or 5432) as proxy:
        through_proxy = runtime_url.set(host="127.0.0.1", port=proxy.port)
        settings = make_settings(
            database, database_url=through_proxy.render_as_string(hide_password=False)
        )
        async with serve(settings, widgets.module) as app:
            before = await app.client.get("/readyz")
            await proxy.cut()
            started = time.monotonic()
            during = await app.client.get("/readyz")
            took = time.monotonic() - started
            live_during = await app.client.get("/livez")
            await proxy.restore()
            after = await wait_for_status(app.client, "/readyz", 200)
            live_after = await app.client.get("/livez")

    assert before.status_code == 200
    assert during.status_code == 503
    report = during.json()
    assert report["status"] == "fail"
    refused = report["database"]["detail"]
    assert report["database"]["status"] == "fail"
    assert refused.startswith("ConnectionRefusedError: ")
    assert f"'127.0.0.1', {proxy.port}" in refused
    assert report["migrations"] == {"status": "fail", "detail": "database unreachable"}
    assert report["modules"] == {"widgets": {"status": "fail", "detail": refused}}
    assert took < CHECK_TIMEOUT_SECONDS
    assert live_during.status_code == 200
    assert after.status_code == 200
    assert after.json() == {
        "database": PASS,
        "migrations": PASS,
        "modules": {"widgets": WIDGETS_PASS},
        "status": "pass",
    }
    assert live_after.status_code == 200


async def echo(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    """Answer each line with itself until the peer closes."""
    while line := await reader.readline():
        writer.write(line)
        await writer.drain()
    writer.close()


async def test_tcp_proxy_forwards_cuts_and_restores() -> None:
    server = await asyncio.start_server(echo, "127.0.0.1", 0)
    target_port: int = server.sockets[0].getsockname()[1]
    async with server, tcp_proxy("127.0.0.1", target_port) as proxy:
        reader, writer = await asyncio.open_connection("127.0.0.1", proxy.port)
        writer.write(b"ping\n")
        assert await asyncio.wait_for(reader.readline(), 5) == b"ping\n"

        await proxy.cut()
        assert await asyncio.wait_for(reader.read(), 5) == b""
        writer.close()
        with pytest.raises(ConnectionRefusedError):
            await asyncio.open_connection("127.0.0.1", proxy.port)

        await proxy.restore()
        reader, writer = await asyncio.open_connection("127.0.0.1", proxy.port)
        writer.write(b"pong\n")
        assert await asyncio.wait_for(reader.readline(), 5) == b"pong\n"
        writer.close()
        await writer.wait_closed()
