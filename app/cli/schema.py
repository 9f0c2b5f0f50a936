"""``rustok schema export``: write the composed schema's SDL."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from app.cli.runner import console, fail, settings_or_exit

__all__ = ["app"]

app = typer.Typer(help="The composed GraphQL schema.", no_args_is_help=True)


@app.command()
def export(
    output: Annotated[
        str, typer.Option("--output", "-o", help="Where to write the SDL; '-' for stdout.")
    ] = "schema.graphql",
) -> None:
    """Write the SDL of the schema composed from the installed modules."""
    from app.bootstrap import build_registry, build_schema
    from app.config import ConfigurationError
    from app.registry import RegistryError

    settings = settings_or_exit()
    try:
        sdl = build_schema(build_registry(settings)).sdl()
    except (RegistryError, ConfigurationError) as error:
        fail(str(error), 2)
    if output == "-":
        sys.stdout.write(sdl)
        return
    Path(output).write_text(sdl, encoding="utf-8")
    console.print(f"wrote {output}", highlight=False)
