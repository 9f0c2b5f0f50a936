"""The ``rustok`` command line: serve, worker, migrate, demo, one sub-command per noun, and
``rustok <module> ...`` for the commands installed modules contribute (app/cli/contributed.py).
"""

from __future__ import annotations

import os
from typing import Annotated

import typer

from app.cli import apikey, event, index, module, role, schema, tenant, user, webhook
from app.cli.contributed import CoreAndModuleCommands
from app.cli.runner import console, fail, run_with_context, settings_or_exit

__all__ = ["app", "main"]

app = typer.Typer(
    help="RusToK: a GraphQL-first, multi-tenant, modular CMS and commerce backend.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    cls=CoreAndModuleCommands,
)
app.add_typer(tenant.app, name="tenant")
app.add_typer(module.app, name="module")
app.add_typer(schema.app, name="schema")
app.add_typer(user.app, name="user")
app.add_typer(index.app, name="index")
app.add_typer(event.app, name="event")
app.add_typer(role.app, name="role")
app.add_typer(apikey.app, name="apikey")
app.add_typer(webhook.app, name="webhook")

Host = Annotated[str, typer.Option(help="Interface to bind.")]
Port = Annotated[int, typer.Option(help="Port to listen on.")]


@app.command()
def migrate() -> None:
    """Upgrade the core and every installed module to their latest migrations."""
    from app.bootstrap import build_registry
    from app.config import ConfigurationError
    from app.db.migrate import upgrade_all
    from app.registry import RegistryError

    settings = settings_or_exit()
    try:
        registry = build_registry(settings)
    except (RegistryError, ConfigurationError) as error:
        fail(str(error), 2)
    failures = upgrade_all(registry, settings.owner_url, settings.database_url)
    for failure in failures:
        console.print(f"[bold red]module {failure.name} failed:[/] {failure.reason}")
    ready = [m.name for m in registry.modules]
    console.print(f"migrated: core{', ' if ready else ''}{', '.join(ready)}")
    if failures:
        raise typer.Exit(1)


@app.command()
def serve(
    host: Host = "127.0.0.1",
    port: Port = 8000,
    workers: Annotated[int, typer.Option(help="Worker processes.")] = 1,
) -> None:
    """Serve the API (GraphQL on /graphql, health on /livez /readyz /healthz)."""
    import uvicorn

    from app.logs import configure_logging

    settings = settings_or_exit()
    configure_logging(debug=settings.debug)
    uvicorn.run(
        "app.asgi:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        access_log=False,
        log_config=None,
        lifespan="on",
        ws="websockets-sansio",  # the `events` subscription (the legacy one is deprecated)
    )


@app.command()
def worker() -> None:
    """Run a worker: drain the outbox and run due jobs (needs RUSTOK_REDIS_URL)."""
    import asyncio

    from app.events.worker import run_worker
    from app.logs import configure_logging

    settings = settings_or_exit()
    if not settings.redis_url:
        fail(
            "RUSTOK_REDIS_URL is not set: `rustok worker` needs Redis (without it, the API "
            "process runs the embedded runner itself)",
            2,
        )
    configure_logging(debug=settings.debug)
    asyncio.run(run_worker(settings))


@app.command()
def demo(
    host: Host = "127.0.0.1",
    port: Port = 8000,
    tenant_slug: Annotated[str, typer.Option("--tenant", help="The demo tenant's slug.")] = "demo",
) -> None:
    """Migrate the embedded database, create a demo tenant and serve in debug mode."""
    os.environ.setdefault("RUSTOK_DEBUG", "1")
    migrate()

    from app.cli.demo import prepare_demo

    access = run_with_context(lambda ctx: prepare_demo(ctx, tenant_slug))
    outcome = "created" if access.tenant_created else "exists"
    console.print(f"demo tenant [bold]{tenant_slug}[/] {outcome}")
    console.print(
        f"demo admin (platform admin, owner of {tenant_slug}): [bold]{access.email}[/] "
        f"password [bold]{access.password}[/] (new at every start)",
        highlight=False,
    )
    console.print(
        f"GraphQL (GraphiQL in the browser): http://{host}:{port}/graphql — "
        f"send the header X-Tenant: {tenant_slug}"
    )
    console.print(f"Admin: http://{host}:{port}/admin (sign in with the demo admin above)")
    serve(host=host, port=port, workers=1)


def main() -> None:
    """Run the CLI."""
    app()


if __name__ == "__main__":
    main()
