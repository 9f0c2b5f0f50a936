"""``rustok event dead|replay|tail`` against an app whose dispatcher the test drives."""

from __future__ import annotations

import asyncio
import json
import uuid
from pathlib import Path

import pytest

from app.runtime import Runtime
from tests.app.cli import Cli, table_rows, words
from tests.fixtures.widgets.module import create_widget, rename_widget
from tests.support.client import CreatedTenant
from tests.support.databases import DatabaseTarget
from tests.support.events import controlled_app, delivery_states, tenant_context


@pytest.fixture
def cli(database: DatabaseTarget, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Cli:
    """The CLI on the run's database."""
    return Cli.on(database, monkeypatch, tmp_path)


async def poisoned_tenant(runtime: Runtime, tenant: CreatedTenant) -> list[uuid.UUID]:
    """Create two poisoned widgets and a healthy one; drain so the tally dead-letters."""
    ctx = await tenant_context(runtime, tenant)
    ids = [await create_widget(ctx, name) for name in ("poison-a", "poison-b", "healthy")]
    await runtime.dispatcher.drain()
    return ids


async def test_dead_lists_a_tenants_dead_letters(database: DatabaseTarget, cli: Cli) -> None:
    async with controlled_app(database, event_max_attempts=1) as (api, _clock, tenant):
        ids = await poisoned_tenant(api.state.runtime, tenant)

        result = await asyncio.to_thread(cli, "event", "dead", "--tenant", tenant.slug)

        assert result.exit_code == 0, result.output
        rows = table_rows(result.stdout)
        assert rows[0] == [
            "tenant",
            "event",
            "type",
            "subscriber",
            "attempts",
            "failed at",
            "last error",
        ]
        assert [(row[0], row[2], row[3], row[4], row[6]) for row in rows[1:]] == [
            (tenant.slug, "widgets.item.created", "widgets.tally", "1", f"RuntimeError: {why}")
            for why in ("poisoned widget 'poison-a'", "poisoned widget 'poison-b'")
        ]
        assert len({row[1] for row in rows[1:]}) == 2
        assert len(ids) == 3


async def test_dead_across_tenants_and_by_subscriber(database: DatabaseTarget, cli: Cli) -> None:
    async with controlled_app(database, event_max_attempts=1) as (api, _clock, tenant):
        await poisoned_tenant(api.state.runtime, tenant)

        everywhere = await asyncio.to_thread(cli, "event", "dead")
        elsewhere = await asyncio.to_thread(
            cli, "event", "dead", "--tenant", tenant.slug, "--subscriber", "widgets.listing"
        )

        assert everywhere.exit_code == 0, everywhere.output
        mine = [row for row in table_rows(everywhere.stdout) if row[0] == tenant.slug]
        assert len(mine) == 2
        assert (elsewhere.exit_code, elsewhere.stdout) == (0, "no dead letters\n")


async def test_replay_one_then_all(database: DatabaseTarget, cli: Cli) -> None:
    async with controlled_app(database, event_max_attempts=1) as (api, _clock, tenant):
        runtime = api.state.runtime
        await poisoned_tenant(runtime, tenant)
        listed = await asyncio.to_thread(cli, "event", "dead", "--tenant", tenant.slug)
        event_id = table_rows(listed.stdout)[1][1]

        one = await asyncio.to_thread(
            cli,
            "event",
            "replay",
            "--tenant",
            tenant.slug,
            "--event",
            event_id,
            "--subscriber",
            "widgets.tally",
        )
        assert (one.exit_code, one.stdout) == (
            0,
            f"replayed 1 dead letter in {tenant.slug}; the runner delivers them again\n",
        )
        states = await delivery_states(runtime, "widgets.tally", tenant.id)
        assert states == {"delivered": 1, "dead": 1, "pending": 1}

        again = await asyncio.to_thread(
            cli,
            "event",
            "replay",
            "--tenant",
            tenant.slug,
            "--event",
            event_id,
            "--subscriber",
            "widgets.tally",
        )
        assert again.exit_code == 1
        assert words(again.stderr) == (
            f"error: NOT_FOUND: no dead letter of event {event_id} to 'widgets.tally'"
        )

        every = await asyncio.to_thread(
            cli, "event", "replay", "--tenant", tenant.slug, "--all-dead"
        )
        assert (every.exit_code, every.stdout) == (
            0,
            f"replayed 1 dead letter in {tenant.slug}; the runner delivers them again\n",
        )
        assert await delivery_states(runtime, "widgets.tally", tenant.id) == {
            "delivered": 1,
            "pending": 2,
        }
        none_left = await asyncio.to_thread(
            cli,
            "event",
            "replay",
            "--tenant",
            tenant.slug,
            "--all-dead",
            "--subscriber",
            "widgets.tally",
        )
        assert none_left.exit_code == 1
        assert words(none_left.stderr) == (
            f"error: NOT_FOUND: no dead letters of 'widgets.tally' to replay in '{tenant.slug}'"
        )


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ([], "pass either --event ID --subscriber NAME, or --all-dead [--subscriber NAME]"),
        (
            ["--all-dead", "--event", str(uuid.UUID(int=1))],
            "pass either --event ID --subscriber NAME, or --all-dead [--subscriber NAME]",
        ),
        (
            ["--event", str(uuid.UUID(int=1))],
            "--event needs --subscriber NAME: the subscriber to deliver it to again",
        ),
        (["--event", "nope"], "--event takes an event id (a UUID), got 'nope'"),
    ],
)
def test_replay_needs_one_clear_target(cli: Cli, arguments: list[str], message: str) -> None:
    result = cli("event", "replay", "--tenant", "anyone", *arguments)

    assert result.exit_code == 2
    assert words(result.stderr) == f"error: {message}"


