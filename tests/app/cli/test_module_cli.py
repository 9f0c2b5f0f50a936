"""``rustok module``: list, enable, disable per tenant (the CLI sees entry-point modules only)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.app.cli import Cli, table_rows, words
from tests.support.client import unique_slug
from tests.support.databases import DatabaseTarget


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


def test_list_shows_the_installed_modules(cli: Cli) -> None:
    result = cli("module", "list")

    assert result.exit_code == 0, result.output
    assert table_rows(result.stdout) == [["module", "version", "state", "depends on"]]


def test_list_with_a_tenant_adds_its_state(cli: Cli, tenant: str) -> None:
    result = cli("module", "list", "--tenant", tenant)

    assert result.exit_code == 0, result.output
    assert table_rows(result.stdout) == [["module", "version", "state", "depends on", "enabled"]]


def test_list_of_an_unknown_tenant_is_not_found(cli: Cli) -> None:
    slug = unique_slug("nobody")

    result = cli("module", "list", "--tenant", slug)

    assert result.exit_code == 1
    assert words(result.stderr) == f"error: NOT_FOUND (slug): no tenant '{slug}'"


@pytest.mark.parametrize("verb", ["enable", "disable"])
def test_unknown_module_is_not_found(cli: Cli, tenant: str, verb: str) -> None:
    result = cli("module", verb, "widgets", "--tenant", tenant)

    assert result.exit_code == 1
    assert result.stdout == ""
    assert words(result.stderr) == (
        "error: NOT_FOUND (module): no module 'widgets' is installed and in service"
    )


def test_enable_needs_a_known_tenant(cli: Cli) -> None:
    slug = unique_slug("nobody")

    result = cli("module", "enable", "widgets", "--tenant", slug)

    assert result.exit_code == 1
    assert words(result.stderr) == f"error: NOT_FOUND (slug): no tenant '{slug}'"


def test_enable_needs_the_tenant_option(cli: Cli) -> None:
    result = cli("module", "enable", "widgets")

    assert result.exit_code == 2
    assert "Missing option '--tenant'" in words(result.stderr)
