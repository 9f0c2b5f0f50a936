"""The SMTP sender against a real aiosmtpd server on loopback."""

from __future__ import annotations

import re
import socket
from datetime import UTC, datetime

import pytest

from app.email import MailError, MailTemplates, SmtpSender, compose, parse_mail_url
from app.email.mail_url import SmtpTarget
from tests.support.smtp_server import REFUSED_DOMAIN, smtp_server

SENT_AT = datetime(2026, 11, 26, 9, 30, tzinfo=UTC)
LINK = "https://shop.example/acme/verify-email?token=tok_ABC-123"
VALUES = {
    "display_name": "Jürgen",
    "tenant_name": "Acme",
    "link": LINK,
    "valid_hours": 48,
    "valid_minutes": 60,
}


def _sender(url: str) -> SmtpSender:
    target = parse_mail_url(url)
    assert isinstance(target, SmtpTarget)
    return SmtpSender(target)


async def test_a_german_verification_mail_arrives_with_its_link() -> None:
    rendered = MailTemplates().render("customer_verify_email", "de-AT", VALUES)
    message = compose(
        rendered, sender="Acme <shop@acme.test>", recipient="kunde@example.test", sent_at=SENT_AT
    )
    async with smtp_server() as server:
        await _sender(server.url).send(message)
    assert len(server.received) == 1
    received = server.received[0]
    assert received.mail_from == "shop@acme.test"
    assert received.recipients == ["kunde@example.test"]
    got = received.message
    assert got["Subject"] == "Bestätigen Sie Ihre E-Mail-Adresse für Acme"
    assert got["To"] == "kunde@example.test"
    assert got["Content-Language"] == "de"
    assert got["Date"] == "Thu, 26 Nov 2026 09:30:00 +0000"
    text = got.get_body(("plain",))
    html = got.get_body(("html",))
    assert text is not None
    assert html is not None
    body = text.get_content()
    assert body.startswith("Hallo Jürgen,")
    assert "läuft in 48 Stunden ab" in body
    assert re.findall(r"https://\S+", body) == [LINK]
    assert 'href="https://shop.example/acme/verify-email?token=tok_ABC-123"' in html.get_content()


async def test_authentication_from_the_url() -> None:
    async with smtp_server({"mailer": "s3cret pass"}) as server:
        rendered = MailTemplates().render("customer_password_reset", "en", VALUES)
        message = compose(
            rendered, sender="a@acme.test", recipient="b@example.test", sent_at=SENT_AT
        )
        await _sender(f"smtp://mailer:s3cret%20pass@127.0.0.1:{server.port}").send(message)
        await _sender(f"{server.url}&user=mailer&password=s3cret+pass").send(message)
        with pytest.raises(MailError, match=r"SMTP 127\.0\.0\.1"):
            await _sender(f"smtp://mailer:wrong@127.0.0.1:{server.port}").send(message)
    assert [item.login for item in server.received] == ["mailer", "mailer"]
    assert server.received[0].message["Subject"] == "Reset your password for Acme"


async def test_a_refused_recipient_and_a_dead_server_raise_mail_error() -> None:
    rendered = MailTemplates().render("customer_verify_email", "en", VALUES)
    refused = compose(
        rendered, sender="a@acme.test", recipient=f"x@{REFUSED_DOMAIN}", sent_at=SENT_AT
    )
    async with smtp_server() as server:
        with pytest.raises(MailError, match="no such mailbox"):
            await _sender(server.url).send(refused)
    assert server.received == []
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        free_port = probe.getsockname()[1]
    with pytest.raises(MailError):
        await _sender(f"smtp://127.0.0.1:{free_port}?timeout=2").send(refused)
