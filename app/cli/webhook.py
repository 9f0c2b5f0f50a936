"""``rustok webhook``: endpoints (never their secrets or header values), deliveries, redelivery.

``redeliver`` queues; the delivery runner sends (the embedded one or ``rustok worker``), at
its next poll (``RUSTOK_EVENT_POLL_SECONDS``).
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

import typer
from rich.table import Table

from app.cli.runner import console, fail, run_with_context
from app.cli.tenant import tenant_by_slug
from app.runtime import Context
from app.webhooks import endpoints, redelivery
from app.webhooks.models import DeliveryState, WebhookDeliveryRow, WebhookEndpointRow
from app.webhooks.reseal import ResealReport, reseal_secrets

__all__ = ["app"]

app = typer.Typer(help="Manage a tenant's webhook endpoints.", no_args_is_help=True)

Tenant = Annotated[str, typer.Option("--tenant", help="The tenant's slug.")]
_STATES = (
    DeliveryState.PENDING,
    DeliveryState.DELIVERED,
    DeliveryState.DEAD,
    DeliveryState.SKIPPED,
)


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


def _uuid(value: str, option: str) -> uuid.UUID:
    try:
        return uuid.UUID(value)
    except ValueError:
        fail(f"{option} takes an id (a UUID), got {value!r}", 2)


def _when(value: datetime | None) -> str:
    return "" if value is None else value.strftime("%Y-%m-%d %H:%M:%S")


@app.command("deliveries")
def deliveries_command(
    tenant: Tenant,
    endpoint: Annotated[
        str | None, typer.Option("--endpoint", help="Only this endpoint's (its id).")
    ] = None,
    state: Annotated[
        str | None, typer.Option("--state", help="Only pending, delivered, dead or skipped ones.")
    ] = None,
    limit: Annotated[int, typer.Option(min=1, max=10_000, help="At most this many.")] = 100,
) -> None:
    """List the tenant's webhook deliveries, newest first."""
    endpoint_id = _uuid(endpoint, "--endpoint") if endpoint is not None else None
    if state is not None and state not in _STATES:
        fail(f"--state takes one of {', '.join(_STATES)}, got {state!r}", 2)

    async def action(ctx: Context) -> list[tuple[WebhookDeliveryRow, str | None]]:
        row = await tenant_by_slug(ctx, tenant)
        return await redelivery.list_deliveries(
            ctx, row.id, endpoint_id=endpoint_id, state=state, limit=limit
        )

    found = run_with_context(action)
    if not found:
        console.print("no deliveries")
        return
    table = Table("id", "endpoint", "event", "type", "state", "attempts", "status", "created")
    for delivery, event_type in found:
        table.add_row(
            str(delivery.id),
            str(delivery.endpoint_id),
            str(delivery.event_id),
            event_type or "",
            delivery.state,
            str(delivery.attempts),
            "" if delivery.last_status is None else str(delivery.last_status),
            _when(delivery.created_at),
        )
    console.print(table)


def _since(value: str) -> datetime:
    try:
        since = datetime.fromisoformat(value)
    except ValueError:
        fail(f"--failed-since takes an ISO 8601 time, got {value!r}", 2)
    if since.tzinfo is None:
        fail("--failed-since needs a UTC offset (2026-11-27T03:00:00+00:00, or Z)", 2)
    return since


@app.command("redeliver")
def redeliver_command(
    tenant: Tenant,
    delivery: Annotated[
        str | None, typer.Option("--delivery", help="Send this delivery again (its id).")
    ] = None,
    endpoint: Annotated[
        str | None, typer.Option("--endpoint", help="With --failed-since: this endpoint's.")
    ] = None,
    failed_since: Annotated[
        str | None,
        typer.Option("--failed-since", help="Every dead delivery queued at or after this time."),
    ] = None,
) -> None:
    """Send deliveries again with their webhook-id: one (--delivery) or the dead since a time."""
    if (delivery is None) == (endpoint is None and failed_since is None):
        fail("pass either --delivery ID, or --endpoint ID --failed-since TIME", 2)
    if delivery is not None:
        _redeliver_one(tenant, _uuid(delivery, "--delivery"))
        return
    if endpoint is None or failed_since is None:
        fail("--endpoint and --failed-since go together", 2)
    _redeliver_dead(tenant, _uuid(endpoint, "--endpoint"), _since(failed_since))


def _redeliver_one(tenant: str, delivery_id: uuid.UUID) -> None:
    async def action(ctx: Context) -> WebhookDeliveryRow:
        row = await tenant_by_slug(ctx, tenant)
        return await redelivery.redeliver(ctx, row.id, delivery_id)

    queued = run_with_context(action)
    console.print(f"queued delivery {queued.id} ({queued.msg_id}) again; the runner sends it")


def _redeliver_dead(tenant: str, endpoint_id: uuid.UUID, since: datetime) -> None:
    async def action(ctx: Context) -> redelivery.BulkRedelivery:
        row = await tenant_by_slug(ctx, tenant)
        return await redelivery.redeliver_failed(ctx, row.id, endpoint_id, since)

    done = run_with_context(action)
    noun, them = ("delivery", "it") if done.queued == 1 else ("deliveries", "them")
    console.print(f"queued {done.queued} dead {noun} again; the runner sends {them}")
    if done.remaining:
        console.print(f"{done.remaining} more remain beyond the cap: run the command again")


@app.command("reseal")
def reseal_command() -> None:
    """Seal every endpoint's signing secret under the current RUSTOK_SECRET_KEY.

    Run it after changing the key with the old one in RUSTOK_SECRET_KEY_FALLBACKS; then the
    fallback can go. Exits 1 if some secrets open under none of the keys (rotate those).
    """

    async def action(ctx: Context) -> ResealReport:
        return await reseal_secrets(ctx.runtime)

    report = run_with_context(action)
    console.print(
        f"resealed {report.resealed} secrets; {report.current} were already under the current key"
    )
    if report.unreadable:
        table = Table("tenant", "endpoint")
        for slug, endpoint_id in report.unreadable:
            table.add_row(slug, str(endpoint_id))
        console.print(table)
        fail(
            f"{len(report.unreadable)} secrets open under none of the keys: rotate those "
            "endpoints' secrets (webhookEndpointSecretRotate)"
        )
