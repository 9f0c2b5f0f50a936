"""Gauges of the event pipeline, read at scrape time: how much waits, and how late it is.

Read across tenants (the queues are cross-tenant machinery) through their partial indexes of
undelivered rows, so a scrape costs two small index reads however long the history is. Every
API process reports the same numbers (take ``max`` across instances). A scrape during a
database outage leaves them out instead of failing: the HTTP metrics still answer.
"""

from __future__ import annotations

import logging
from datetime import datetime

from prometheus_client import CollectorRegistry, Gauge
from sqlalchemy import func, select

from app.clock import Clock
from app.db.database import Database
from app.events.models import DeliveryRow
from app.events.models import DeliveryState as EventState
from app.webhooks.models import DeliveryState as WebhookState
from app.webhooks.models import WebhookDeliveryRow

__all__ = ["PipelineGauges"]

logger = logging.getLogger(__name__)


class PipelineGauges:
    """The outbox's and the webhook queue's backlog and lag, refreshed on each scrape."""

    def __init__(self, registry: CollectorRegistry) -> None:
        self.outbox = Gauge(
            "rustok_outbox_deliveries",
            "Outbox deliveries not delivered, by state (pending: waiting or retrying; dead: "
            "dead letters).",
            ["state"],
            registry=registry,
        )
        self.outbox_lag = Gauge(
            "rustok_outbox_due_lag_seconds",
            "How long the most overdue pending outbox delivery has been due (0: none due).",
            registry=registry,
        )
        self.webhooks = Gauge(
            "rustok_webhook_deliveries_pending",
            "Webhook deliveries waiting for their first or next attempt.",
            registry=registry,
        )
        self.webhook_lag = Gauge(
            "rustok_webhook_due_lag_seconds",
            "How long the most overdue pending webhook delivery has been due (0: none due).",
            registry=registry,
        )

    async def refresh(self, db: Database, clock: Clock) -> None:
        """Read the queues; on a database error, keep the previous values and log it."""
        try:
            await self._read(db, clock.now())
        except Exception:  # an outage must not break /metrics: /readyz reports it
            logger.warning("could not read the event pipeline's gauges", exc_info=True)

    async def _read(self, db: Database, now: datetime) -> None:
        outbox, hooks = DeliveryRow, WebhookDeliveryRow
        async with db.transaction(readonly=True) as session:
            counted = await session.execute(
                select(outbox.state, func.count())
                .where(outbox.state != EventState.DELIVERED)
                .group_by(outbox.state)
            )
            states: dict[str, int] = {state: count for state, count in counted}
            outbox_due = await session.scalar(
                select(func.min(outbox.next_attempt_at)).where(
                    outbox.state == EventState.PENDING, outbox.next_attempt_at <= now
                )
            )
            waiting = await session.scalar(
                select(func.count()).where(hooks.state == WebhookState.PENDING)
            )
            hooks_due = await session.scalar(
                select(func.min(hooks.next_attempt_at)).where(
                    hooks.state == WebhookState.PENDING, hooks.next_attempt_at <= now
                )
            )
        for state in (EventState.PENDING, EventState.DEAD):
            self.outbox.labels(state).set(states.get(state, 0))
        self.outbox_lag.set(_lag(outbox_due, now))
        self.webhooks.set(waiting or 0)
        self.webhook_lag.set(_lag(hooks_due, now))


def _lag(due: datetime | None, now: datetime) -> float:
    return 0.0 if due is None else max(0.0, (now - due).total_seconds())
