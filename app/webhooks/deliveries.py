"""The delivery runner's work: claim due deliveries, send each once, record the attempts.

A claim takes due deliveries across tenants (``FOR UPDATE SKIP LOCKED`` on PostgreSQL) and
leases them: their next attempt moves ``RUSTOK_WEBHOOK_LEASE_SECONDS`` (two minutes; more
than a send's timeout) ahead, so a runner that dies mid-send leaves them to be claimed again
once the lease runs out (at least once, never lost). A delivery waits while an earlier one of
the same endpoint and aggregate is pending: one endpoint sees an aggregate's events in order.
The claiming transaction also reads what the sends need (endpoints, events), per tenant.
Sending happens outside any transaction; the attempts are then settled by
:mod:`app.webhooks.settling`.
"""

from __future__ import annotations

import asyncio
import dataclasses
import itertools
import logging
import random
import uuid
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from operator import attrgetter

import orjson
from sqlalchemy import exists, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from app.auth.principal import WebhookPrincipal
from app.db.database import set_tenant
from app.events.envelope import Event
from app.events.models import EventRow
from app.runtime import Runtime
from app.tenants.models import TenantRow
from app.webhooks.claims import Claim, Outcome, Prepared
from app.webhooks.models import (
    DeliveryState,
    WebhookDeliveryRow,
    WebhookEndpointRow,
)
from app.webhooks.payloads import PayloadShape, shaped_body
from app.webhooks.secrets import SecretBox, SecretUnreadable
from app.webhooks.sender import AttemptResult, OutgoingDelivery, WebhookSender
from app.webhooks.settling import settle
from app.webhooks.signing import signing_secrets

__all__ = ["attempt", "claim_due", "claim_prepared", "deliver_due", "send_prepared"]

logger = logging.getLogger(__name__)


async def _claim(runtime: Runtime, session: AsyncSession, now: datetime, limit: int) -> list[Claim]:
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
    rows = list(await session.scalars(statement))
    for row in rows:
        row.attempts += 1
        row.next_attempt_at = now + lease
    return [
        Claim(row.id, row.tenant_id, row.endpoint_id, row.event_id, row.msg_id, row.attempts)
        for row in rows
    ]


async def claim_due(runtime: Runtime, now: datetime, limit: int = 100) -> list[Claim]:
    """Lease up to ``limit`` due deliveries whose aggregate has no earlier one pending."""
    async with runtime.db.transaction() as session:
        return await _claim(runtime, session, now, limit)


async def claim_prepared(runtime: Runtime, now: datetime, limit: int = 100) -> list[Prepared]:
    """Lease due deliveries and, in the same transaction, read what sending them takes."""
    async with runtime.db.transaction() as session:
        claims = await _claim(runtime, session, now, limit)
        prepared: list[Prepared] = []
        for tenant_id, group in _claims_by_tenant(claims):
            await set_tenant(session, tenant_id)
            prepared += await _prepare(runtime, session, tenant_id, group, now)
        return prepared


def _claims_by_tenant(claims: Iterable[Claim]) -> list[tuple[uuid.UUID, list[Claim]]]:
    ordered = sorted(claims, key=lambda claim: claim.tenant_id.bytes)
    return [
        (tenant_id, list(group))
        for tenant_id, group in itertools.groupby(ordered, key=attrgetter("tenant_id"))
    ]


