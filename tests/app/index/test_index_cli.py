"""``rustok index rebuild|status``, with the test modules installed in the CLI's registry."""

from __future__ import annotations

import asyncio
import uuid
from pathlib import Path

import pytest
from sqlalchemy import delete, select

from app.config import Settings
from app.registry import Registry
from app.runtime import Runtime
from tests.app.cli import Cli, table_rows, words
from tests.conftest import make_registry
from tests.fixtures.widgets.models import WidgetListingRow
from tests.fixtures.widgets.module import SEED_NAME, create_widget
from tests.support.client import create_tenant
from tests.support.databases import DatabaseTarget
from tests.support.events import controlled_app, tenant_context


@pytest.fixture
def cli(database: DatabaseTarget, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Cli:
    """The CLI on the run's database, its registry holding the test modules too."""

    def with_test_modules(settings: Settings) -> Registry:
        # Cli.on selects no installed module (RUSTOK_MODULES=""); the test modules are wanted.
        return make_registry(settings.model_copy(update={"modules": None}))

    monkeypatch.setattr("app.cli.runner.build_registry", with_test_modules)
    return Cli.on(database, monkeypatch, tmp_path)


async def listed_names(runtime: Runtime, tenant_id: uuid.UUID) -> list[str]:
    """Return the names in a tenant's widget listing."""
    async with runtime.db.transaction(tenant_id, readonly=True) as session:
        names = await session.scalars(
            select(WidgetListingRow.name)
            .where(WidgetListingRow.tenant_id == tenant_id)
            .order_by(WidgetListingRow.name)
        )
        return list(names)


def rebuilt_lines(stdout: str) -> list[str]:
    """Return the summary lines (the progress bar's own lines left out)."""
    return [line for line in stdout.splitlines() if line.startswith("rebuilt ")]


async def test_rebuild_one_projection_for_one_tenant(database: DatabaseTarget, cli: Cli) -> None:
    async with controlled_app(database) as (api, _clock, tenant):
        runtime = api.state.runtime
        other = await create_tenant(api)
        ctx = await tenant_context(runtime, tenant)
        lost = await create_widget(ctx, "lost")
        await create_widget(ctx, "kept")
        await runtime.dispatcher.drain()
        async with runtime.db.transaction(tenant.id) as session:
            await session.execute(
                delete(WidgetListingRow).where(WidgetListingRow.widget_id == lost)
            )

        result = await asyncio.to_thread(
            cli, "index", "rebuild", "--projection", "widgets.listing", "--tenant", tenant.slug
        )

        assert result.exit_code == 0, result.output
        assert rebuilt_lines(result.stdout) == [
            f"rebuilt widgets.listing for {tenant.slug}: 3 aggregates"
        ]
        assert await listed_names(runtime, tenant.id) == ["kept", "lost", SEED_NAME]
        assert await listed_names(runtime, other.id) == []


async def test_rebuild_takes_every_projection_and_tenant_by_default(
    database: DatabaseTarget, cli: Cli
) -> None:
    async with controlled_app(database) as (api, _clock, tenant):
        other = await create_tenant(api)

        result = await asyncio.to_thread(cli, "index", "rebuild")

        assert result.exit_code == 0, result.output
        lines = rebuilt_lines(result.stdout)
        for slug in (tenant.slug, other.slug):
            assert f"rebuilt widgets.listing for {slug}: 1 aggregate" in lines
        assert await listed_names(api.state.runtime, other.id) == [SEED_NAME]


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (
            ["--projection", "widgets.tally"],
            (
                "error: NOT_FOUND (projection): no projection 'widgets.tally'; "
                "installed: widgets.listing"
            ),
        ),
        (["--tenant", "nobody-at-all"], "error: NOT_FOUND (slug): no tenant 'nobody-at-all'"),
    ],
)
def test_rebuild_names_what_it_cannot_find(cli: Cli, arguments: list[str], message: str) -> None:
    result = cli("index", "rebuild", *arguments)

    assert result.exit_code == 1
    assert words(result.stderr) == message


async def test_status_shows_each_subscriber_of_a_tenant(database: DatabaseTarget, cli: Cli) -> None:
    async with controlled_app(database) as (api, _clock, tenant):
        runtime = api.state.runtime
        await create_widget(await tenant_context(runtime, tenant), "shown")
        await runtime.dispatcher.drain()
        await create_widget(await tenant_context(runtime, tenant), "waiting")

        result = await asyncio.to_thread(cli, "index", "status", "--tenant", tenant.slug)

        assert result.exit_code == 0, result.output
        rows = table_rows(result.stdout)
        assert rows[0] == [
            "tenant",
            "subscriber",
            "kind",
            "last event",
            "applied",
            "lag",
            "lag s",
            "retrying",
            "dead",
        ]
        assert [(row[0], row[1], row[2], row[5], row[7], row[8]) for row in rows[1:]] == [
            (tenant.slug, "core.audit", "handler", "1", "0", "0"),
            # No endpoint wants the tenant's events: the webhook fan-out has none, and no lag.
            (tenant.slug, "webhooks.fanout", "handler", "0", "0", "0"),
            (tenant.slug, "widgets.listing", "projection", "1", "0", "0"),
            (tenant.slug, "widgets.tally", "handler", "1", "0", "0"),
        ]
        fanout = rows[2]
        assert (fanout[3], fanout[4]) == ("-", "-"), fanout
        delivered = [rows[1], *rows[3:]]
        assert all(uuid.UUID(row[3]).version == 7 for row in delivered)
        assert {row[4] for row in delivered} == {"2026-11-26T09:00:00+00:00"}
