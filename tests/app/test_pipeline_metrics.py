"""/metrics reports the event pipeline: deliveries waiting, dead letters, and how late they are.

The gauges are read across tenants and the test database is shared by the run, so the tests
compare before and after (nothing else writes meanwhile) rather than absolute counts.
"""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest

from tests.app.test_metrics_and_logs import Samples, key, scrape
from tests.app.webhooks.delivering import delivering
from tests.fixtures.widgets.module import create_widget
from tests.support.databases import DatabaseTarget
from tests.support.events import controlled_app, tenant_context

Sample = tuple[str, frozenset[tuple[str, str]]]
PENDING = key("rustok_outbox_deliveries", state="pending")
DEAD = key("rustok_outbox_deliveries", state="dead")
OUTBOX_LAG = key("rustok_outbox_due_lag_seconds")
WEBHOOKS = key("rustok_webhook_deliveries_pending")
WEBHOOK_LAG = key("rustok_webhook_due_lag_seconds")


def _delta(after: Samples, before: Samples, sample: Sample) -> float:
    return after[sample] - before[sample]


async def test_the_outbox_backlog_and_its_lag_show_and_clear(database: DatabaseTarget) -> None:
    async with controlled_app(database) as (api, clock, tenant):
        runtime = api.state.runtime
        await runtime.dispatcher.drain()
        before = await scrape(api)
        ctx = await tenant_context(runtime, tenant)
        await create_widget(ctx, "lamp")
        await create_widget(ctx, "desk")
        subscribers = len(runtime.events.subscribers_for("widgets.item.created"))
        clock.advance(timedelta(seconds=30))

        waiting = await scrape(api)
        await runtime.dispatcher.drain()
        drained = await scrape(api)

    per_event = subscribers - 1  # the tenant has no webhook endpoint: no fan-out delivery
    assert _delta(waiting, before, PENDING) == 2 * per_event
    assert waiting[OUTBOX_LAG] >= 30.0
    assert drained[PENDING] == before[PENDING]
    assert _delta(drained, before, DEAD) == 0


async def test_the_webhook_queue_and_its_lag_show_and_clear(database: DatabaseTarget) -> None:
    async with delivering(database, "/ok") as setup:
        before = await scrape(setup.api)
        await setup.widget("lamp")  # drained: its delivery is queued
        setup.clock.advance(timedelta(seconds=12))

        queued = await scrape(setup.api)
        await setup.deliver()
        sent = await scrape(setup.api)

    assert _delta(queued, before, WEBHOOKS) == 1
    assert queued[WEBHOOK_LAG] >= 12.0
    assert sent[WEBHOOKS] == before[WEBHOOKS]


async def test_a_database_outage_leaves_the_gauges_as_they_were_not_the_page_down(
    database: DatabaseTarget, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    class Unreachable:
        async def __aenter__(self) -> None:
            raise ConnectionRefusedError("the database is down")

        async def __aexit__(self, *_exc: object) -> None:
            return None

    def unreachable(*_args: object, **_kwargs: object) -> Unreachable:
        return Unreachable()

    async with controlled_app(database) as (api, _clock, _tenant):
        first = await scrape(api)
        monkeypatch.setattr(api.state.runtime.db, "transaction", unreachable)
        with caplog.at_level(logging.WARNING, logger="app.pipeline_metrics"):
            second = await scrape(api)

    assert second[PENDING] == first[PENDING]  # the last values stay
    assert key("rustok_http_requests_total", method="GET", route="/metrics", status="200") in (
        second
    )
    assert "could not read the event pipeline's gauges" in caplog.text
