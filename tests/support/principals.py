"""A test authenticator: bearer tokens that map to principals the test chose."""

from __future__ import annotations

import secrets
import uuid

from starlette.requests import HTTPConnection

from app.auth.authenticator import ACCESS_COOKIE, Authenticator
from app.auth.principal import Anonymous, Principal, UserPrincipal
from app.errors import Unauthenticated
from app.tenants.directory import ActiveTenant

__all__ = ["TokenAuthenticator"]


class TokenAuthenticator:
    """Maps test tokens to principals chosen by tests; real credentials go to ``fallback``."""

    def __init__(self) -> None:
        self._principals: dict[str, Principal] = {}
        self.fallback: Authenticator | None = None

    def issue(self, principal: Principal) -> str:
        """Register ``principal`` and return its token."""
        token = secrets.token_hex(8)
        self._principals[token] = principal
        return token

    def revoke(self, token: str) -> None:
        """Forget ``token``: from now on it authenticates as nothing (Unauthenticated)."""
        del self._principals[token]

    def platform_admin(self) -> str:
        """Return a token of a new platform administrator."""
        return self.issue(UserPrincipal(user_id=uuid.uuid4(), is_platform_admin=True))

    def member(self, tenant_id: uuid.UUID, *permissions: str) -> str:
        """Return a token of a user holding ``permissions`` in ``tenant_id``."""
        membership = {tenant_id: frozenset(permissions)}
        return self.issue(UserPrincipal(user_id=uuid.uuid4(), memberships=membership))

    async def authenticate(
        self, connection: HTTPConnection, tenant: ActiveTenant | None
    ) -> Principal:
        """Resolve a test token; anything else goes to the real authenticator, if any."""
        header = connection.headers.get("authorization", "")
        scheme, _, token = header.partition(" ")
        principal = self._principals.get(token) if scheme.lower() == "bearer" else None
        if principal is not None:
            return principal
        from_cookie = self._principals.get(connection.cookies.get(ACCESS_COOKIE, ""))
        if not header and from_cookie is not None:
            connection.state.cookie_authenticated = True
            return from_cookie
        if self.fallback is not None:
            return await self.fallback.authenticate(connection, tenant)
        if not header:
            return Anonymous()
        raise Unauthenticated("the bearer token is not valid")
