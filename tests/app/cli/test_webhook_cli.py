"""``rustok webhook list|deliveries|redeliver``: endpoints (never secrets), deliveries, resends."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from app.ids import decode_global_id
from app.webhooks import endpoints
from app.webhooks.endpoints import EndpointChanges
from app.webhooks.models import WebhookDeliveryRow
from tests.app.cli import Cli, table_rows, words
from tests.app.identity.people import person
from tests.app.webhooks.delivering import Setup, delivering, signed_with
from tests.app.webhooks.endpoints import create_endpoint
from tests.support.client import RunningApp, create_tenant
from tests.support.databases import DatabaseTarget
from tests.support.events import tenant_context


@pytest.fixture
def cli(database: DatabaseTarget, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Cli:
    """The CLI on the run's database."""
    return Cli.on(database, monkeypatch, tmp_path)


async def test_list_shows_endpoints_without_secrets(api: RunningApp, cli: Cli) -> None:
    tenant = await create_tenant(api)
    owner = await person(api, tenant, "owner")
    created = await create_endpoint(
        api,
        tenant,
        owner.token,
        eventTypes=["core.apikey.*"],
        headers=[{"name": "X-Token", "value": "hidden-value"}],
        description="ci",
    )

    result = await asyncio.to_thread(cli, "webhook", "list", "--tenant", tenant.slug)

    assert result.exit_code == 0, result.output
    text = words(result.stdout)
    assert str(uuid.UUID(decode_global_id(created["webhookEndpoint"]["id"])[1])) in text
    for shown in ("core.apikey.*", "active", "X-Token", "ci"):
        assert shown in text
    assert "hidden-value" not in result.stdout
    assert created["secret"].removeprefix("whsec_") not in result.stdout


async def _dead_and_delivered(setup: Setup) -> tuple[WebhookDeliveryRow, WebhookDeliveryRow]:
    """Deliver one event, then let the next one die on a 410 (which disables the endpoint)."""
    ctx = await tenant_context(setup.runtime, setup.tenant)
    await setup.widget("lamp")
    await setup.deliver()
    gone = EndpointChanges(url=setup.got.url("/gone"))
    await endpoints.update_endpoint(ctx, setup.tenant.id, setup.endpoint_id, gone)
    await setup.widget("desk")
    await setup.deliver()
    back = EndpointChanges(url=setup.got.url("/ok"), is_active=True)
    await endpoints.update_endpoint(ctx, setup.tenant.id, setup.endpoint_id, back)
    delivered, dead = await setup.deliveries()
    return delivered, dead


async def _send_what_the_cli_queued(setup: Setup) -> int:
    """Move the frozen clock past the real time the CLI queued at, and send."""
    setup.clock.advance(
        max(datetime.now(UTC) - setup.clock.now(), timedelta(0)) + timedelta(seconds=1)
    )
    return await setup.deliver()


async def test_deliveries_lists_them_by_endpoint_and_state(
    database: DatabaseTarget, cli: Cli
) -> None:
    async with delivering(database, "/ok") as setup:
        delivered, dead = await _dead_and_delivered(setup)
        slug = setup.tenant.slug

        every = await asyncio.to_thread(
            cli, "webhook", "deliveries", "--tenant", slug, COLUMNS="300"
        )
        only_dead = await asyncio.to_thread(
            cli,
            "webhook",
            "deliveries",
            "--tenant",
            slug,
            "--state",
            "dead",
            "--limit",
            "5",
            COLUMNS="300",
        )
        elsewhere = await asyncio.to_thread(
            cli, "webhook", "deliveries", "--tenant", slug, "--endpoint", str(uuid.uuid4())
        )
        bad_state = await asyncio.to_thread(
            cli, "webhook", "deliveries", "--tenant", slug, "--state", "lost"
        )

    assert every.exit_code == 0, every.output
    rows = table_rows(every.stdout)
    assert rows[0] == [
        "id",
        "endpoint",
        "event",
        "type",
        "state",
        "attempts",
        "status",
        "created",
    ]
    assert [(row[0], row[3], row[4], row[6]) for row in rows[1:]] == [
        (str(dead.id), "widgets.item.created", "dead", "410"),
        (str(delivered.id), "widgets.item.created", "delivered", "200"),
    ]
    assert [row[0] for row in table_rows(only_dead.stdout)[1:]] == [str(dead.id)]
    assert words(elsewhere.stdout) == "no deliveries"
    assert bad_state.exit_code == 2
    assert "--state takes one of pending, delivered, dead, skipped" in words(bad_state.stderr)


