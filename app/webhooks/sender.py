"""Sending one delivery attempt over HTTP with aiohttp: signed, pinned, bounded.

- **Pinned.** The SSRF guard checks the URL and resolves its host once
  (:meth:`app.webhooks.ssrf.UrlGuard.check`); the connector's resolver hands aiohttp exactly
  those checked addresses and never looks a name up itself, so nothing can swap the address
  between the check and the connection. A literal IP host is checked by the guard and needs
  no lookup.
- **No redirects.** A 3xx answer is a failure like any other non-2xx.
- **Bounded.** Connect, read and total timeouts; at most :data:`MAX_RESPONSE_BYTES` of the
  answer are read, the rest is dropped with the connection.

One :class:`WebhookSender` holds one connection pool for many deliveries (open it with
``async with``); aiohttp sends about 20 times as many deliveries a second here as httpx
(DESIGN.md).
"""

from __future__ import annotations

import contextvars
import socket
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from types import TracebackType

import aiohttp
from aiohttp.abc import AbstractResolver, ResolveResult

from app.webhooks.signing import signed_headers
from app.webhooks.ssrf import CheckedUrl, UrlGuard
from app.webhooks.urls import UnsafeUrl

__all__ = [
    "MAX_RESPONSE_BYTES",
    "USER_AGENT",
    "AttemptResult",
    "OutgoingDelivery",
    "SenderTimeouts",
    "WebhookSender",
]

MAX_RESPONSE_BYTES = 4096
USER_AGENT = "RusToK-Webhooks/1"
_CHUNK = 1024
_PINNED: contextvars.ContextVar[CheckedUrl | None] = contextvars.ContextVar(
    "rustok_webhook_pinned", default=None
)


@dataclass(frozen=True, slots=True)
class SenderTimeouts:
    """Bounds of one attempt, in seconds."""

    connect: float = 5.0
    read: float = 10.0
    total: float = 15.0


@dataclass(frozen=True, slots=True)
class OutgoingDelivery:
    """One message to one endpoint: the same ``msg_id`` and body on every attempt."""

    url: str
    msg_id: str
    body: str
    secrets: Sequence[str]
    headers: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class AttemptResult:
    """What one attempt came to (for the delivery log and the retry policy).

    Attributes:
        status: The HTTP status, or None when there was no answer.
        seconds: How long the attempt took.
        request_headers: The headers sent.
        response_body: At most :data:`MAX_RESPONSE_BYTES` of the answer.
        retry_after: The answer's ``Retry-After`` header, if any.
        error: Why there was no answer (refused by the guard, timeout, connection), if so.
    """

    status: int | None
    seconds: float
    request_headers: dict[str, str]
    response_body: bytes = b""
    retry_after: str | None = None
    error: str | None = None


class _PinnedResolver(AbstractResolver):
    """Answers only with the addresses the guard checked for this attempt's host."""

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        checked = _PINNED.get()
        if checked is None or host.lower().removesuffix(".") != checked.url.host:
            raise OSError(f"{host} was not checked by the webhook guard")
        return [
            ResolveResult(
                hostname=host,
                host=str(address),
                port=port,
                family=socket.AF_INET6 if address.version == 6 else socket.AF_INET,
                proto=0,
                flags=socket.AI_NUMERICHOST,
            )
            for address in checked.addresses
        ]

    async def close(self) -> None:
        """Nothing to release."""


async def _read_limited(response: aiohttp.ClientResponse) -> tuple[bytes, bool]:
    body = b""
    while len(body) < MAX_RESPONSE_BYTES:
        chunk = await response.content.read(min(_CHUNK, MAX_RESPONSE_BYTES - len(body)))
        if not chunk:
            return body, True
        body += chunk
    return body, response.content.at_eof()


class WebhookSender:
    """Sends attempts through one pinned, redirect-free connection pool."""

    def __init__(
        self, guard: UrlGuard, *, timeouts: SenderTimeouts | None = None, limit: int = 100
    ) -> None:
        self._guard = guard
        timeouts = timeouts or SenderTimeouts()
        self._timeout = aiohttp.ClientTimeout(
            total=timeouts.total, sock_connect=timeouts.connect, sock_read=timeouts.read
        )
        self._limit = limit
        self._session: aiohttp.ClientSession | None = None

    async def __aenter__(self) -> WebhookSender:
        connector = aiohttp.TCPConnector(
            resolver=_PinnedResolver(), use_dns_cache=False, limit=self._limit
        )
        self._session = aiohttp.ClientSession(
            connector=connector, timeout=self._timeout, trust_env=False, auto_decompress=False
        )
        return self

    async def __aexit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    def _headers(self, delivery: OutgoingDelivery, now: datetime) -> dict[str, str]:
        return {
            **delivery.headers,
            "content-type": "application/json",
            "user-agent": USER_AGENT,
            **signed_headers(delivery.secrets, delivery.msg_id, now, delivery.body),
        }

    async def send(self, delivery: OutgoingDelivery, now: datetime) -> AttemptResult:
        """Make one attempt, signed at ``now`` (the clock's time); never raises for the network."""
        session = self._session
        if session is None:
            raise RuntimeError("open the sender with `async with` first")
        headers = self._headers(delivery, now)
        started = time.perf_counter()
        try:
            checked = await self._guard.check(delivery.url)
        except UnsafeUrl as error:
            return AttemptResult(None, time.perf_counter() - started, headers, error=str(error))
        token = _PINNED.set(checked)
        try:
            return await _post(session, delivery, headers, started)
        finally:
            _PINNED.reset(token)


async def _post(
    session: aiohttp.ClientSession,
    delivery: OutgoingDelivery,
    headers: dict[str, str],
    started: float,
) -> AttemptResult:
    try:
        async with session.post(
            delivery.url, data=delivery.body.encode(), headers=headers, allow_redirects=False
        ) as response:
            body, complete = await _read_limited(response)
            if not complete:
                response.close()  # drop the rest with the connection
            return AttemptResult(
                status=response.status,
                seconds=time.perf_counter() - started,
                request_headers=headers,
                response_body=body,
                retry_after=response.headers.get("Retry-After"),
            )
    except TimeoutError:
        error = "timed out"
    except aiohttp.ClientError as failure:
        error = f"{type(failure).__name__}: {failure}"[:500]
    return AttemptResult(None, time.perf_counter() - started, headers, error=error)
