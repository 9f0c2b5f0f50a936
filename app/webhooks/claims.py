"""What the delivery runner passes along: a claim, what sending it takes, what came of it."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from app.webhooks.models import WebhookEndpointRow
from app.webhooks.payloads import PayloadShape
from app.webhooks.sender import AttemptResult, OutgoingDelivery

__all__ = ["Claim", "Outcome", "Prepared"]


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