async def test_tail_prints_the_newest_events_as_json_lines(
    database: DatabaseTarget, cli: Cli
) -> None:
    async with controlled_app(database) as (api, _clock, tenant):
        ctx = await tenant_context(api.state.runtime, tenant)
        first = await create_widget(ctx, "t1")
        await create_widget(ctx, "t2")
        await rename_widget(ctx, first, "t1-renamed")

        result = await asyncio.to_thread(
            cli, "event", "tail", "--tenant", tenant.slug, "--last", "3"
        )

        assert result.exit_code == 0, result.output
        lines = [json.loads(line) for line in result.stdout.splitlines()]
        assert [(line["type"], line["payload"]) for line in lines] == [
            ("widgets.item.created", {"name": "t1"}),
            ("widgets.item.created", {"name": "t2"}),
            ("widgets.item.renamed", {"name": "t1-renamed"}),
        ]
        assert lines[2] == {
            "id": lines[2]["id"],
            "tenant_id": str(tenant.id),
            "type": "widgets.item.renamed",
            "version": 1,
            "aggregate_type": "widgets.item",
            "aggregate_id": str(first),
            "sequence": 2,
            "occurred_at": "2026-11-26T09:00:00+00:00",
            "actor": "system",
            "payload": {"name": "t1-renamed"},
        }
        everything = await asyncio.to_thread(cli, "event", "tail", "--last", "2")
        assert everything.exit_code == 0, everything.output
        assert len([json.loads(line) for line in everything.stdout.splitlines()]) == 2


async def test_tail_follow_prints_new_events_once_in_order(
    database: DatabaseTarget, cli: Cli
) -> None:
    async with controlled_app(database) as (api, _clock, tenant):
        ctx = await tenant_context(api.state.runtime, tenant)
        following = asyncio.create_task(
            asyncio.to_thread(
                cli,
                "event",
                "tail",
                "--tenant",
                tenant.slug,
                "--last",
                "0",
                "--follow",
                "--interval",
                "0.1",
                "--seconds",
                "3",
            )
        )
        names = []
        for index in range(6):
            await asyncio.sleep(0.3)
            names.append(f"f{index}")
            await create_widget(ctx, names[-1])

        result = await following

        assert result.exit_code == 0, result.output
        printed = [json.loads(line)["payload"]["name"] for line in result.stdout.splitlines()]
        # Whatever existed when it started is not shown (--last 0); after that, each new
        # event exactly once, in order, down to the last one.
        assert printed == names[len(names) - len(printed) :]
        assert printed[-3:] == ["f3", "f4", "f5"]
