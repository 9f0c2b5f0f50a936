"""Signing: a stable webhook-id, the secrets that sign now, headers the reference library checks."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from standardwebhooks import Webhook

from app.webhooks.models import WebhookEndpointRow
from app.webhooks.secrets import SecretBox, SecretUnreadable, new_signing_secret
from app.webhooks.signing import signed_headers, signing_secrets, webhook_id

NOW = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)
BOX = SecretBox.from_secret_key("test-secret-key-that-is-long-enough-0123")


def _endpoint(
    current: str, previous: str | None, expires_at: datetime | None
) -> WebhookEndpointRow:
    tenant_id, endpoint_id = uuid.uuid4(), uuid.uuid4()
    return WebhookEndpointRow(
        tenant_id=tenant_id,
        id=endpoint_id,
        secret=BOX.seal(current, tenant_id, endpoint_id),
        previous_secret=None if previous is None else BOX.seal(previous, tenant_id, endpoint_id),
        previous_secret_expires_at=expires_at,
    )


def test_the_webhook_id_is_derived_from_event_and_endpoint() -> None:
    event_id, endpoint_id = uuid.uuid4(), uuid.uuid4()
    assert webhook_id(event_id, endpoint_id) == webhook_id(event_id, endpoint_id)
    assert webhook_id(event_id, endpoint_id) == f"msg_{event_id.hex}_{endpoint_id.hex}"
    assert webhook_id(event_id, uuid.uuid4()) != webhook_id(event_id, endpoint_id)
    assert "." not in webhook_id(event_id, endpoint_id)


def test_the_previous_secret_signs_only_during_its_overlap() -> None:
    current, previous = new_signing_secret(), new_signing_secret()
    overlapping = _endpoint(current, previous, NOW + timedelta(hours=1))
    expired = _endpoint(current, previous, NOW)
    single = _endpoint(current, None, None)

    assert signing_secrets(BOX, overlapping, NOW) == [current, previous]
    assert signing_secrets(BOX, expired, NOW) == [current]
    assert signing_secrets(BOX, single, NOW) == [current]


def test_signed_headers_verify_with_the_reference_library() -> None:
    current, previous = new_signing_secret(), new_signing_secret()
    body = '{"a":1}'
    now = datetime.now(UTC)  # the reference library checks it against the real time

    headers = signed_headers([current, previous], "msg_1_2", now, body)

    assert headers["webhook-timestamp"] == str(int(now.timestamp()))
    assert [part[:3] for part in headers["webhook-signature"].split(" ")] == ["v1,", "v1,"]
    assert Webhook(current).verify(body, headers) == {"a": 1}
    assert Webhook(previous).verify(body, headers) == {"a": 1}


def test_a_sealed_secret_opens_only_for_its_endpoint_and_key() -> None:
    secret, tenant_id, endpoint_id = new_signing_secret(), uuid.uuid4(), uuid.uuid4()
    sealed = BOX.seal(secret, tenant_id, endpoint_id)
    other_key = SecretBox.from_secret_key("another-secret-key-that-is-long-enough")

    assert secret not in sealed
    assert BOX.open(sealed, tenant_id, endpoint_id) == secret
    for box, tenant, endpoint in (
        (BOX, tenant_id, uuid.uuid4()),
        (BOX, uuid.uuid4(), endpoint_id),
        (other_key, tenant_id, endpoint_id),
    ):
        try:
            box.open(sealed, tenant, endpoint)
        except SecretUnreadable:
            continue
        raise AssertionError("a sealed secret opened where it should not")
