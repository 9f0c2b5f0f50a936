"""Redis dies under a worker-mode API and a worker: writes go on, delivery goes on, both recover.

The test runs its own redis-server (DESIGN.md: tests never stop shared services), kills it with
SIGKILL while writes continue, checks that every write succeeds and the worker delivers
everything by polling the database, then starts Redis again on the same port and checks that
wake-ups and arq come back.
"""

from __future__ import annotations

import asyncio
import statistics
import time
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from redis.asyncio import Redis
from sqlalchemy import select

from app.runtime import Context
from tests.conftest import make_registry, make_settings
from tests.fixtures.widgets.models import WidgetListingRow, WidgetRow
from tests.fixtures.widgets.module import create_widget
from tests.fixtures.widgets.permissions import MANAGE_WIDGETS
from tests.support.client import RunningApp, create_tenant, running_app
from tests.support.databases import DatabaseTarget
from tests.support.events import tenant_context, wait_for
from tests.support.redis_server import (
    REDIS_SERVER,
    RedisServer,
    private_redis,
    shared_redis_url,
    unique_prefix,
)
from tests.support.widget_traffic import WidgetTraffic, assert_delivered_exactly_once, is_settled
from tests.support.worker_process import WorkerProcess, spawned_worker

pytestmark = [
    pytest.mark.redis,
    pytest.mark.skipif(
        not Path(REDIS_SERVER).exists(),
        reason=f"needs redis-server ({REDIS_SERVER}) to run a private Redis it can kill",
    ),
    pytest.mark.skipif(
        shared_redis_url() is None,
        reason="a Redis test: runs when RUSTOK_TEST_REDIS_URL is set (it starts a private one)",
    ),
]

WAKE_UPS_RESUME = "Redis is back: wake-ups resume"
# Longer than a wake-up and arq's 1 s sweep, so a fresh read after recovery proves wake-ups.
POLL_SECONDS = 2.0
# A woken worker projects in tens of milliseconds; arq's sweep alone gives a median near 0.75 s.
FRESH_SECONDS = 0.3


@pytest.fixture
async def redis(tmp_path: Path) -> AsyncIterator[RedisServer]:
    """A private Redis the test may kill."""
    async with private_redis(tmp_path) as server:
        yield server


async def lag_of_one_write(traffic: WidgetTraffic, name: str) -> float:
    """Create a widget (on the ledger) and return how long it took to show in the listing."""
    ctx = traffic.ctx
    tenant_id = ctx.require_tenant().id
    started = time.monotonic()
    widget_id = await create_widget(ctx, name)
    traffic.events[widget_id] += 1

    async def projected() -> bool:
        async with ctx.runtime.db.transaction(tenant_id, readonly=True) as session:
            return await session.get(WidgetListingRow, (tenant_id, widget_id)) is not None

    await wait_for(projected, seconds=10)
    return time.monotonic() - started


async def create_through_graphql(api: RunningApp, ctx: Context, name: str) -> uuid.UUID:
    """Create a widget with the widgetCreate mutation; return its id."""
    tenant = ctx.require_tenant()
    body = await api.gql(
        "mutation ($name: String!) { widgetCreate(name: $name) { errors { code } } }",
        {"name": name},
        tenant=tenant.slug,
        token=api.auth.member(tenant.id, MANAGE_WIDGETS.name),
    )
    assert body == {"data": {"widgetCreate": {"errors": []}}}
    async with ctx.runtime.db.transaction(tenant.id, readonly=True) as session:
        widget_id = await session.scalar(
            select(WidgetRow.id).where(WidgetRow.tenant_id == tenant.id, WidgetRow.name == name)
        )
    assert widget_id is not None
    return widget_id


async def has_logged(worker: WorkerProcess, message: str) -> bool:
    """Return whether the worker's log holds ``message``."""
    return message in worker.log.read_text()


async def arq_is_up(redis: RedisServer, prefix: str) -> bool:
    """Return whether an arq worker of ``prefix`` reported its health to this Redis."""
    client: Redis = Redis.from_url(redis.url)
    try:
        return bool(await client.exists(f"{prefix}:arq:queue:health-check"))
    finally:
        await client.aclose()


async def test_writes_and_delivery_survive_a_redis_outage_and_wake_ups_recover(
    database: DatabaseTarget, redis: RedisServer, tmp_path: Path
) -> None:
    prefix = unique_prefix()
    settings = make_settings(
        database,
        event_runner="worker",
        redis_url=redis.url,
        redis_prefix=prefix,
        event_poll_seconds=POLL_SECONDS,
    )
    async with (
        running_app(settings, make_registry(settings)) as api,
        spawned_worker(settings, tmp_path / "worker.log") as worker,
    ):
        ctx = await tenant_context(api.state.runtime, await create_tenant(api))
        traffic = WidgetTraffic(ctx, widgets=5)
        await worker.wait_started()
        await wait_for(lambda: arq_is_up(redis, prefix), seconds=10)
        await lag_of_one_write(traffic, "warm-up")  # the worker also drains other tests' leftovers
        before = [await lag_of_one_write(traffic, f"before-{n}") for n in range(7)]

        writing = asyncio.Event()
        writer = asyncio.create_task(traffic.run(writing, pause_seconds=0.01))
        await asyncio.sleep(0.3)
        await redis.stop()  # SIGKILL, mid-stream
        for n in range(3):
            traffic.events[await create_through_graphql(api, ctx, f"graphql-{n}")] += 1
        await asyncio.sleep(1)
        writing.set()
        await writer  # a failed write would raise here
        await wait_for(lambda: is_settled(ctx), seconds=3 * POLL_SECONDS + 5)

        await redis.start()
        await wait_for(lambda: arq_is_up(redis, prefix), seconds=15)
        await wait_for(lambda: has_logged(worker, WAKE_UPS_RESUME), seconds=2 * POLL_SECONDS + 5)
        after = [await lag_of_one_write(traffic, f"after-{n}") for n in range(7)]
        code = await worker.terminate(seconds=10)
        await assert_delivered_exactly_once(ctx, traffic)
    assert statistics.median(before) < FRESH_SECONDS, before
    assert statistics.median(after) < FRESH_SECONDS, after
    assert await has_logged(worker, "polling the database instead")
    assert code == 0, worker.log_tail()
