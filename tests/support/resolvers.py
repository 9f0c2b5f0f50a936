"""Name resolution for tests: a fixed table, so no test ever asks real DNS."""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from app.webhooks.urls import IPAddress, UnsafeUrl

__all__ = ["PUBLIC_ADDRESS", "StaticResolver"]

# A global unicast address nothing is ever sent to: names only resolve to it at creation.
PUBLIC_ADDRESS = "93.184.215.14"


@dataclass(frozen=True, slots=True)
class StaticResolver:
    """Resolves from ``table``; any other name under ``.test`` to :data:`PUBLIC_ADDRESS`."""

    table: Mapping[str, Sequence[str]] = field(default_factory=dict)
    calls: list[str] = field(default_factory=list)

    async def resolve(self, host: str, port: int) -> Sequence[IPAddress]:
        """Return the table's addresses for ``host``; UnsafeUrl for a name outside it."""
        self.calls.append(host)
        if host in self.table:
            return [ipaddress.ip_address(address) for address in self.table[host]]
        if host.endswith(".test"):
            return [ipaddress.ip_address(PUBLIC_ADDRESS)]
        raise UnsafeUrl(f"{host} does not resolve (tests resolve only .test names)")
