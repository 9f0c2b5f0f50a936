"""``rustok webhook list``: a tenant's endpoints, never their secrets or header values."""

from __future__ import annotations

import asyncio
import uuid
from pathlib import Path

import pytest

from app.ids import decode_global_id
from tests.app.cli import Cli, words
from tests.app.identity.people import person
from tests.app.webhooks.endpoints import create_endpoint
from tests.support.client import RunningApp, create_tenant
from tests.support.databases import DatabaseTarget


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
