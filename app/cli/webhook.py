"""``rustok webhook``: list a tenant's webhook endpoints (never their secrets or header values)."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from app.cli.runner import console, run_with_context
from app.cli.tenant import tenant_by_slug
from app.runtime import Context
from app.webhooks import endpoints
from app.webhooks.models import WebhookEndpointRow

__all__ = ["app"]

app = typer.Typer(help="Manage a tenant's webhook endpoints.", no_args_is_help=True)

Tenant = Annotated[str, typer.Option("--tenant", help="The tenant's slug.")]


def _state(endpoint: WebhookEndpointRow) -> str:
    if endpoint.is_active:
        return "active"
    return f"disabled ({endpoint.disabled_reason})" if endpoint.disabled_reason else "off"


@app.command("list")
def list_(tenant: Tenant) -> None:
    """List the tenant's webhook endpoints, oldest first."""

    async def action(ctx: Context) -> list[WebhookEndpointRow]:
        row = await tenant_by_slug(ctx, tenant)
        return await endpoints.list_endpoints(ctx, row.id)

    table = Table("id", "url", "event types", "state", "headers", "description")
    for endpoint in run_with_context(action):
        table.add_row(
            str(endpoint.id),
            endpoint.url,
            ", ".join(endpoint.event_types),
            _state(endpoint),
            ", ".join(sorted(endpoint.headers)),
            endpoint.description,
        )
    console.print(table)
