"""Outgoing mail: a sender interface, an SMTP sender, a development file sink, templates.

Sender (protocol)          send(EmailMessage)
├── SmtpSender             aiosmtplib, per RUSTOK_MAIL_URL=smtp://...
└── FileSink               .eml files, per RUSTOK_MAIL_URL=file://var/mail (the default)
MailTemplates              <locale>/<name>.subject.txt|.txt|.html, rendered with Jinja2
MailError                  a message could not be handed over (the caller retries)
"""

from app.email.errors import MailError
from app.email.file_sink import FileSink
from app.email.mail_url import FileTarget, MailTarget, SmtpTarget, parse_mail_url
from app.email.sender import Sender, sender_for_url
from app.email.smtp import SmtpSender
from app.email.templates import MailTemplates, RenderedMail, compose

__all__ = [
    "FileSink",
    "FileTarget",
    "MailError",
    "MailTarget",
    "MailTemplates",
    "RenderedMail",
    "Sender",
    "SmtpSender",
    "SmtpTarget",
    "compose",
    "parse_mail_url",
    "sender_for_url",
]
