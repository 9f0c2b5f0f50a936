"""Running CLI commands against the runtime as the system principal."""

from __future__ import annotations

import asyncio
import dataclasses
import os
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import NoReturn, TypeVar

import typer
from rich.console import Console
from sqlalchemy.engine import make_url

from app.auth.principal import SystemPrincipal
from app.bootstrap import build_registry, build_runtime, mark_unmigrated_failed
from app.config import ConfigurationError, Settings, load_settings
from app.errors import ModuleDisabled, RustokError, TenantNotFound
from app.events.wake import RedisWaker
from app.registry import RegistryError
from app.runtime import Context

__all__ = [
    "console",
    "errors",
    "fail",
    "in_tenant",
    "prepare_sqlite_path",
    "run_with_context",
    "settings_or_exit",
]

Result = TypeVar("Result")

console = Console()
errors = Console(stderr=True)


def fail(message: str, code: int = 1) -> NoReturn:
    """Print ``message`` in red on stderr and exit with ``code``."""
    errors.print(f"[bold red]error:[/] {message}", highlight=False)
    raise typer.Exit(code)


def settings_or_exit() -> Settings:
    """Load the settings, exiting with the list of bad variables if any."""
    try:
        settings = load_settings()
    except ConfigurationError as error:
        fail(str(error), 2)
    prepare_sqlite_path(settings.owner_url)
    prepare_sqlite_path(settings.database_url)
    return settings


def prepare_sqlite_path(url: str) -> None:
    """Create the folder of a SQLite database file if it is missing."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        Path(os.fspath(parsed.database)).parent.mkdir(parents=True, exist_ok=True)


def run_with_context(action: Callable[[Context], Awaitable[Result]]) -> Result:
    """Run ``action`` with a system context; typed errors become a message and exit 1."""
    settings = settings_or_exit()
    try:
        registry = build_registry(settings)
        runtime = build_runtime(settings, registry)
    except (RegistryError, ConfigurationError) as error:
        fail(str(error), 2)

    async def main() -> Result:
        waker = (
            RedisWaker(settings.redis_url, settings.redis_prefix) if settings.redis_url else None
        )
        if waker is not None:
            runtime.events.add_listener(waker.notify)  # wake the workers for CLI writes too
        try:
            await mark_unmigrated_failed(runtime)
            return await action(Context(runtime=runtime, principal=SystemPrincipal()))
        finally:
            if waker is not None:
                await waker.close()
            await runtime.db.dispose()

    try:
        return asyncio.run(main())
    except RustokError as error:
        where = f" ({error.field})" if error.field else ""
        fail(f"{error.code.value}{where}: {error.message}")


async def in_tenant(ctx: Context, slug: str, module: str | None = None) -> Context:
    """Return ``ctx`` acting in the active tenant ``slug``, which must have ``module`` enabled.

    Raises:
        TenantNotFound: no active tenant has that slug (``tenant``).
        ModuleDisabled: the tenant has not enabled ``module`` (``tenant``).
    """
    tenant = await ctx.runtime.tenants.find_active(slug)
    if tenant is None:
        raise TenantNotFound(f"no active tenant {slug!r}", field="tenant")
    if module is not None and module not in tenant.enabled_modules:
        raise ModuleDisabled(f"{module} is not enabled for {slug}", field="tenant")
    return dataclasses.replace(ctx, tenant=tenant)
