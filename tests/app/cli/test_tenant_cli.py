"""``rustok tenant``: create, list, update, suspend, activate, archive."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from tests.app.cli import Cli, table_rows, words
from tests.support.client import unique_slug
from tests.support.databases import DatabaseTarget


@pytest.fixture
def cli(database: DatabaseTarget, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Cli:
    """The CLI on the run's database."""
    return Cli.on(database, monkeypatch, tmp_path)


def listed(cli: Cli, slug: str) -> list[str]:
    """Return the ``tenant list`` row of ``slug`` as [slug, name, status, created]."""
    result = cli("tenant", "list")
    assert result.exit_code == 0, result.output
    rows = table_rows(result.stdout)
    assert rows[0] == ["slug", "name", "status", "created"]
    found = [row for row in rows[1:] if row[0] == slug]
    assert len(found) == 1, result.stdout
    return found[0]


def test_tenant_lifecycle(cli: Cli) -> None:
    slug = unique_slug("cli")

    created = cli("tenant", "create", slug, "--name", "Acme CLI")
    assert (created.exit_code, created.stdout) == (
        0,
        f"created tenant {slug}; modules enabled: none\n",
    )
    row = listed(cli, slug)
    assert row[:3] == [slug, "Acme CLI", "active"]
    assert datetime.fromisoformat(row[3]).utcoffset() is not None

    updated = cli("tenant", "update", slug, "--name", "Acme Two")
    assert (updated.exit_code, updated.stdout) == (0, f"updated tenant {slug} (Acme Two)\n")
    for verb, status in (("suspend", "suspended"), ("activate", "active"), ("archive", "archived")):
        changed = cli("tenant", verb, slug)
        assert (changed.exit_code, changed.stdout) == (0, f"tenant {slug} is now {status}\n")
        assert listed(cli, slug)[1:3] == ["Acme Two", status]


def test_create_without_name_uses_the_slug(cli: Cli) -> None:
    slug = unique_slug("cli")

    assert cli("tenant", "create", slug).exit_code == 0

    assert listed(cli, slug)[:3] == [slug, slug, "active"]


def test_update_changes_the_slug(cli: Cli) -> None:
    old, new = unique_slug("cli"), unique_slug("cli")
    assert cli("tenant", "create", old).exit_code == 0

    updated = cli("tenant", "update", old, "--new-slug", new)

    assert (updated.exit_code, updated.stdout) == (0, f"updated tenant {new} ({old})\n")
    assert cli("tenant", "suspend", old).exit_code == 1
    assert listed(cli, new)[:3] == [new, old, "active"]


def test_bad_slug_is_refused(cli: Cli) -> None:
    result = cli("tenant", "create", "Bad Slug!")

    assert result.exit_code == 1
    assert result.stdout == ""
    assert words(result.stderr) == (
        "error: VALIDATION (slug): use 1 to 63 lowercase letters, digits and inner hyphens "
        "(for example 'acme-shop'), got 'Bad Slug!'"
    )


def test_blank_name_is_refused(cli: Cli) -> None:
    slug = unique_slug("cli")
    assert cli("tenant", "create", slug, "--name", "Kept").exit_code == 0

    result = cli("tenant", "update", slug, "--name", " ")

    assert result.exit_code == 1
    assert words(result.stderr) == "error: VALIDATION (name): give a name of 1 to 200 characters"
    assert listed(cli, slug)[1] == "Kept"


def test_duplicate_slug_is_a_conflict(cli: Cli) -> None:
    slug = unique_slug("cli")
    assert cli("tenant", "create", slug).exit_code == 0

    result = cli("tenant", "create", slug)

    assert result.exit_code == 1
    assert words(result.stderr) == (
        f"error: CONFLICT (slug): a tenant with slug '{slug}' already exists"
    )


@pytest.mark.parametrize(
    "command",
    [
        ("update", "--name", "Nobody"),
        ("suspend",),
        ("activate",),
        ("archive",),
    ],
)
def test_unknown_tenant_is_not_found(cli: Cli, command: tuple[str, ...]) -> None:
    slug = unique_slug("nobody")

    result = cli("tenant", command[0], slug, *command[1:])

    assert result.exit_code == 1
    assert words(result.stderr) == f"error: NOT_FOUND (slug): no tenant '{slug}'"


def test_archived_tenant_cannot_come_back(cli: Cli) -> None:
    slug = unique_slug("cli")
    assert cli("tenant", "create", slug).exit_code == 0
    assert cli("tenant", "archive", slug).exit_code == 0

    result = cli("tenant", "activate", slug)

    assert result.exit_code == 1
    message = words(result.stderr)
    assert message.startswith("error: CONFLICT (id): ")
    assert message.endswith("the tenant is archived and cannot become active")
    assert listed(cli, slug)[2] == "archived"
