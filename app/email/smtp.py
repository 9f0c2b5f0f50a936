"""Sending through an SMTP server with aiosmtplib (TLS, STARTTLS, authentication)."""

from __future__ import annotations

from email.message import EmailMessage

import aiosmtplib

from app.email.errors import MailError
from app.email.mail_url import SmtpTarget

__all__ = ["SmtpSender"]


class SmtpSender:
    """Opens one connection per message: mail here is rare (sign-up, reset), not bulk."""

    def __init__(self, target: SmtpTarget) -> None:
        self.target = target

    async def send(self, message: EmailMessage) -> None:
        """Hand ``message`` to the server; MailError when it cannot be reached or refuses."""
        target = self.target
        try:
            await aiosmtplib.send(
                message,
                hostname=target.host,
                port=target.port,
                username=target.username,
                password=target.password,
                use_tls=target.use_tls,
                start_tls=target.start_tls,
                timeout=target.timeout,
            )
        except (aiosmtplib.SMTPException, OSError) as error:
            raise MailError(f"SMTP {target.host}:{target.port}: {error}") from error
