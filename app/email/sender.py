"""The one interface every way of sending mail implements, and choosing one from settings."""

from __future__ import annotations

from email.message import EmailMessage
from typing import Protocol

from app.email.file_sink import FileSink
from app.email.mail_url import FileTarget, parse_mail_url
from app.email.smtp import SmtpSender

__all__ = ["Sender", "sender_for_url"]


class Sender(Protocol):
    """Hands a composed message on (to a server, a folder, a test's list)."""

    async def send(self, message: EmailMessage) -> None:
        """Deliver ``message`` to its ``To`` recipients; raise on failure."""
        ...


def sender_for_url(url: str) -> Sender:
    """Return the sender ``RUSTOK_MAIL_URL`` names (see :mod:`app.email.mail_url`)."""
    target = parse_mail_url(url)
    if isinstance(target, FileTarget):
        return FileSink(target.folder)
    return SmtpSender(target)
