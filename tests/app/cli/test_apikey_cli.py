"""``rustok apikey``: create (printed once), list, revoke; a printed key works over HTTP."""

from __future__ import annotations

import asyncio
import re
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from tests.app.cli import Cli, table_rows, words
from tests.support.client import RunningApp, unique_slug
from tests.support.databases import DatabaseTarget

KEY = re.compile(r"^key: (rk_[0-9a-f]{32}_\S+)$", re.MULTILINE)
MODULES = "{ modules { name } }"


@pytest.fixture
def cli(database: DatabaseTarget, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Cli:
    """The CLI on the run's database."""
    return Cli.on(database, monkeypatch, tmp_path)


@pytest.fixture
def tenant(cli: Cli) -> str:
    """The slug of a new tenant, created through the CLI."""
    slug = unique_slug("cli")
    assert cli("tenant", "create", slug).exit_code == 0
    return slug


def create(cli: Cli, tenant: str, *extra: str) -> tuple[str, str]:
    """Create a key viewing modules; return its id and the whole key."""
    result = cli(
        "apikey", "create", "--tenant", tenant, "--name", "ci", "-p", "core.view_modules", *extra
    )
    assert result.exit_code == 0, result.output
    found = KEY.search(result.stdout)
    assert found is not None, result.stdout
    key_id = result.stdout.split()[3]
    return key_id, found[1]


def listed(cli: Cli, tenant: str) -> list[list[str]]:
    """Return ``apikey list``'s body rows."""
    result = cli("apikey", "list", "--tenant", tenant)
    assert result.exit_code == 0, result.output
    rows = table_rows(result.stdout)
    assert rows[0] == ["id", "name", "permissions", "created", "expires", "state"]
    return rows[1:]


def test_create_prints_the_key_once(cli: Cli, tenant: str) -> None:
    result = cli("apikey", "create", "--tenant", tenant, "--name", "ci", "-p", "core.view_modules")

    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    key_id = lines[0].split()[3]
    assert lines[0] == f"created API key {key_id} (ci) in {tenant}; expires: never"
    assert lines[1].startswith(f"key: rk_{key_id.replace('-', '')}_")
    assert lines[2] == "(shown once: store it now; send it as `Authorization: Bearer <key>`)"
    [row] = listed(cli, tenant)
    assert row[:3] == [key_id, "ci", "core.view_modules"]
    assert row[4:] == ["", "active"]
    secret = lines[1].split("_", 2)[2]
    assert secret not in cli("apikey", "list", "--tenant", tenant).stdout


async def test_a_printed_key_works_until_it_is_revoked(api: RunningApp, cli: Cli) -> None:
    tenant = unique_slug("cli")
    assert (await asyncio.to_thread(cli, "tenant", "create", tenant)).exit_code == 0
    key_id, key = await asyncio.to_thread(create, cli, tenant)

    allowed = await api.gql(MODULES, tenant=tenant, token=key)
    refused = await api.gql("{ roles { name } }", tenant=tenant, token=key)
    revoked = await asyncio.to_thread(cli, "apikey", "revoke", key_id, "--tenant", tenant)
    after = await api.gql(MODULES, tenant=tenant, token=key)

    assert "errors" not in allowed
    assert [error["extensions"]["code"] for error in refused["errors"]] == ["PERMISSION_DENIED"]
    assert (revoked.exit_code, revoked.stdout) == (
        0,
        f"revoked API key {key_id} (ci) in {tenant}\n",
    )
    assert [error["extensions"]["code"] for error in after["errors"]] == ["UNAUTHENTICATED"]
    [row] = await asyncio.to_thread(listed, cli, tenant)
    assert row[-1] == "revoked"


def test_expiring_keys_show_their_expiry(cli: Cli, tenant: str) -> None:
    key_id, _ = create(cli, tenant, "--expires-days", "30")

    [row] = listed(cli, tenant)

    created, expires = datetime.fromisoformat(row[3]), datetime.fromisoformat(row[4])
    assert row[0] == key_id
    assert timedelta(days=30, seconds=-1) < expires - created <= timedelta(days=30)
    assert row[5] == "active"


def test_expiry_must_be_a_day_or_more(cli: Cli, tenant: str) -> None:
    result = cli(
        "apikey", "create", "--tenant", tenant, "--name", "ci", "-p", "core.view_modules",
        "--expires-days", "0",
    )  # fmt: skip

    assert result.exit_code == 2
    assert listed(cli, tenant) == []


def test_revoke_takes_the_keys_public_start_too(cli: Cli, tenant: str) -> None:
    key_id, key = create(cli, tenant)
    public_start = key[: len("rk_") + 32]

    result = cli("apikey", "revoke", public_start, "--tenant", tenant)

    assert result.exit_code == 0, result.output
    assert listed(cli, tenant)[0][-1] == "revoked"
    assert key_id in result.stdout


def test_create_refuses_unknown_permissions(cli: Cli, tenant: str) -> None:
    result = cli("apikey", "create", "--tenant", tenant, "--name", "ci", "-p", "core.fly")

    assert result.exit_code == 1
    assert result.stdout == ""
    assert words(result.stderr) == (
        "error: VALIDATION (permissions.0): no permission is named 'core.fly': see the "
        "`permissions` query"
    )
    assert listed(cli, tenant) == []


def test_revoke_refuses_unknown_and_foreign_keys(cli: Cli, tenant: str) -> None:
    other = unique_slug("cli")
    assert cli("tenant", "create", other).exit_code == 0
    foreign_id, _ = create(cli, other)

    foreign = cli("apikey", "revoke", foreign_id, "--tenant", tenant)
    malformed = cli("apikey", "revoke", "not-a-key", "--tenant", tenant)

    assert foreign.exit_code == 1
    assert words(foreign.stderr) == "error: NOT_FOUND (id): no such API key in this tenant"
    assert malformed.exit_code == 1
    assert words(malformed.stderr) == (
        "error: 'not-a-key' is not a key id: pass the id `rustok apikey list` shows"
    )
    assert listed(cli, other)[0][-1] == "active"
