"""How a request proves who it is. The identity issue plugs real credentials in here."""

from __future__ import annotations

from typing import Protocol

from starlette.requests import HTTPConnection

from app.auth.principal import Anonymous, Principal

__all__ = ["AnonymousAuthenticator", "Authenticator"]


class Authenticator(Protocol):
    """Turns a request's credentials into a principal (raising Unauthenticated if invalid)."""

    async def authenticate(self, connection: HTTPConnection) -> Principal:
        """Return the principal making the request."""
        ...


class AnonymousAuthenticator:
    """Treats every request as anonymous: guarded operations are refused, the CLI administers."""

    async def authenticate(self, connection: HTTPConnection) -> Principal:
        """Return :class:`Anonymous`."""
        return Anonymous()
