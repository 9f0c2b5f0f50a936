"""The delivery runner's work: claim due deliveries, send each once, record the attempt.

A claim takes due deliveries across tenants (``FOR UPDATE SKIP LOCKED`` on PostgreSQL) and
leases them: their next attempt moves ``RUSTOK_WEBHOOK_LEASE_SECONDS`` (two minutes; more
than a send's timeout) ahead, so a runner that dies mid-send
leaves them to be claimed again once the lease runs out (at least once, never lost). A
delivery waits while an earlier one of the same endpoint and aggregate is pending: one
endpoint sees an aggregate's events in order. Sending happens outside any transaction; the
attempt is then logged and the delivery settled in the tenant's transaction:

- 2xx: delivered; the endpoint is no longer failing;
- 410: dead, and the endpoint is disabled (``gone``);
- anything else: tried again per :mod:`app.webhooks.retries`, dead when the attempts are
  spent; an endpoint failing for :data:`~app.webhooks.retries.DISABLE_AFTER` is disabled
  (``failing``).
"""

from __future__ import annotations

import asyncio
import random
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

import orjson
from sqlalchemy import exists, select
from sqlalchemy.orm import aliased

from app.auth.principal import SystemPrincipal
from app.events.emit import emit
from app.events.envelope import Event
from app.events.models import EventRow
from app.ids import new_id
from app.runtime import Context, Runtime
from app.webhooks.events import ENDPOINT_DISABLED, EndpointDisabled
from app.webhooks.fanout import forget_endpoints
from app.webhooks.models import (
    DeliveryState,
    WebhookAttemptRow,
    WebhookDeliveryRow,
    WebhookEndpointRow,
)
from app.webhooks.retries import Verdict, next_attempt_at, should_disable, verdict
from app.webhooks.secrets import SecretBox, SecretUnreadable
from app.webhooks.sender import AttemptResult, OutgoingDelivery, WebhookSender
from app.webhooks.signing import signing_secrets

__all__ = ["Claim", "attempt", "claim_due", "deliver_due"]

_REDACTED = "[redacted]"
_RANDOM = random.Random()  # noqa: S311 - jitter spreads retries; it guards no secret


@dataclass(frozen=True, slots=True)
class Claim:
    """A leased delivery: which event goes to which endpoint, and its attempt number."""

    id: uuid.UUID
    tenant_id: uuid.UUID
    endpoint_id: uuid.UUID
    event_id: uuid.UUID
    msg_id: str
    attempt: int


async def claim_due(runtime: Runtime, now: datetime, limit: int = 100) -> list[Claim]:
    """Lease up to ``limit`` due deliveries whose aggregate has no earlier one pending."""
    delivery, earlier = WebhookDeliveryRow, aliased(WebhookDeliveryRow)
    held_back = exists().where(
        earlier.endpoint_id == delivery.endpoint_id,
        earlier.aggregate_key == delivery.aggregate_key,
        earlier.state == DeliveryState.PENDING,
        earlier.sequence < delivery.sequence,
    )
    statement = (
        select(delivery)
        .where(delivery.state == DeliveryState.PENDING, delivery.next_attempt_at <= now, ~held_back)
        .order_by(delivery.next_attempt_at)
        .limit(limit)
    )
    if runtime.db.is_postgres:
        statement = statement.with_for_update(skip_locked=True, of=delivery)
    lease = timedelta(seconds=runtime.settings.webhook_lease_seconds)
    async with runtime.db.transaction() as session:
        rows = list(await session.scalars(statement))
        for row in rows:
            row.attempts += 1
            row.next_attempt_at = now + lease
        return [
            Claim(row.id, row.tenant_id, row.endpoint_id, row.event_id, row.msg_id, row.attempts)
            for row in rows
        ]


async def deliver_due(
    runtime: Runtime,
    sender: WebhookSender,
    *,
    limit: int = 100,
    concurrency: int = 20,
    rng: random.Random | None = None,
) -> int:
    """Claim due deliveries, send them (``concurrency`` at once), settle each; return how many."""
    claims = await claim_due(runtime, runtime.clock.now(), limit)
    gate = asyncio.Semaphore(concurrency)

    async def one(claim: Claim) -> None:
        async with gate:
            await attempt(runtime, sender, claim, rng)

    await asyncio.gather(*(one(claim) for claim in claims))
    return len(claims)


