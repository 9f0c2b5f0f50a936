"""The commands modules contribute: ``rustok <module> ...`` for each installed module that has some.

The core's own commands are found without looking at modules; the installed modules (the
``rustok.modules`` entry points ``RUSTOK_MODULES`` selects) are discovered only when the name
asked for is not a core command, or when the help lists every command. A core command keeps
its name: a module named like one (``index``) is not mounted. A module whose declaration or
command factory fails leaves the rest of the CLI working and is reported on stderr.
"""

from __future__ import annotations

import typer
import typer._click as click  # typer's own copy of click, which its groups are built on
from typer.core import TyperGroup
from typer.main import get_group

from app.config import ConfigurationError, load_settings
from app.registry import Module, RegistryError

__all__ = ["CoreAndModuleCommands", "module_commands"]

_CACHE = "rustok.module_commands"


def _installed() -> tuple[list[Module], str | None]:
    """Return the installed modules, or none and why they could not be read."""
    from app.bootstrap import build_registry

    try:
        return build_registry(load_settings()).modules, None
    except (ConfigurationError, RegistryError) as error:
        # The core commands report it themselves when they load the settings.
        return [], str(error)


def module_commands(modules: list[Module], taken: set[str]) -> dict[str, click.Command]:
    """Return each module's command group by the module's name, skipping the names in ``taken``."""
    from app.cli.runner import errors

    found: dict[str, click.Command] = {}
    for module in modules:
        if module.cli is None or module.name in taken:
            continue
        try:
            app: typer.Typer = module.cli()
            command = get_group(app)  # a group even when the module has one command
        except Exception as error:  # noqa: BLE001 - a broken module must not take the CLI down
            errors.print(f"[yellow]module {module.name}: no commands ({error})[/]")
            continue
        command.name = module.name
        command.help = command.help or module.description
        found[module.name] = command
    return found


class CoreAndModuleCommands(TyperGroup):
    """The ``rustok`` group: the core's commands, then those of the installed modules."""

    def _modules(self, ctx: click.Context) -> dict[str, click.Command]:
        root = ctx.find_root()
        cached = root.meta.get(_CACHE)
        if not isinstance(cached, dict):
            modules, problem = _installed()
            cached = module_commands(modules, set(self.commands))
            root.meta[_CACHE] = cached
            root.meta[_CACHE + ".problem"] = problem
        return cached

    def list_commands(self, ctx: click.Context) -> list[str]:
        """Return the core's commands in their order, then the modules' by name."""
        return [*super().list_commands(ctx), *sorted(self._modules(ctx))]

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        """Return the core command ``cmd_name``, else the group of the module so named."""
        found = super().get_command(ctx, cmd_name) or self._modules(ctx).get(cmd_name)
        problem = ctx.find_root().meta.get(_CACHE + ".problem")
        if found is None and problem:
            # Say why a module's command may be missing rather than just "no such command".
            raise click.exceptions.UsageError(
                f"No such command {cmd_name!r}; the installed modules' commands could not be"
                f" read: {problem}",
                ctx,
            )
        return found
