"""``RUSTOK_MAIL_URL``: where outgoing mail goes.

    file://var/mail                   .eml files in a folder (relative to the working directory)
    file:///srv/rustok/mail           ... or an absolute one
    smtp://host:587?starttls=true     an SMTP relay; ``user``/``password`` as query parameters
    smtp://user:password@host:25      ... or in the URL (percent-encoded)
    smtps://host:465                  SMTP over TLS from the first byte (``ssl=true`` does the same)

``starttls`` is ``true`` (required), ``false`` (never) or absent (upgrade when offered);
``timeout`` is in seconds (default 30).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

__all__ = ["FileTarget", "MailTarget", "SmtpTarget", "parse_mail_url"]

_TRUE = frozenset({"1", "true", "yes", "on"})
_FALSE = frozenset({"0", "false", "no", "off"})
_KNOWN_PARAMETERS = frozenset({"starttls", "ssl", "user", "password", "timeout"})


@dataclass(frozen=True, slots=True)
class FileTarget:
    """Write each message as an ``.eml`` file into ``folder``."""

    folder: Path


@dataclass(frozen=True, slots=True)
class SmtpTarget:
    """Hand each message to an SMTP server."""

    host: str
    port: int
    username: str | None = None
    password: str | None = None
    use_tls: bool = False
    start_tls: bool | None = None
    timeout: float = 30.0


MailTarget = FileTarget | SmtpTarget


def parse_mail_url(url: str) -> MailTarget:
    """Return the target a mail URL names; ValueError saying what is wrong otherwise."""
    parts = urlsplit(url)
    if parts.scheme == "file":
        folder = unquote(parts.netloc + parts.path)
        if not folder:
            raise ValueError("a file:// mail URL needs a folder, e.g. file://var/mail")
        return FileTarget(Path(folder))
    if parts.scheme not in {"smtp", "smtps"}:
        raise ValueError(
            f"use file://<folder> or smtp://host:port, got {parts.scheme or 'no scheme'}://"
        )
    return _smtp_target(url)


def _smtp_target(url: str) -> SmtpTarget:
    parts = urlsplit(url)
    try:
        port = parts.port
    except ValueError:
        raise ValueError("the SMTP port must be a number from 1 to 65535") from None
    if not parts.hostname:
        raise ValueError("an smtp:// mail URL needs a host, e.g. smtp://localhost:25")
    query = {name: values[-1] for name, values in parse_qs(parts.query).items()}
    unknown = sorted(set(query) - _KNOWN_PARAMETERS)
    if unknown:
        raise ValueError(f"unknown mail URL parameters: {', '.join(unknown)}")
    use_tls = parts.scheme == "smtps" or _flag(query, "ssl") is True
    username = query.get("user") or (unquote(parts.username) if parts.username else None)
    password = query.get("password") or (unquote(parts.password) if parts.password else None)
    return SmtpTarget(
        host=parts.hostname,
        port=port or (465 if use_tls else 25),
        username=username,
        password=password,
        use_tls=use_tls,
        start_tls=False if use_tls else _flag(query, "starttls"),
        timeout=_timeout(query.get("timeout")),
    )


def _flag(query: dict[str, str], name: str) -> bool | None:
    value = query.get(name)
    if value is None:
        return None
    if value.lower() in _TRUE:
        return True
    if value.lower() in _FALSE:
        return False
    raise ValueError(f"the mail URL parameter {name} must be true or false, got {value[:20]!r}")


def _timeout(value: str | None) -> float:
    if value is None:
        return 30.0
    try:
        seconds = float(value)
    except ValueError:
        raise ValueError("the mail URL parameter timeout must be a number of seconds") from None
    if not 0 < seconds <= 300:
        raise ValueError("the mail URL parameter timeout must be between 0 and 300 seconds")
    return seconds
