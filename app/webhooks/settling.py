"""Settling sent deliveries: the attempt log, the delivery's state, the endpoint's streak.

The attempts finished since the runner last looked are settled together, one transaction per
tenant:

- 2xx: delivered; the endpoint is no longer failing;
- 410: dead, and the endpoint is disabled (``gone``);
- anything else: tried again per :mod:`app.webhooks.retries`, dead when the attempts are
  spent; an endpoint failing for :data:`~app.webhooks.retries.DISABLE_AFTER` is disabled
  (``failing``).
"""

from __future__ import annotations

import itertools
import logging
import random
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, Update, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from app.auth.principal import SystemPrincipal
from app.events.emit import emit
from app.ids import new_id
from app.runtime import Context, Runtime
from app.webhooks.claims import Claim, Outcome
from app.webhooks.events import ENDPOINT_DISABLED, EndpointDisabled
from app.webhooks.fanout import forget_endpoints
from app.webhooks.models import (
    DeliveryState,
    WebhookAttemptRow,
    WebhookDeliveryRow,
    WebhookEndpointRow,
)
from app.webhooks.retries import (
    DISABLE_AFTER,
    Verdict,
    next_attempt_at,
    should_disable,
    verdict,
)
from app.webhooks.sender import AttemptResult

__all__ = ["settle"]

logger = logging.getLogger(__name__)

_REDACTED = "[redacted]"
_RANDOM = random.Random()  # noqa: S311 - jitter spreads retries; it guards no secret


def _outcomes_by_tenant(outcomes: Iterable[Outcome]) -> list[tuple[uuid.UUID, list[Outcome]]]:
    def tenant(outcome: Outcome) -> uuid.UUID:
        return outcome.prepared.claim.tenant_id

    ordered = sorted(outcomes, key=lambda outcome: tenant(outcome).bytes)
    return [(key, list(group)) for key, group in itertools.groupby(ordered, key=tenant)]


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