def _event_of(row: EventRow) -> Event:
    return Event(
        id=row.id,
        tenant_id=row.tenant_id,
        type=row.type,
        version=row.version,
        aggregate_type=row.aggregate_type,
        aggregate_id=row.aggregate_id,
        sequence=row.sequence,
        occurred_at=row.occurred_at,
        actor=row.actor,
        payload=row.payload,
    )


async def attempt(
    runtime: Runtime, sender: WebhookSender, claim: Claim, rng: random.Random | None = None
) -> None:
    """Send one claimed delivery and settle it (delivered, retried later, dead or skipped)."""
    rng = rng or _RANDOM
    now = runtime.clock.now()
    async with runtime.db.transaction(claim.tenant_id, readonly=True) as session:
        endpoint = await session.get(WebhookEndpointRow, (claim.tenant_id, claim.endpoint_id))
        event = await session.get(EventRow, claim.event_id)
    if endpoint is None or not endpoint.is_active or event is None:
        await _settle(runtime, claim, None, rng)
        return
    box = SecretBox.from_secret_key(runtime.settings.effective_secret_key)
    try:
        secrets = signing_secrets(box, endpoint, now)
    except SecretUnreadable as error:
        await _settle(runtime, claim, AttemptResult(None, 0.0, {}, error=str(error)[:500]), rng)
        return
    body = orjson.dumps(_event_of(event).as_json()).decode()
    outgoing = OutgoingDelivery(endpoint.url, claim.msg_id, body, secrets, endpoint.headers)
    await _settle(runtime, claim, await sender.send(outgoing, now), rng)


def _attempt_row(
    claim: Claim, endpoint: WebhookEndpointRow, result: AttemptResult, now: datetime
) -> WebhookAttemptRow:
    custom = {name.lower() for name in endpoint.headers}
    headers = {
        name: _REDACTED if name.lower() in custom else value
        for name, value in result.request_headers.items()
    }
    return WebhookAttemptRow(
        tenant_id=claim.tenant_id,
        id=new_id(),
        delivery_id=claim.id,
        endpoint_id=claim.endpoint_id,
        event_id=claim.event_id,
        attempt=claim.attempt,
        attempted_at=now,
        status=result.status,
        latency_ms=round(result.seconds * 1000),
        request_headers=headers,
        response_body=result.response_body.decode("utf-8", errors="replace"),
        error=result.error,
    )


async def _settle(
    runtime: Runtime, claim: Claim, result: AttemptResult | None, rng: random.Random
) -> None:
    now = runtime.clock.now()
    ctx = Context(runtime=runtime, principal=SystemPrincipal())
    async with runtime.db.transaction(claim.tenant_id) as session:
        delivery = await session.get(WebhookDeliveryRow, claim.id, with_for_update=True)
        endpoint = await session.get(
            WebhookEndpointRow, (claim.tenant_id, claim.endpoint_id), with_for_update=True
        )
        if delivery is None:
            return
        if result is None or endpoint is None:
            delivery.state = DeliveryState.SKIPPED
            return
        session.add(_attempt_row(claim, endpoint, result, now))
        delivery.last_status = result.status
        reason = _apply_verdict(delivery, endpoint, result, now, rng)
        if reason is not None and endpoint.is_active:  # once, however many attempts fail
            endpoint.is_active, endpoint.disabled_reason = False, reason
            endpoint.updated_at = now
            forget_endpoints(session)
            payload = EndpointDisabled(
                endpoint_id=str(endpoint.id), reason=reason, failing_since=endpoint.failing_since
            )
            await emit(
                ctx,
                session,
                ENDPOINT_DISABLED,
                payload,
                aggregate_id=endpoint.id,
                tenant_id=claim.tenant_id,
            )


def _apply_verdict(
    delivery: WebhookDeliveryRow,
    endpoint: WebhookEndpointRow,
    result: AttemptResult,
    now: datetime,
    rng: random.Random,
) -> str | None:
    """Settle the delivery; return why the endpoint must be disabled, if it must."""
    judged = verdict(result.status)
    if judged is Verdict.DELIVERED:
        delivery.state, delivery.delivered_at = DeliveryState.DELIVERED, now
        endpoint.failing_since = None
        return None
    if judged is Verdict.GONE:
        delivery.state = DeliveryState.DEAD
        return "gone"
    following = next_attempt_at(
        delivery.attempts, now, rng, status=result.status, retry_after=result.retry_after
    )
    if following is None:
        delivery.state = DeliveryState.DEAD
    else:
        delivery.next_attempt_at = following
    endpoint.failing_since = endpoint.failing_since or now
    return "failing" if should_disable(endpoint.failing_since, now) else None
