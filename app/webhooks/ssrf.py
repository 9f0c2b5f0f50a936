"""The SSRF guard: an endpoint's host must be, and resolve only to, public addresses.

Refused always: unspecified (``0.0.0.0``, ``::``), link-local (``169.254/16``, ``fe80::/10``),
multicast, reserved and documentation ranges, cloud metadata addresses and names
(``169.254.169.254``, ``fd00:ec2::254``, ``metadata.google.internal``, ...). Refused unless
``RUSTOK_WEBHOOK_ALLOW_PRIVATE`` (tests and local development): loopback, private networks
and shared CGNAT space (``100.64/10``). IPv6 forms that carry an IPv4 address (mapped
``::ffff:a.b.c.d``, compatible ``::a.b.c.d``, NAT64 ``64:ff9b::/96``, 6to4 ``2002::/16``) are
judged by the address they carry.

:meth:`UrlGuard.check` resolves a name once and returns every address it checked; the sender
connects to those (:mod:`app.webhooks.sender`), so a second lookup cannot swap in another
address (DNS rebinding). A name that resolves to one unsafe address among safe ones is
refused whole.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from app.webhooks.urls import IPAddress, UnsafeUrl, WebhookUrl, parse_webhook_url

__all__ = ["CheckedUrl", "Resolver", "SystemResolver", "UrlGuard", "address_problem"]

_METADATA_ADDRESSES = frozenset(
    ipaddress.ip_address(address)
    for address in (
        "169.254.169.254",  # AWS, GCP, Azure, OpenStack, DigitalOcean
        "169.254.170.2",  # AWS ECS task metadata
        "169.254.169.253",  # AWS DNS
        "100.100.100.200",  # Alibaba Cloud
        "192.0.0.192",  # Oracle Cloud
        "fd00:ec2::254",  # AWS over IPv6
    )
)
_METADATA_NAMES = frozenset(
    {
        "metadata",
        "metadata.google.internal",
        "metadata.goog",
        "instance-data",
        "instance-data.ec2.internal",
        "metadata.azure.internal",
    }
)
_LOOPBACK_NAMES = ("localhost", "localhost.localdomain")
_CGNAT = ipaddress.IPv4Network("100.64.0.0/10")
# RFC 1918 and unique local addresses; other non-global ranges are "reserved" (always refused).
_PRIVATE = tuple(
    ipaddress.ip_network(network)
    for network in ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7")
)
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")
_COMPATIBLE = ipaddress.IPv6Network("::/96")


class Resolver(Protocol):
    """Turns a host name into addresses (a test passes a fixed table; never real DNS)."""

    async def resolve(self, host: str, port: int) -> Sequence[IPAddress]:
        """Return the host's addresses; raise :class:`UnsafeUrl` if it does not resolve."""
        ...


@dataclass(frozen=True, slots=True)
class SystemResolver:
    """The system's resolver (``getaddrinfo``), bounded by a timeout."""

    timeout_seconds: float = 5.0

    async def resolve(self, host: str, port: int) -> Sequence[IPAddress]:
        """Return the host's addresses; raise :class:`UnsafeUrl` if it does not resolve."""
        loop = asyncio.get_running_loop()
        try:
            async with asyncio.timeout(self.timeout_seconds):
                found = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except (OSError, TimeoutError):
            raise UnsafeUrl(f"{host} does not resolve") from None
        # An IPv6 link-local answer carries a zone id (fe80::1%eth0): keep the address.
        return [ipaddress.ip_address(str(info[4][0]).partition("%")[0]) for info in found]


@dataclass(frozen=True, slots=True)
class CheckedUrl:
    """A URL the guard let through, with the addresses to connect to (none for a literal IP)."""

    url: WebhookUrl
    addresses: tuple[IPAddress, ...]


def _carried(address: IPAddress) -> IPAddress:
    if not isinstance(address, ipaddress.IPv6Address):
        return address
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if address in _NAT64 or (address in _COMPATIBLE and int(address) > 1):
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return address


def _private_kind(address: IPAddress) -> str | None:
    if address.is_loopback:
        return "loopback"
    if isinstance(address, ipaddress.IPv4Address) and address in _CGNAT:
        return "shared (CGNAT)"
    if any(address in network for network in _PRIVATE if network.version == address.version):
        return "private"
    return None


def address_problem(address: IPAddress, *, allow_private: bool = False) -> str | None:
    """Return why ``address`` may not receive webhooks (a short kind), or None if it may."""
    address = _carried(address)
    checks = (
        (address in _METADATA_ADDRESSES, "a cloud metadata address"),
        (address.is_unspecified, "unspecified"),
        (address.is_link_local, "link-local"),
        (address.is_multicast, "multicast"),
    )
    for failed, kind in checks:
        if failed:
            return kind
    private = _private_kind(address)
    if private is not None:
        return None if allow_private else private
    if address.is_reserved or not address.is_global:
        return "reserved"
    return None


@dataclass(frozen=True, slots=True)
class UrlGuard:
    """Checks URLs before anything is sent: at an endpoint's creation and at every delivery."""

    resolver: Resolver
    allow_private: bool = False

    def _refuse_address(self, host: str, address: IPAddress) -> None:
        problem = address_problem(address, allow_private=self.allow_private)
        if problem is not None:
            shown = host if str(address) == host else f"{host} ({address})"
            raise UnsafeUrl(f"{shown} is {problem}: webhooks go to public addresses only")

    def _refuse_name(self, host: str) -> None:
        if host in _METADATA_NAMES:
            raise UnsafeUrl(f"{host} is a cloud metadata name: webhooks go to public hosts only")
        loopback = host in _LOOPBACK_NAMES or host.endswith(".localhost")
        if loopback and not self.allow_private:
            raise UnsafeUrl(f"{host} is loopback: webhooks go to public hosts only")

    async def check(self, url: str) -> CheckedUrl:
        """Return the URL and the addresses it resolved to, all safe; :class:`UnsafeUrl` if not."""
        parsed = parse_webhook_url(url)
        if parsed.address is not None:
            self._refuse_address(parsed.host, parsed.address)
            return CheckedUrl(parsed, (parsed.address,))
        self._refuse_name(parsed.host)
        addresses = tuple(await self.resolver.resolve(parsed.host, parsed.port))
        if not addresses:
            raise UnsafeUrl(f"{parsed.host} does not resolve")
        for address in addresses:
            self._refuse_address(parsed.host, address)
        return CheckedUrl(parsed, addresses)
