"""Commerce's command line, ``rustok commerce ...``: built only when the CLI asks for it."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import typer

__all__ = ["build_commands"]


def build_commands() -> typer.Typer:
    """Return the commerce commands (the catalog's CSV import and export)."""
    from modules.commerce.catalog_commands import app

    return app