async def test_redeliver_one_sends_it_again_with_its_id(database: DatabaseTarget, cli: Cli) -> None:
    async with delivering(database, "/ok") as setup:
        delivered, _dead = await _dead_and_delivered(setup)

        result = await asyncio.to_thread(
            cli,
            "webhook",
            "redeliver",
            "--tenant",
            setup.tenant.slug,
            "--delivery",
            str(delivered.id),
        )
        sent = await _send_what_the_cli_queued(setup)

        first, *_, last = setup.got.requests
        attempts = [a.attempt for a in await setup.attempts() if a.delivery_id == delivered.id]
    assert result.exit_code == 0, result.output
    assert words(result.stdout) == (
        f"queued delivery {delivered.id} ({delivered.msg_id}) again; the runner sends it"
    )
    assert sent == 1
    assert first.headers["webhook-id"] == last.headers["webhook-id"] == delivered.msg_id
    assert signed_with(setup.secret, last)
    assert attempts == [1, 2]


async def test_redeliver_failed_since_sends_the_dead_ones(
    database: DatabaseTarget, cli: Cli
) -> None:
    async with delivering(database, "/ok") as setup:
        since = setup.clock.now().isoformat()
        _delivered, dead = await _dead_and_delivered(setup)
        args = ("webhook", "redeliver", "--tenant", setup.tenant.slug)

        result = await asyncio.to_thread(
            cli, *args, "--endpoint", str(setup.endpoint_id), "--failed-since", since
        )
        sent = await _send_what_the_cli_queued(setup)

        last = setup.got.requests[-1]
        states = [row.state for row in await setup.deliveries()]
    assert result.exit_code == 0, result.output
    assert words(result.stdout) == "queued 1 dead delivery again; the runner sends it"
    assert sent == 1
    assert (last.path, last.headers["webhook-id"]) == ("/ok", dead.msg_id)
    assert signed_with(setup.secret, last)
    assert states == ["delivered", "delivered"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((), "pass either --delivery ID, or --endpoint ID --failed-since TIME"),
        (("--delivery", "x"), "--delivery takes an id (a UUID), got 'x'"),
        (("--endpoint", str(uuid.UUID(int=1))), "--endpoint and --failed-since go together"),
        (
            ("--endpoint", str(uuid.UUID(int=1)), "--failed-since", "2026-11-27T03:00:00"),
            "--failed-since needs a UTC offset",
        ),
        (
            ("--endpoint", str(uuid.UUID(int=1)), "--failed-since", "yesterday"),
            "--failed-since takes an ISO 8601 time, got 'yesterday'",
        ),
    ],
)
async def test_redeliver_refuses_bad_options(
    api: RunningApp, cli: Cli, args: tuple[str, ...], message: str
) -> None:
    tenant = await create_tenant(api)

    result = await asyncio.to_thread(cli, "webhook", "redeliver", "--tenant", tenant.slug, *args)

    assert result.exit_code == 2
    assert message in words(result.stderr)


async def test_redeliver_does_not_reach_into_another_tenant(
    database: DatabaseTarget, cli: Cli
) -> None:
    async with delivering(database, "/ok") as setup:
        await setup.widget("lamp")
        await setup.deliver()
        [delivery] = await setup.deliveries()
        other = await create_tenant(setup.api)

        result = await asyncio.to_thread(
            cli, "webhook", "redeliver", "--tenant", other.slug, "--delivery", str(delivery.id)
        )

        [after] = await setup.deliveries()
    assert result.exit_code == 1
    assert "NOT_FOUND (deliveryId): no such webhook delivery in this tenant" in words(result.stderr)
    assert (after.state, after.attempts) == ("delivered", 1)
