"""The syntax of an endpoint's URL: http(s), a host, no credentials, one way to write an IP.

:func:`parse_webhook_url` reads the URL the way the sender will, and refuses every form that
different parsers read differently: credentials (``http://good@127.0.0.1``), backslashes,
spaces and control characters, IPv6 zone ids, and IPv4 addresses not written as four decimal
numbers (``2130706433``, ``0x7f000001``, ``0177.0.0.1``, ``127.1``), which the system's
resolver would turn into an address behind the guard's back. What the host *is* or resolves
to is :mod:`app.webhooks.ssrf`'s concern.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from urllib.parse import SplitResult, urlsplit

__all__ = ["MAX_URL_LENGTH", "IPAddress", "UnsafeUrl", "WebhookUrl", "parse_webhook_url"]

MAX_URL_LENGTH = 2000
IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
_SCHEMES = {"http": 80, "https": 443}
_LABEL = re.compile(r"^[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?$")
# A last label like these makes URL parsers and inet_aton read the host as an IPv4 address.
_NUMERIC_LABEL = re.compile(r"^(0x[0-9a-f]*|[0-9]+)$")
_FORBIDDEN_CHARACTERS = re.compile(r"[\x00-\x20\x7f\\]")


class UnsafeUrl(Exception):
    """The URL may not receive webhooks; the message says why, for the person who gave it."""


@dataclass(frozen=True, slots=True)
class WebhookUrl:
    """A URL that passed the syntax checks.

    Attributes:
        url: The URL as given (it is sent as is).
        scheme: ``http`` or ``https``.
        host: The host, lower case, without brackets or a trailing dot.
        port: The port, explicit or the scheme's.
        address: The host as an IP address, when it is one.
    """

    url: str
    scheme: str
    host: str
    port: int
    address: IPAddress | None


def _split(url: str) -> SplitResult:
    if len(url) > MAX_URL_LENGTH:
        raise UnsafeUrl(f"give a URL of at most {MAX_URL_LENGTH} characters")
    if _FORBIDDEN_CHARACTERS.search(url) or not url.isascii():
        raise UnsafeUrl(
            "the URL has spaces, backslashes, control or non-ASCII characters: "
            "percent-encode them (international host names in their xn-- form)"
        )
    try:
        parts = urlsplit(url)
    except ValueError:
        raise UnsafeUrl("the URL does not parse: check the brackets around an IPv6 host") from None
    if parts.scheme.lower() not in _SCHEMES or not url.lower().startswith(f"{parts.scheme}://"):
        raise UnsafeUrl("give an http:// or https:// URL")
    if "@" in parts.netloc:
        raise UnsafeUrl("credentials in the URL are refused: send them as a custom header")
    if parts.fragment or url.endswith("#"):
        raise UnsafeUrl("a URL fragment (#...) is never sent: leave it out")
    return parts


def _port(parts: SplitResult) -> int:
    try:
        port = parts.port
    except ValueError:
        raise UnsafeUrl("the URL's port is not a number from 1 to 65535") from None
    if port == 0:
        raise UnsafeUrl("the URL's port is not a number from 1 to 65535")
    return port or _SCHEMES[parts.scheme.lower()]


def _literal_ipv6(host: str) -> IPAddress:
    if "%" in host:
        raise UnsafeUrl("IPv6 zone ids (%...) are refused: give a routable address")
    try:
        return ipaddress.IPv6Address(host)
    except ValueError:
        raise UnsafeUrl(f"{host[:60]!r} is not an IPv6 address") from None


def _host_address(host: str) -> IPAddress | None:
    if ":" in host:
        return _literal_ipv6(host)
    labels = host.split(".")
    if not _NUMERIC_LABEL.match(labels[-1]):
        if len(host) > 253 or not all(_LABEL.match(label) for label in labels):
            raise UnsafeUrl(f"{host[:60]!r} is not a host name")
        return None
    try:
        address = ipaddress.IPv4Address(host)
    except ValueError:
        address = None
    if address is None or str(address) != host:
        raise UnsafeUrl(
            f"{host[:60]!r} is not an IPv4 address written as four decimal numbers "
            "(a.b.c.d); other forms are refused"
        )
    return address


def parse_webhook_url(url: str) -> WebhookUrl:
    """Return the parts of ``url``, or raise :class:`UnsafeUrl` saying what to change."""
    parts = _split(url)
    host = (parts.hostname or "").removesuffix(".")
    if not host:
        raise UnsafeUrl("the URL has no host")
    if parts.netloc.startswith("[") != (":" in host):
        raise UnsafeUrl("write an IPv6 host in brackets, [..], and nothing else there")
    return WebhookUrl(
        url=url,
        scheme=parts.scheme.lower(),
        host=host,
        port=_port(parts),
        address=_host_address(host),
    )
