"""The headline proof: kill -9 of a worker mid-batch, 50 times, under a stream of writes.

The API runs in worker mode (it only writes and wakes the workers through Redis); a writer
task keeps creating and renaming 8 widgets so that work always waits; worker processes drain
in batches of 5 deliveries, each SIGKILLed 0-350 ms (seeded) after it committed its first
batch, and replaced by a new one. A last worker (started as usual, default batches) then
catches up, and nothing may be lost, doubled or reordered, and the read table must equal its
source rows. The killed workers come from a fork server (tests/support/worker_process.py), so
50 restarts take seconds, not minutes.
"""

from __future__ import annotations

import asyncio
import functools
import random
import signal
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from app.config import Settings
from app.runtime import Context
from tests.conftest import make_registry, make_settings
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
from tests.support.worker_process import ForkServer, fork_server, spawned_worker

pytestmark = [
    pytest.mark.redis,
    pytest.mark.skipif(
        shared_redis_url() is None,
        reason="needs Redis for `rustok worker`: set RUSTOK_TEST_REDIS_URL "
        "(e.g. redis://127.0.0.1:6379/0)",
    ),
]

KILLS = 50
SEED = 20261126
BACKLOG = 1000  # deliveries: more than a worker drains between two kills


@pytest.fixture
async def worker_settings(database: DatabaseTarget) -> AsyncIterator[Settings]:
    """Worker-mode settings, small batches, on the shared Redis under this test's prefix."""
    url, prefix = shared_redis_url() or "", unique_prefix()
    yield make_settings(
        database,
        event_runner="worker",
        redis_url=url,
        redis_prefix=prefix,
        event_batch_size=5,
        event_poll_seconds=0.2,
    )
    await delete_keys(url, prefix)


@dataclass(slots=True)
class KillRecord:
    """What the kills hit: start-up times, kills, and how many found work still pending."""

    startups: list[float] = field(default_factory=list)
    kills: int = 0
    busy: int = 0


async def keep_a_backlog(ctx: Context, traffic: WidgetTraffic, stop: asyncio.Event) -> None:
    """Write whenever fewer than ``BACKLOG`` deliveries wait: every kill finds work in hand."""
    while not stop.is_set():
        if await count_undelivered(ctx) < BACKLOG:
            await traffic.write(10)
        else:
            await asyncio.sleep(0.01)


async def kill_workers(ctx: Context, server: ForkServer, writer: asyncio.Task[None]) -> KillRecord:
    """Until ``KILLS`` kills hit a draining worker: start one, let it commit a batch, SIGKILL it.

    The kill comes 0-350 ms (seeded) after that first batch. A kill that finds no work pending
    (the writer fell behind) may have hit an idle worker and does not count; a counted kill hit
    a worker with work in hand, which with batches of 5 deliveries is nearly always mid-batch.
    """
    chance = random.Random(SEED)  # noqa: S311 - reproducible kill points
    record = KillRecord()
    while record.busy < KILLS:
        assert record.kills < 2 * KILLS, f"too few kills hit a draining worker: {record}"
        delivered = await count_delivered(ctx)
        worker = await server.start()
        record.startups.append(await worker.wait_started())
        await wait_for(functools.partial(has_delivered_more, ctx, delivered), seconds=30)
        await asyncio.sleep(chance.uniform(0, 0.35))
        assert await worker.kill() == -signal.SIGKILL, worker.log_tail()
        record.kills += 1
        record.busy += int(await count_undelivered(ctx) > 0)
        assert not writer.done(), "the writer stopped"
    return record


async def has_delivered_more(ctx: Context, than: int) -> bool:
    """Return whether the tenant has more delivered deliveries than ``than``."""
    return await count_delivered(ctx) > than


async def test_kill_9_mid_batch_50_times_loses_doubles_and_reorders_nothing(
    worker_settings: Settings, tmp_path: Path
) -> None:
    settings = worker_settings
    async with (
        running_app(settings, make_registry(settings)) as api,
        fork_server(settings, tmp_path / "workers.log") as server,
    ):
        ctx = await tenant_context(api.state.runtime, await create_tenant(api))
        traffic = WidgetTraffic(ctx, widgets=8)
        stop = asyncio.Event()
        writer = asyncio.create_task(keep_a_backlog(ctx, traffic, stop))
        try:
            await kill_workers(ctx, server, writer)
        finally:
            stop.set()
            await writer
        final_settings = settings.model_copy(update={"event_batch_size": 100})
        async with spawned_worker(final_settings, tmp_path / "final.log") as final:
            await wait_for(lambda: is_settled(ctx), seconds=60)
            assert await final.terminate(seconds=10) == 0, final.log_tail()
        await assert_delivered_exactly_once(ctx, traffic)
