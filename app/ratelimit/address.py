"""Who the client is: the peer address, or X-Forwarded-For when the peer is a trusted proxy.

``X-Forwarded-For`` is read from the right: each proxy appends the address it saw, so the
first address (from the right) that is not a trusted proxy is the client; anything left of
it was written by the client and is ignored. An entry that is not an IP address stops the
walk at the last good hop. IPv6 clients are counted per /64 network (one host holds a /64).
"""

from __future__ import annotations

import ipaddress
from collections.abc import Sequence

__all__ = ["TrustedProxies", "limit_subject"]

_Address = ipaddress.IPv4Address | ipaddress.IPv6Address


def _parse(text: str) -> _Address | None:
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


class TrustedProxies:
    """The networks whose ``X-Forwarded-For`` header is believed (none by default)."""

    def __init__(self, networks: Sequence[str]) -> None:
        self._networks = tuple(ipaddress.ip_network(item, strict=False) for item in networks)

    def is_trusted(self, address: _Address) -> bool:
        """Return whether ``address`` is one of the trusted proxies."""
        return any(address in network for network in self._networks)

    def client_address(self, peer: str | None, forwarded_for: str | None) -> str | None:
        """Return the client's address as text; None when the peer is unknown."""
        current = _parse(peer) if peer else None
        if current is None:
            return peer[:64] if peer else None
        if not forwarded_for or not self._networks:
            return str(current)
        for entry in reversed(forwarded_for.split(",")):
            if not self.is_trusted(current):
                break
            hop = _parse(entry)
            if hop is None:
                break
            current = hop
        return str(current)


def limit_subject(address: str) -> str:
    """Return what an address is counted as: itself (IPv4) or its /64 network (IPv6)."""
    parsed = _parse(address)
    if isinstance(parsed, ipaddress.IPv6Address) and parsed.ipv4_mapped is None:
        return str(ipaddress.IPv6Network((parsed, 64), strict=False))
    if isinstance(parsed, ipaddress.IPv6Address) and parsed.ipv4_mapped is not None:
        return str(parsed.ipv4_mapped)
    return address
