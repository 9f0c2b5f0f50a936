"""The delivery runner's work: claim due deliveries, send each once, record the attempts.

A claim takes due deliveries across tenants (``FOR UPDATE SKIP LOCKED`` on PostgreSQL) and
leases them: their next attempt moves ``RUSTOK_WEBHOOK_LEASE_SECONDS`` (two minutes; more
than a send's timeout) ahead, so a runner that dies mid-send leaves them to be claimed again
once the lease runs out (at least once, never lost). A delivery waits while an earlier one of
the same endpoint and aggregate is pending: one endpoint sees an aggregate's events in order.
The claiming transaction also reads what the sends need (endpoints, events), per tenant.
Sending happens outside any transaction; the attempts are then logged and the deliveries
settled together, one transaction per tenant:

- 2xx: delivered; the endpoint is no longer failing;
- 410: dead, and the endpoint is disabled (``gone``);
- anything else: tried again per :mod:`app.webhooks.retries`, dead when the attempts are
  spent; an endpoint failing for :data:`~app.webhooks.retries.DISABLE_AFTER` is disabled
  (``failing``).
"""

from __future__ import annotations

import asyncio
import dataclasses
import itertools
import logging
import random
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from operator import attrgetter

import orjson
from sqlalchemy import ColumnElement, Update, exists, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from app.auth.principal import SystemPrincipal, WebhookPrincipal
from app.db.database import set_tenant
from app.events.declarations import EventType
from app.events.emit import emit
from app.events.envelope import Event
from app.events.models import EventRow
from app.ids import new_id
from app.runtime import Context, Runtime
from app.tenants.models import TenantRow
from app.webhooks.events import ENDPOINT_DISABLED, EndpointDisabled
from app.webhooks.fanout import forget_endpoints
from app.webhooks.models import (
    DeliveryState,
    WebhookAttemptRow,
    WebhookDeliveryRow,
    WebhookEndpointRow,
)
from app.webhooks.payloads import PayloadShape, shaped_body
from app.webhooks.retries import (
    DISABLE_AFTER,
    Verdict,
    next_attempt_at,
    should_disable,
    verdict,
)
from app.webhooks.secrets import SecretBox, SecretUnreadable
from app.webhooks.sender import AttemptResult, OutgoingDelivery, WebhookSender
from app.webhooks.signing import signing_secrets

__all__ = [
    "Claim",
    "Outcome",
    "Prepared",
    "attempt",
    "claim_due",
    "claim_prepared",
    "deliver_due",
    "send_prepared",
    "settle",
]

logger = logging.getLogger(__name__)

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


@dataclass(frozen=True, slots=True)
class Prepared:
    """A claim and what sending it takes.

    Attributes:
        claim: The leased delivery.
        endpoint: The endpoint as read at the claim (None: deleted).
        outgoing: The signed request to make; None when there is nothing to send.
        problem: Why nothing is sent although the endpoint is on (its secret does not
            open): logged as a failed attempt. With neither, the delivery is skipped
            (endpoint deleted or switched off, event pruned).
        shape: The endpoint's payload query, run when the delivery is sent (its result
            joins the body), if it has one.
    """

    claim: Claim
    endpoint: WebhookEndpointRow | None
    outgoing: OutgoingDelivery | None
    problem: AttemptResult | None = None
    shape: PayloadShape | None = None


@dataclass(frozen=True, slots=True)
class Outcome:
    """What came of a prepared delivery: the attempt's result, or None (skipped)."""

    prepared: Prepared
    result: AttemptResult | None


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


def _outcomes_by_tenant(outcomes: Iterable[Outcome]) -> list[tuple[uuid.UUID, list[Outcome]]]:
    def tenant(outcome: Outcome) -> uuid.UUID:
        return outcome.prepared.claim.tenant_id

    ordered = sorted(outcomes, key=lambda outcome: tenant(outcome).bytes)
    return [(key, list(group)) for key, group in itertools.groupby(ordered, key=tenant)]


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
            envelope = _envelope(event, runtime.events.types)
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


def _envelope(row: EventRow, types: Mapping[str, EventType]) -> Event:
    """Return the stored event with its payload at the type's current version.

    Receivers get one schema per type, the one the events catalog documents, whenever the
    event was emitted. Raises ValueError (or pydantic's ValidationError, a ValueError) when
    an old payload cannot be brought forward.
    """
    payload, version = row.payload, row.version
    declared = types.get(row.type)
    if declared is not None and version < declared.version:
        upcast = declared.upcast(version, payload)
        payload = declared.payload.model_validate(upcast).model_dump(mode="json")
        version = declared.version
    return Event(
        id=row.id,
        tenant_id=row.tenant_id,
        type=row.type,
        version=version,
        aggregate_type=row.aggregate_type,
        aggregate_id=row.aggregate_id,
        sequence=row.sequence,
        occurred_at=row.occurred_at,
        actor=row.actor,
        payload=payload,
    )


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


async def settle(
    runtime: Runtime, outcomes: Sequence[Outcome], rng: random.Random | None = None
) -> None:
    """Log the attempts and settle the deliveries, one transaction per tenant.

    A tenant whose transaction fails (logged) leaves its deliveries leased: they are sent
    again once the lease runs out. The other tenants settle regardless.
    """
    for tenant_id, group in _outcomes_by_tenant(outcomes):
        try:
            async with runtime.db.transaction(tenant_id) as session:
                await _settle_tenant(runtime, session, group, rng or _RANDOM)
        except Exception:  # the lease brings them back; the next tenant still settles
            logger.exception("settling %d webhook deliveries failed", len(group))


