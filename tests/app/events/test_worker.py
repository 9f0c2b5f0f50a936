"""``rustok worker`` as a real subprocess beside the API in worker mode, on a shared Redis."""

from __future__ import annotations

import asyncio
import statistics
import time
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from app.config import Settings
from app.events.worker import STOP_GRACE_SECONDS
from app.runtime import Context
from tests.conftest import make_registry, make_settings
from tests.fixtures.widgets.models import WidgetListingRow
from tests.fixtures.widgets.module import create_widget
from tests.support.client import create_tenant, running_app
from tests.support.databases import DatabaseTarget
from tests.support.events import tenant_context, wait_for
from tests.support.redis_server import delete_keys, shared_redis_url, unique_prefix
from tests.support.widget_traffic import (
    WidgetTraffic,
    assert_delivered_exactly_once,
    count_delivered,
    count_undelivered,
    is_settled,
)
from tests.support.worker_process import spawned_worker

pytestmark = [
    pytest.mark.redis,
    pytest.mark.skipif(
        shared_redis_url() is None,
        reason="needs Redis for `rustok worker`: set RUSTOK_TEST_REDIS_URL "
        "(e.g. redis://127.0.0.1:6379/0)",
    ),
]


@pytest.fixture
async def worker_settings(database: DatabaseTarget) -> AsyncIterator[Settings]:
    """Worker-mode settings on the shared Redis under a prefix of this test's own."""
    url, prefix = shared_redis_url() or "", unique_prefix()
    yield make_settings(database, event_runner="worker", redis_url=url, redis_prefix=prefix)
    await delete_keys(url, prefix)


async def is_projected(ctx: Context, widget_id: uuid.UUID, name: str) -> bool:
    """Return whether the listing shows ``widget_id`` under ``name``."""
    tenant_id = ctx.require_tenant().id
    async with ctx.runtime.db.transaction(tenant_id, readonly=True) as session:
        row = await session.get(WidgetListingRow, (tenant_id, widget_id))
    return row is not None and row.name == name


async def create_and_wait(ctx: Context, name: str, seconds: float) -> float:
    """Create a widget and return how long it took to show in the listing."""
    started = time.monotonic()
    widget_id = await create_widget(ctx, name)
    await wait_for(lambda: is_projected(ctx, widget_id, name), seconds=seconds)
    return time.monotonic() - started


async def test_a_woken_worker_projects_within_a_bound_and_stops_on_sigterm(
    worker_settings: Settings, tmp_path: Path
) -> None:
    # A 30 s poll: only a Redis wake-up (or arq's 1 s sweep) can make the listing fresh.
    settings = worker_settings.model_copy(update={"event_poll_seconds": 30.0})
    async with (
        running_app(settings, make_registry(settings)) as api,
        spawned_worker(settings, tmp_path / "worker.log") as worker,
    ):
        ctx = await tenant_context(api.state.runtime, await create_tenant(api))
        await worker.wait_started()
        await create_and_wait(ctx, "warm-up", seconds=10)
        lags = [await create_and_wait(ctx, f"fresh-{index}", seconds=5) for index in range(7)]
        await asyncio.sleep(1)  # idle: the worker is parked in a 30 s BLPOP now
        began = time.monotonic()
        code = await worker.terminate(seconds=10)
        stopped_within = time.monotonic() - began
    # arq's sweep alone would leave a median near 0.75 s; a wake-up takes tens of milliseconds.
    assert statistics.median(lags) < 0.3, lags
    assert code == 0, worker.log_tail()
    assert stopped_within < 3
    assert '"message": "worker stopped"' in worker.log_tail()


async def test_two_workers_apply_every_event_once_and_in_order(
    worker_settings: Settings, tmp_path: Path
) -> None:
    settings = worker_settings.model_copy(update={"event_batch_size": 5})
    async with (
        running_app(settings, make_registry(settings)) as api,
        spawned_worker(settings, tmp_path / "worker-1.log") as first,
        spawned_worker(settings, tmp_path / "worker-2.log") as second,
    ):
        ctx = await tenant_context(api.state.runtime, await create_tenant(api))
        traffic = WidgetTraffic(ctx, widgets=6)
        await traffic.write(60)
        await asyncio.gather(first.wait_started(), second.wait_started())
        await traffic.write(60)
        await wait_for(lambda: is_settled(ctx), seconds=30)
        codes = [await worker.terminate(seconds=10) for worker in (first, second)]
        await assert_delivered_exactly_once(ctx, traffic)
    assert codes == [0, 0], (first.log_tail(), second.log_tail())


async def test_sigterm_mid_backlog_stops_within_the_grace_and_loses_nothing(
    worker_settings: Settings, tmp_path: Path
) -> None:
    # One delivery per batch: draining the backlog takes far longer than the grace period
    # (1,500 events: a single-event batch takes a few milliseconds since the delivery rework).
    settings = worker_settings.model_copy(update={"event_batch_size": 1})
    async with running_app(settings, make_registry(settings)) as api:
        ctx = await tenant_context(api.state.runtime, await create_tenant(api))
        traffic = WidgetTraffic(ctx, widgets=4)
        await traffic.write(1500)
        async with spawned_worker(settings, tmp_path / "worker.log") as worker:
            await worker.wait_started()
            await wait_for(lambda: has_delivered(ctx), seconds=10)
            began = time.monotonic()
            code = await worker.terminate(seconds=60)
            stopped_within = time.monotonic() - began
        left = await count_undelivered(ctx)
        async with spawned_worker(worker_settings, tmp_path / "finisher.log") as finisher:
            await finisher.wait_started()
            await wait_for(lambda: is_settled(ctx), seconds=60)
            assert await finisher.terminate(seconds=10) == 0, finisher.log_tail()
        await assert_delivered_exactly_once(ctx, traffic)
    assert code == 0, worker.log_tail()
    assert left > 0, "the backlog was drained before SIGTERM: the test proves nothing"
    assert stopped_within < STOP_GRACE_SECONDS + 3
    assert "cancelling the work in flight" in worker.log_tail()


async def has_delivered(ctx: Context) -> bool:
    """Return whether any delivery of the tenant was delivered."""
    return await count_delivered(ctx) > 0
