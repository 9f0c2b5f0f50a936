"""How a request proves who it is: a bearer token, an API key, or the admin's cookie."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from starlette.requests import HTTPConnection

from app.auth.principal import Anonymous, Principal
from app.tenants.directory import ActiveTenant

if TYPE_CHECKING:
    from app.identity.access import Identity

__all__ = ["ACCESS_COOKIE", "AnonymousAuthenticator", "Authenticator", "CredentialAuthenticator"]

ACCESS_COOKIE = "rustok_access"


class Authenticator(Protocol):
    """Turns a request's credentials into a principal (raising Unauthenticated if invalid)."""

    async def authenticate(
        self, connection: HTTPConnection, tenant: ActiveTenant | None
    ) -> Principal:
        """Return the principal making the request, with its permissions in ``tenant``."""
        ...


class AnonymousAuthenticator:
    """Treats every request as anonymous (for processes that serve only public data)."""

    async def authenticate(
        self, connection: HTTPConnection, tenant: ActiveTenant | None
    ) -> Principal:
        """Return :class:`Anonymous`."""
        return Anonymous()


class CredentialAuthenticator:
    """``Authorization: Bearer <access token | API key>``, else the HttpOnly access cookie."""

    def __init__(self, identity: Identity) -> None:
        self._identity = identity

    async def authenticate(
        self, connection: HTTPConnection, tenant: ActiveTenant | None
    ) -> Principal:
        """Resolve the credential; no credential at all is anonymous."""
        from app.errors import Unauthenticated
        from app.identity.access import API_KEY_PREFIX
        from app.identity.customer_access import is_customer_token

        header = connection.headers.get("authorization")
        if header is not None:
            scheme, _, token = header.partition(" ")
            if scheme.lower() != "bearer" or not token.strip():
                raise Unauthenticated("send `Authorization: Bearer <token>`")
            token = token.strip()
        else:
            token = connection.cookies.get(ACCESS_COOKIE, "")
            if not token:
                return Anonymous()
            connection.state.cookie_authenticated = True
        if token.startswith(API_KEY_PREFIX):
            return await self._identity.api_key_principal(token)
        tenant_id = tenant.id if tenant else None
        if is_customer_token(token):
            return await self._identity.customers.principal(token, tenant_id)
        return await self._identity.user_principal(token, tenant_id)