@dataclass(slots=True)
class _Streak:
    """An endpoint's failing streak: as read at the claim, and as the attempts leave it."""

    read: datetime | None
    now: datetime | None
    gone: bool = False
    recovered: bool = False  # an attempt succeeded: a later failure starts a new streak


async def _settle_tenant(
    runtime: Runtime, session: AsyncSession, outcomes: Sequence[Outcome], rng: random.Random
) -> None:
    """Settle one tenant's outcomes, in the order they came.

    Endpoints are not locked: twenty sends to one endpoint settling at once would queue on
    its row. What changes on one is changed by conditional updates (set ``failing_since`` if
    unset, clear it if set, disable it if active), each a no-op when another settle got there
    first, so an endpoint is disabled, and its event emitted, once.
    """
    now = runtime.clock.now()
    ids = [outcome.prepared.claim.id for outcome in outcomes]
    deliveries = {
        row.id: row
        for row in await session.scalars(
            select(WebhookDeliveryRow).where(WebhookDeliveryRow.id.in_(ids)).with_for_update()
        )
    }
    streaks: dict[uuid.UUID, _Streak] = {}
    for outcome in outcomes:
        claim, endpoint = outcome.prepared.claim, outcome.prepared.endpoint
        delivery = deliveries.get(claim.id)
        if delivery is None:
            continue
        # Settled or claimed again meanwhile (a stale claim): an attempt is logged, no more.
        is_current = delivery.state == DeliveryState.PENDING and delivery.attempts == claim.attempt
        if outcome.result is None or endpoint is None:
            if is_current:
                delivery.state = DeliveryState.SKIPPED
            continue
        session.add(_attempt_row(claim, endpoint, outcome.result, now))
        if not is_current:
            continue
        delivery.last_status = outcome.result.status
        judged = _apply_verdict(delivery, outcome.result, now, rng)
        streak = streaks.setdefault(
            endpoint.id, _Streak(endpoint.failing_since, endpoint.failing_since)
        )
        if judged is Verdict.DELIVERED:
            streak.now, streak.recovered = None, True
        elif judged is Verdict.GONE:
            streak.gone = True
        else:
            streak.now = streak.now or now
    for endpoint_id, streak in streaks.items():
        await _record_streak(runtime, session, outcomes[0].prepared.claim, endpoint_id, streak, now)


async def _record_streak(
    runtime: Runtime,
    session: AsyncSession,
    claim: Claim,
    endpoint_id: uuid.UUID,
    streak: _Streak,
    now: datetime,
) -> None:
    tenant_id = claim.tenant_id
    if streak.read is not None and streak.now is None:
        await session.execute(_endpoint_update(tenant_id, endpoint_id, failing_since=None))
    elif streak.recovered and streak.now is not None:
        await session.execute(_endpoint_update(tenant_id, endpoint_id, failing_since=streak.now))
    elif streak.read is None and streak.now is not None:
        await session.execute(
            _endpoint_update(tenant_id, endpoint_id, failing_since=streak.now).where(
                WebhookEndpointRow.failing_since.is_(None)
            )
        )
    if streak.gone:
        await _disable(runtime, session, tenant_id, endpoint_id, "gone", now)
    elif streak.now is not None and should_disable(streak.now, now):
        # Only if still failing that long: a settle since may have seen it answer.
        still_failing = WebhookEndpointRow.failing_since <= now - DISABLE_AFTER
        await _disable(runtime, session, tenant_id, endpoint_id, "failing", now, still_failing)


def _endpoint_update(tenant_id: uuid.UUID, endpoint_id: uuid.UUID, **values: object) -> Update:
    return (
        update(WebhookEndpointRow)
        .where(WebhookEndpointRow.tenant_id == tenant_id, WebhookEndpointRow.id == endpoint_id)
        .values(**values)
        .execution_options(synchronize_session=False)
    )


async def _disable(
    runtime: Runtime,
    session: AsyncSession,
    tenant_id: uuid.UUID,
    endpoint_id: uuid.UUID,
    reason: str,
    now: datetime,
    *conditions: ColumnElement[bool],
) -> None:
    """Switch the endpoint off and emit ``webhooks.endpoint.disabled``, unless it is off."""
    switched = await session.execute(
        _endpoint_update(
            tenant_id, endpoint_id, is_active=False, disabled_reason=reason, updated_at=now
        )
        .where(WebhookEndpointRow.is_active, *conditions)
        .returning(WebhookEndpointRow.failing_since)
    )
    row = switched.first()
    if row is None:
        return  # another settle disabled it already: one event, however many attempts fail
    forget_endpoints(session)
    payload = EndpointDisabled(
        endpoint_id=str(endpoint_id), reason=reason, failing_since=row.failing_since
    )
    ctx = Context(runtime=runtime, principal=SystemPrincipal())
    await emit(
        ctx, session, ENDPOINT_DISABLED, payload, aggregate_id=endpoint_id, tenant_id=tenant_id
    )


def _apply_verdict(
    delivery: WebhookDeliveryRow, result: AttemptResult, now: datetime, rng: random.Random
) -> Verdict:
    """Settle the delivery: delivered, dead, or tried again later; return the verdict."""
    judged = verdict(result.status)
    if judged is Verdict.DELIVERED:
        delivery.state, delivery.delivered_at = DeliveryState.DELIVERED, now
    elif judged is Verdict.GONE:
        delivery.state = DeliveryState.DEAD
    else:
        following = next_attempt_at(
            delivery.attempts, now, rng, status=result.status, retry_after=result.retry_after
        )
        if following is None:
            delivery.state = DeliveryState.DEAD
        else:
            delivery.next_attempt_at = following
    return judged
