"""Sending to a real receiver on loopback: signed, verifiable, pinned, bounded, no redirects."""

from __future__ import annotations

import socket
from collections.abc import Mapping
from datetime import UTC, datetime

import pytest
from standardwebhooks import Webhook
from standardwebhooks.webhooks import WebhookVerificationError

from app.webhooks.retries import Verdict, verdict
from app.webhooks.secrets import new_signing_secret
from app.webhooks.sender import (
    MAX_RESPONSE_BYTES,
    OutgoingDelivery,
    SenderTimeouts,
    WebhookSender,
)
from app.webhooks.ssrf import UrlGuard
from tests.app.webhooks.receiver import Received, receiver
from tests.support.resolvers import StaticResolver

SECRET = new_signing_secret()
BODY = '{"id":"019ac0f4-6b2e-7c11-9a3d-5f0e8d2b7a41","type":"widgets.item.created"}'


def _delivery(
    url: str, *secrets: str, headers: Mapping[str, str] | None = None
) -> OutgoingDelivery:
    return OutgoingDelivery(
        url=url,
        msg_id="msg_0001_0002",
        body=BODY,
        secrets=secrets or (SECRET,),
        headers=headers or {},
    )


def _verified(request: Received, secret: str = SECRET) -> object:
    return Webhook(secret).verify(request.body, request.headers)


def _sender(resolver: StaticResolver | None = None, **timeouts: float) -> WebhookSender:
    guard = UrlGuard(resolver or StaticResolver(), allow_private=True)
    return WebhookSender(guard, timeouts=SenderTimeouts(**timeouts))


def _now() -> datetime:
    # The reference library checks the timestamp against the real time (5 minutes either way).
    return datetime.now(UTC)


async def test_a_delivery_is_signed_and_goes_to_the_checked_address() -> None:
    resolver = StaticResolver({"receiver.test": ["127.0.0.1"]})
    async with receiver() as got, _sender(resolver) as sender:
        delivery = _delivery(got.url("/ok", "receiver.test"), headers={"X-Token": "abc"})

        result = await sender.send(delivery, _now())

    [request] = got.requests
    assert (result.status, result.error, result.response_body) == (200, None, b"thanks")
    assert verdict(result.status) is Verdict.DELIVERED
    assert _verified(request) == {
        "id": "019ac0f4-6b2e-7c11-9a3d-5f0e8d2b7a41",
        "type": "widgets.item.created",
    }
    assert request.headers["webhook-id"] == "msg_0001_0002"
    assert request.headers["X-Token"] == "abc"
    assert request.headers["Content-Type"] == "application/json"
    assert result.request_headers["webhook-signature"] == request.headers["webhook-signature"]
    assert resolver.calls == ["receiver.test"]


async def test_during_a_rotation_both_secrets_verify() -> None:
    new, old = new_signing_secret(), SECRET
    async with receiver() as got, _sender() as sender:
        await sender.send(_delivery(got.url("/ok"), new, old), _now())

    [request] = got.requests
    assert len(request.headers["webhook-signature"].split(" ")) == 2
    assert _verified(request, new) == _verified(request, old)
    with pytest.raises(WebhookVerificationError):
        _verified(request, new_signing_secret())


async def test_every_attempt_carries_the_same_webhook_id() -> None:
    async with receiver() as got, _sender() as sender:
        first = await sender.send(_delivery(got.url("/busy")), _now())
        second = await sender.send(_delivery(got.url("/busy")), _now())

    assert (first.status, second.status, first.retry_after) == (429, 429, "120")
    assert [r.headers["webhook-id"] for r in got.requests] == ["msg_0001_0002"] * 2
    for request in got.requests:
        _verified(request)


async def test_redirects_are_failures_and_not_followed() -> None:
    async with receiver() as got, _sender() as sender:
        result = await sender.send(_delivery(got.url("/redirect")), _now())

    assert result.status == 302
    assert verdict(result.status) is Verdict.RETRY
    assert [request.path for request in got.requests] == ["/redirect"]


async def test_gone_is_its_own_verdict() -> None:
    async with receiver() as got, _sender() as sender:
        result = await sender.send(_delivery(got.url("/gone")), _now())

    assert verdict(result.status) is Verdict.GONE


async def test_at_most_so_many_bytes_of_the_answer_are_read() -> None:
    async with receiver() as got, _sender() as sender:
        result = await sender.send(_delivery(got.url("/big")), _now())
        again = await sender.send(_delivery(got.url("/ok")), _now())

    assert result.status == 200
    assert result.response_body == b"x" * MAX_RESPONSE_BYTES
    assert again.response_body == b"thanks"


async def test_a_slow_receiver_times_out() -> None:
    async with receiver() as got, _sender(read=0.2, total=0.5) as sender:
        result = await sender.send(_delivery(got.url("/slow")), _now())
        got.release.set()

    assert (result.status, result.error) == (None, "timed out")
    assert verdict(result.status) is Verdict.RETRY


async def test_nobody_listening_is_a_failure() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    async with _sender() as sender:
        result = await sender.send(_delivery(f"http://127.0.0.1:{port}/ok"), _now())

    assert result.status is None
    assert result.error is not None
    assert result.error.startswith("ClientConnectorError")


async def test_the_guard_runs_again_at_every_attempt() -> None:
    rebound = StaticResolver({"receiver.test": ["10.0.0.1"]})
    async with receiver() as got:
        guard = UrlGuard(rebound, allow_private=False)
        async with WebhookSender(guard) as sender:
            literal = await sender.send(_delivery(got.url("/ok")), _now())
            named = await sender.send(_delivery(got.url("/ok", "receiver.test")), _now())

    assert got.requests == []
    assert (literal.status, literal.error) == (
        None,
        "127.0.0.1 is loopback: webhooks go to public addresses only",
    )
    assert (
        named.error == "receiver.test (10.0.0.1) is private: webhooks go to public addresses only"
    )


async def test_a_sender_must_be_opened() -> None:
    with pytest.raises(RuntimeError):
        await _sender().send(_delivery("http://127.0.0.1/ok"), _now())
