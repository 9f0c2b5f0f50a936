"""``rustok schema export``, and how every command treats a bad setting."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.bootstrap import build_registry, build_schema
from app.config import Settings
from tests.app.cli import Cli, words
from tests.support.databases import DatabaseTarget


@pytest.fixture
def cli(database: DatabaseTarget, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Cli:
    """The CLI on the run's database."""
    return Cli.on(database, monkeypatch, tmp_path)


def composed_sdl() -> str:
    """Return the SDL of the core alone (the CLI tests run with `RUSTOK_MODULES=""`)."""
    settings = Settings(_env_file=None, debug=True, modules=[])
    return build_schema(build_registry(settings)).sdl()


def test_export_writes_the_composed_sdl(cli: Cli, tmp_path: Path) -> None:
    target = tmp_path / "exported.graphql"

    result = cli("schema", "export", "--output", str(target))

    assert (result.exit_code, result.stdout) == (0, f"wrote {target}\n")
    assert target.read_text(encoding="utf-8") == composed_sdl()


def test_export_to_stdout(cli: Cli) -> None:
    result = cli("schema", "export", "-o", "-")

    assert result.exit_code == 0, result.output
    assert result.stdout == composed_sdl()


@pytest.mark.parametrize(
    "command",
    [("schema", "export", "-o", "-"), ("tenant", "list"), ("module", "list"), ("migrate",)],
)
def test_bad_setting_exits_2_naming_the_variable(cli: Cli, command: tuple[str, ...]) -> None:
    result = cli(*command, RUSTOK_MAX_PAGE_SIZE="0")

    assert result.exit_code == 2
    assert result.stdout == ""
    assert words(result.stderr) == (
        "error: invalid configuration: "
        "RUSTOK_MAX_PAGE_SIZE: Input should be greater than or equal to 1"
    )


def test_every_bad_setting_is_named(cli: Cli) -> None:
    result = cli("tenant", "list", RUSTOK_MAX_PAGE_SIZE="0", RUSTOK_DATABASE_POOL_SIZE="many")

    assert result.exit_code == 2
    message = words(result.stderr)
    assert "RUSTOK_MAX_PAGE_SIZE: Input should be greater than or equal to 1" in message
    assert "RUSTOK_DATABASE_POOL_SIZE: Input should be a valid integer" in message


def test_missing_secret_outside_debug_exits_2(cli: Cli) -> None:
    result = cli("tenant", "list", RUSTOK_DEBUG="0")

    assert result.exit_code == 2
    assert "RUSTOK_SECRET_KEY must be set to at least 32 characters" in words(result.stderr)
