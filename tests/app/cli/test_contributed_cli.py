"""``rustok <module> ...``: commands installed modules contribute, found through entry points."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from importlib.metadata import EntryPoint
from pathlib import Path

import pytest
import typer

from app.cli.contributed import module_commands
from app.registry import Module
from app.registry.registry import ENTRY_POINT_GROUP
from tests.app.cli import Cli, words
from tests.fixtures import gadgets
from tests.support.databases import DatabaseTarget


def _points(*names: str) -> Callable[..., list[EntryPoint]]:
    points = [
        EntryPoint(name=name, value=f"tests.fixtures.{name}:module", group=ENTRY_POINT_GROUP)
        for name in names
    ]

    def entry_points(*, group: str) -> list[EntryPoint]:
        return points if group == ENTRY_POINT_GROUP else []

    return entry_points


@pytest.fixture
def cli(database: DatabaseTarget, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Cli:
    """The CLI with widgets and gadgets installed as entry points (RUSTOK_MODULES selects)."""
    monkeypatch.setattr("app.registry.registry.entry_points", _points("widgets", "gadgets"))
    return Cli.on(database, monkeypatch, tmp_path)


def test_an_installed_module_mounts_its_commands_under_its_name(cli: Cli) -> None:
    result = cli("gadgets", "hello", "--name", "Ada", RUSTOK_MODULES="widgets,gadgets")

    assert result.exit_code == 0, result.output
    assert result.stdout == "hello Ada, from gadgets\n"


def test_the_help_lists_a_module_after_the_core_commands(cli: Cli) -> None:
    result = cli("--help", RUSTOK_MODULES="widgets,gadgets")

    assert result.exit_code == 0, result.output
    names = [line.split()[1] for line in result.stdout.splitlines() if line.startswith("│ ")]
    assert names[-2:] == ["webhook", "gadgets"]  # widgets contributes no commands
    assert "Gadget chores." in words(result.stdout)


def test_a_module_not_selected_has_no_commands(cli: Cli) -> None:
    result = cli("gadgets", "hello", RUSTOK_MODULES="widgets")

    assert result.exit_code == 2
    assert "No such command 'gadgets'" in words(result.stderr)


def test_a_core_command_runs_without_discovering_modules(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse() -> list[Module]:
        raise AssertionError("the modules were discovered for a core command")

    monkeypatch.setattr("app.cli.contributed._installed", refuse)

    result = cli("tenant", "list", RUSTOK_MODULES="widgets,gadgets")

    assert result.exit_code == 0, result.output


def test_a_core_command_keeps_its_name() -> None:
    clash = replace(gadgets.module, name="index")

    assert list(module_commands([clash, gadgets.module], {"index", "tenant"})) == ["gadgets"]


def test_a_failing_factory_leaves_the_other_commands(capsys: pytest.CaptureFixture[str]) -> None:
    def broken() -> typer.Typer:
        raise RuntimeError("cannot build")

    failing = replace(gadgets.module, name="broken", cli=broken)

    found = module_commands([failing, gadgets.module], set())

    assert list(found) == ["gadgets"]
    assert words(capsys.readouterr().err) == "module broken: no commands (cannot build)"


def test_an_unknown_command_says_why_modules_could_not_be_read(cli: Cli) -> None:
    result = cli("gadgets", "hello", RUSTOK_MODULES="widgets,gadgets", RUSTOK_DEBUG="0")

    assert result.exit_code == 2
    said = words(result.stderr)
    assert "No such command 'gadgets'; the installed modules' commands could not be read" in said
    assert "RUSTOK_SECRET_KEY must be set" in said
