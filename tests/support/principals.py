"""A test authenticator: bearer tokens that map to principals the test chose."""

from __future__ import annotations

import secrets
import uuid

from starlette.requests import HTTPConnection

from app.auth.principal import Anonymous, Principal, UserPrincipal
from app.errors import Unauthenticated

__all__ = ["TokenAuthenticator"]


class TokenAuthenticator:
    """Maps ``Authorization: Bearer <token>`` to principals registered by tests."""

    def __init__(self) -> None:
        self._principals: dict[str, Principal] = {}

    def issue(self, principal: Principal) -> str:
        """Register ``principal`` and return its token."""
        token = secrets.token_hex(8)
        self._principals[token] = principal
        return token

    def platform_admin(self) -> str:
        """Return a token of a new platform administrator."""
        return self.issue(UserPrincipal(user_id=uuid.uuid4(), is_platform_admin=True))

    def member(self, tenant_id: uuid.UUID, *permissions: str) -> str:
        """Return a token of a user holding ``permissions`` in ``tenant_id``."""
        membership = {tenant_id: frozenset(permissions)}
        return self.issue(UserPrincipal(user_id=uuid.uuid4(), memberships=membership))

    async def authenticate(self, connection: HTTPConnection) -> Principal:
        """Resolve the bearer token (none: anonymous; unknown: Unauthenticated)."""
        header = connection.headers.get("authorization", "")
        if not header:
            return Anonymous()
        scheme, _, token = header.partition(" ")
        principal = self._principals.get(token) if scheme.lower() == "bearer" else None
        if principal is None:
            raise Unauthenticated("the bearer token is not valid")
        return principal
