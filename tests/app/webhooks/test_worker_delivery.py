"""`rustok worker` sending webhooks, and SIGKILLed mid-send: nothing lost, one id per event.

The API runs in worker mode; a worker process (its own runtime, its own sender) fans the
events out and sends them to a receiver that holds every request until told to answer. The
worker is killed with requests in flight; a new one claims them again once their lease runs
out, and every event arrives, signed, each resend under the same ``webhook-id``.
"""

from __future__ import annotations

import json
import signal
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import select

from app.config import Settings
from app.webhooks.models import WebhookDeliveryRow
from tests.app.identity.people import events_of, person
from tests.app.webhooks.delivering import signed_with
from tests.app.webhooks.endpoints import create_endpoint
from tests.app.webhooks.receiver import Receiver, receiver
from tests.conftest import make_registry, make_settings
from tests.fixtures.widgets.module import create_widget
from tests.support.client import CreatedTenant, RunningApp, create_tenant, running_app
from tests.support.databases import DatabaseTarget
from tests.support.events import tenant_context, wait_for
from tests.support.redis_server import delete_keys, shared_redis_url, unique_prefix
from tests.support.worker_process import spawned_worker

pytestmark = [
    pytest.mark.redis,
    pytest.mark.skipif(
        shared_redis_url() is None,
        reason="needs Redis for `rustok worker`: set RUSTOK_TEST_REDIS_URL "
        "(e.g. redis://127.0.0.1:6379/0)",
    ),
]

WIDGETS = 12


@pytest.fixture
async def worker_settings(database: DatabaseTarget) -> AsyncIterator[Settings]:
    """Worker mode on the shared Redis; short sends and leases so a resend comes in seconds."""
    url, prefix = shared_redis_url() or "", unique_prefix()
    yield make_settings(
        database,
        event_runner="worker",
        redis_url=url,
        redis_prefix=prefix,
        event_poll_seconds=0.2,
        webhook_allow_private=True,
        webhook_timeout_seconds=5,
        webhook_lease_seconds=10,
    )
    await delete_keys(url, prefix)


async def _held(got: Receiver, count: int) -> bool:
    return len(got.requests) >= count


async def _all_delivered(api: RunningApp, tenant: CreatedTenant) -> bool:
    async with api.state.runtime.db.transaction(tenant.id, readonly=True) as session:
        states = list(
            await session.scalars(
                select(WebhookDeliveryRow.state).where(WebhookDeliveryRow.tenant_id == tenant.id)
            )
        )
    return len(states) == WIDGETS and set(states) == {"delivered"}


async def test_a_worker_killed_mid_send_loses_nothing(
    worker_settings: Settings, tmp_path: Path
) -> None:
    settings = worker_settings
    async with running_app(settings, make_registry(settings)) as api, receiver() as got:
        tenant = await create_tenant(api)
        owner = await person(api, tenant, "owner")
        created = await create_endpoint(
            api, tenant, owner.token, url=got.url("/slow"), eventTypes=["widgets.item.created"]
        )
        ctx = await tenant_context(api.state.runtime, tenant)
        for number in range(WIDGETS):
            await create_widget(ctx, f"w{number}")

        async with spawned_worker(settings, tmp_path / "first.log") as first:
            await first.wait_started()
            await wait_for(lambda: _held(got, WIDGETS), seconds=30)  # all in flight, held
            assert await first.kill() == -signal.SIGKILL, first.log_tail()
        held = len(got.requests)
        got.release.set()

        async with spawned_worker(settings, tmp_path / "second.log") as second:
            await second.wait_started()
            await wait_for(lambda: _all_delivered(api, tenant), seconds=40)
            assert await second.terminate(seconds=10) == 0, second.log_tail()

        events = await events_of(api, tenant.id, "widgets.item.created")
    ids = {request.headers["webhook-id"] for request in got.requests}
    bodies = {request.headers["webhook-id"]: request.body for request in got.requests}
    assert held == WIDGETS
    assert len(got.requests) == 2 * WIDGETS  # each cut send went once more, nothing else
    assert len(ids) == WIDGETS
    assert all(signed_with(created["secret"], request) for request in got.requests)
    assert sorted(str(event.id) for event in events) == sorted(
        _event_id(body) for body in bodies.values()
    )


def _event_id(body: str) -> str:
    value: str = json.loads(body)["id"]
    return value
