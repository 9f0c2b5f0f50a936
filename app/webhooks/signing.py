"""Standard Webhooks signatures: ``webhook-id``, ``webhook-timestamp``, ``webhook-signature``.

The signed content is ``<webhook-id>.<timestamp>.<body>``, signed with HMAC-SHA256 by the
reference library (``standardwebhooks``) and sent as ``v1,<base64>``. During a rotation's
overlap both secrets sign, space separated, so a receiver holding either one verifies.
``webhook-id`` is derived from the event and the endpoint, so it is the same on every attempt
and receivers deduplicate by it.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime

from standardwebhooks import Webhook

from app.webhooks.models import WebhookEndpointRow
from app.webhooks.secrets import SecretBox

__all__ = ["signature_header", "signed_headers", "signing_secrets", "webhook_id"]


def webhook_id(event_id: uuid.UUID, endpoint_id: uuid.UUID) -> str:
    """Return the delivery's stable id: ``msg_<event id>_<endpoint id>`` (hex, no dots)."""
    return f"msg_{event_id.hex}_{endpoint_id.hex}"


def signing_secrets(box: SecretBox, endpoint: WebhookEndpointRow, now: datetime) -> list[str]:
    """Return the secrets that sign now: the current one, and the previous during its overlap."""
    secrets = [box.open(endpoint.secret, endpoint.tenant_id, endpoint.id)]
    expires_at = endpoint.previous_secret_expires_at
    if endpoint.previous_secret is not None and expires_at is not None and now < expires_at:
        secrets.append(box.open(endpoint.previous_secret, endpoint.tenant_id, endpoint.id))
    return secrets


def signature_header(secrets: Sequence[str], msg_id: str, timestamp: datetime, body: str) -> str:
    """Return ``webhook-signature``: one ``v1,<base64>`` per secret, space separated."""
    return " ".join(Webhook(secret).sign(msg_id, timestamp, body) for secret in secrets)


def signed_headers(
    secrets: Sequence[str], msg_id: str, timestamp: datetime, body: str
) -> dict[str, str]:
    """Return the three Standard Webhooks headers for one attempt."""
    return {
        "webhook-id": msg_id,
        "webhook-timestamp": str(int(timestamp.timestamp())),
        "webhook-signature": signature_header(secrets, msg_id, timestamp, body),
    }
