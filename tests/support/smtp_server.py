"""A real SMTP server (aiosmtpd) on 127.0.0.1 and a random port, inside the test's loop."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default

from aiosmtpd.smtp import SMTP, AuthResult, Envelope, LoginPassword, Session

__all__ = ["REFUSED_DOMAIN", "Received", "SmtpServer", "smtp_server"]

REFUSED_DOMAIN = "refused.test"


@dataclass(frozen=True, slots=True)
class Received:
    """One message as the server got it: the envelope and the parsed message."""

    mail_from: str
    recipients: list[str]
    message: EmailMessage
    login: str | None


@dataclass(slots=True)
class SmtpServer:
    """The running server: where it listens and what it received."""

    port: int
    received: list[Received] = field(default_factory=list)
    credentials: dict[str, str] = field(default_factory=dict)

    @property
    def url(self) -> str:
        """Return the ``RUSTOK_MAIL_URL`` reaching this server."""
        return f"smtp://127.0.0.1:{self.port}?timeout=5"

    def to(self, recipient: str) -> list[EmailMessage]:
        """Return the messages delivered to ``recipient``, oldest first."""
        return [item.message for item in self.received if recipient in item.recipients]


class _Handler:
    def __init__(self, server: SmtpServer) -> None:
        self.server = server

    async def handle_RCPT(  # noqa: N802 - aiosmtpd's hook name
        self,
        smtp: SMTP,
        session: Session,
        envelope: Envelope,
        address: str,
        rcpt_options: list[str],
    ) -> str:
        if address.endswith(f"@{REFUSED_DOMAIN}"):
            return "550 5.1.1 no such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(  # noqa: N802 - aiosmtpd's hook name
        self, smtp: SMTP, session: Session, envelope: Envelope
    ) -> str:
        content = envelope.original_content or b""
        parsed = message_from_bytes(content, policy=default)
        assert isinstance(parsed, EmailMessage)
        login_data = getattr(session, "login_data", None)  # set by AUTH, untyped in aiosmtpd
        login = login_data.decode() if isinstance(login_data, bytes) else None
        self.server.received.append(
            Received(str(envelope.mail_from), list(envelope.rcpt_tos), parsed, login)
        )
        return "250 OK"

    def authenticate(
        self, smtp: SMTP, session: Session, envelope: Envelope, mechanism: str, data: object
    ) -> AuthResult:
        if not isinstance(data, LoginPassword):
            return AuthResult(success=False, handled=False)
        expected = self.server.credentials.get(data.login.decode())
        # handled=False: the server answers (235 or 535) itself.
        success = expected == data.password.decode()
        return AuthResult(success=success, handled=False, auth_data=data)


@asynccontextmanager
async def smtp_server(credentials: dict[str, str] | None = None) -> AsyncIterator[SmtpServer]:
    """Serve SMTP on 127.0.0.1:<random port> until the block ends.

    With ``credentials``, AUTH PLAIN/LOGIN is offered (over plain TCP: this is loopback).
    """
    loop = asyncio.get_running_loop()
    server = SmtpServer(port=0, credentials=dict(credentials or {}))
    handler = _Handler(server)

    def protocol() -> SMTP:
        return SMTP(
            handler,
            hostname="smtp.rustok.test",
            authenticator=handler.authenticate if credentials else None,
            auth_require_tls=False,
            loop=loop,
        )

    listening = await loop.create_server(protocol, "127.0.0.1", 0)
    server.port = listening.sockets[0].getsockname()[1]
    try:
        yield server
    finally:
        listening.close()
        await listening.wait_closed()
