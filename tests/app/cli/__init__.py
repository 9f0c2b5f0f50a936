"""Tests of the ``rustok`` command line, run in-process with typer's CliRunner.

The CLI discovers modules through entry points only, so these tests see the core alone.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from app.cli.main import app
from tests.support.databases import DatabaseTarget

__all__ = ["Cli", "table_rows", "words"]


@dataclass(frozen=True, slots=True)
class Cli:
    """Runs ``rustok`` commands against the run's database with a controlled environment."""

    env: dict[str, str | None]

    @classmethod
    def on(cls, database: DatabaseTarget, monkeypatch: pytest.MonkeyPatch, workdir: Path) -> Cli:
        """Return a CLI for ``database``, run from ``workdir`` (so no stray ``.env`` is read)."""
        monkeypatch.chdir(workdir)
        env: dict[str, str | None] = {
            name: None
            for name in os.environ
            if name.startswith("RUSTOK_") and not name.startswith("RUSTOK_TEST_")
        }
        env.update(
            RUSTOK_DATABASE_URL=database.runtime_url,
            RUSTOK_DATABASE_OWNER_URL=database.owner_url,
            RUSTOK_DEBUG="1",
            RUSTOK_DEFAULT_MODULES=None,
            # The core's CLI is tested without the built-in modules; their tests name them.
            RUSTOK_MODULES="",
            COLUMNS="200",  # rich wraps at the terminal width; keep every line whole
            TERM=None,
        )
        return cls(env)

    def __call__(self, *args: str, **env: str) -> Result:
        """Run ``rustok *args`` with extra environment variables ``env``."""
        return CliRunner().invoke(app, list(args), env={**self.env, **env}, catch_exceptions=False)


def words(text: str) -> str:
    """Return ``text`` with every run of whitespace made one space."""
    return " ".join(text.split())


def table_rows(text: str) -> list[list[str]]:
    """Return the header and body rows of a rich table printed in ``text``, as cell lists."""
    rows = []
    for line in text.splitlines():
        if line.startswith(("┃", "│")):
            rows.append([cell.strip() for cell in line.strip("┃│").split(line[0])])
    return rows