async def _prepare(
    runtime: Runtime,
    session: AsyncSession,
    tenant_id: uuid.UUID,
    claims: Sequence[Claim],
    now: datetime,
) -> list[Prepared]:
    """Read the claims' endpoints and events (the session is scoped to ``tenant_id``)."""
    endpoint_ids = {claim.endpoint_id for claim in claims}
    endpoints = {
        row.id: row
        for row in await session.scalars(
            select(WebhookEndpointRow).where(
                WebhookEndpointRow.tenant_id == tenant_id, WebhookEndpointRow.id.in_(endpoint_ids)
            )
        )
    }
    events = {
        row.id: row
        for row in await session.scalars(
            select(EventRow).where(EventRow.id.in_({claim.event_id for claim in claims}))
        )
    }
    settings = runtime.settings
    box = SecretBox.from_secret_key(settings.effective_secret_key, settings.secret_key_fallbacks)
    secrets: dict[uuid.UUID, list[str] | SecretUnreadable] = {}
    slug = None
    if any(endpoint.payload_query for endpoint in endpoints.values()):
        slug = await session.scalar(select(TenantRow.slug).where(TenantRow.id == tenant_id))
    prepared = []
    for claim in claims:
        endpoint, event = endpoints.get(claim.endpoint_id), events.get(claim.event_id)
        if endpoint is None or not endpoint.is_active or event is None:
            prepared.append(Prepared(claim, endpoint, None))
            continue
        if endpoint.id not in secrets:
            try:
                secrets[endpoint.id] = signing_secrets(box, endpoint, now)
            except SecretUnreadable as error:
                secrets[endpoint.id] = error
        signing = secrets[endpoint.id]
        if isinstance(signing, SecretUnreadable):
            problem = AttemptResult(None, 0.0, {}, error=str(signing)[:500])
            prepared.append(Prepared(claim, endpoint, None, problem))
            continue
        try:
            envelope = Event.from_row(event).brought_forward(runtime.events.types)
        except Exception as error:  # noqa: BLE001 - a module's upcaster bug fails this delivery only
            problem = AttemptResult(None, 0.0, {}, error=_upcast_failure(claim, error))
            prepared.append(Prepared(claim, endpoint, None, problem))
            continue
        body = orjson.dumps(envelope.as_json()).decode()
        outgoing = OutgoingDelivery(endpoint.url, claim.msg_id, body, signing, endpoint.headers)
        prepared.append(Prepared(claim, endpoint, outgoing, shape=_shape(endpoint, slug)))
    return prepared


def _shape(endpoint: WebhookEndpointRow, slug: str | None) -> PayloadShape | None:
    if not endpoint.payload_query or slug is None:
        return None
    permissions = frozenset(endpoint.payload_permissions)
    principal = WebhookPrincipal(endpoint.id, endpoint.tenant_id, permissions)
    return PayloadShape(endpoint.payload_query, principal, slug)


async def send_prepared(runtime: Runtime, sender: WebhookSender, prepared: Prepared) -> Outcome:
    """Make the attempt (signed at the clock's time now), or pass on why there is none.

    An endpoint's payload query runs first, outside any transaction the runner holds; if it
    cannot run at all (the database gone mid-way), that is a failed attempt of this delivery
    alone, retried on its schedule, and the others in the batch go on.
    """
    outgoing = prepared.outgoing
    if outgoing is None:
        return Outcome(prepared, prepared.problem)
    if prepared.shape is not None:
        try:
            body = await shaped_body(runtime, prepared.shape, orjson.loads(outgoing.body))
        except Exception as failure:  # logged: an outage, or a bug in a resolver's setup
            logger.exception("the payload query of delivery %s failed", prepared.claim.id)
            error = f"payload query failed: {type(failure).__name__}"
            return Outcome(prepared, AttemptResult(None, 0.0, {}, error=error))
        outgoing = dataclasses.replace(outgoing, body=orjson.dumps(body).decode())
    return Outcome(prepared, await sender.send(outgoing, runtime.clock.now()))


async def deliver_due(
    runtime: Runtime,
    sender: WebhookSender,
    *,
    limit: int = 100,
    concurrency: int = 20,
    rng: random.Random | None = None,
) -> int:
    """Claim due deliveries, send them (``concurrency`` at once), settle them; return how many."""
    prepared = await claim_prepared(runtime, runtime.clock.now(), limit)
    gate = asyncio.Semaphore(concurrency)

    async def one(item: Prepared) -> Outcome:
        async with gate:
            return await send_prepared(runtime, sender, item)

    outcomes = await asyncio.gather(*(one(item) for item in prepared))
    await settle(runtime, outcomes, rng)
    return len(prepared)


async def attempt(
    runtime: Runtime, sender: WebhookSender, claim: Claim, rng: random.Random | None = None
) -> None:
    """Send one claimed delivery and settle it (delivered, retried later, dead or skipped)."""
    async with runtime.db.transaction(claim.tenant_id, readonly=True) as session:
        [prepared] = await _prepare(runtime, session, claim.tenant_id, [claim], runtime.clock.now())
    await settle(runtime, [await send_prepared(runtime, sender, prepared)], rng)


def _upcast_failure(claim: Claim, error: Exception) -> str:
    """Return the attempt's error: a ValueError says why; anything else is a bug, logged."""
    if isinstance(error, ValueError):
        return f"payload upcast failed: {error}"[:500]
    logger.error("upcasting event %s failed", claim.event_id, exc_info=error)
    return f"payload upcast failed: {type(error).__name__}: {error}"[:500]
