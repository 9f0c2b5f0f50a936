"""Running the ASGI app in-process and talking GraphQL to it."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import httpx
from starlette.applications import Starlette

from app.asgi import AppState, create_app
from app.auth.authenticator import CredentialAuthenticator
from app.clock import Clock
from app.config import Settings
from app.ids import decode_global_id
from app.registry import Registry
from tests.support.principals import TokenAuthenticator
from tests.support.resolvers import StaticResolver

__all__ = ["CreatedTenant", "RunningApp", "create_tenant", "running_app", "unique_slug"]


def unique_slug(prefix: str = "t") -> str:
    """Return a slug no other test uses."""
    return f"{prefix}-{uuid.uuid4().hex[:12]}"


@dataclass(slots=True)
class RunningApp:
    """An app whose lifespan is running, with a client and the test authenticator."""

    app: Starlette
    client: httpx.AsyncClient
    auth: TokenAuthenticator

    @property
    def state(self) -> AppState:
        """Return the app's shared state."""
        state: AppState = self.app.state.rustok
        return state

    async def gql(
        self,
        query: str,
        variables: dict[str, Any] | None = None,
        *,
        tenant: str | None = None,
        token: str | None = None,
        expect_status: int = 200,
    ) -> dict[str, Any]:
        """POST one operation and return the decoded response.

        Every operation that ran (or was refused after parsing) reports its static cost in
        ``extensions.cost``; this checks it is there and strips it, so tests compare bodies
        exactly without restating costs (tests/app/graphql/test_cost.py checks the values).
        """
        headers = {}
        if tenant is not None:
            headers["X-Tenant"] = tenant
        if token is not None:
            headers["Authorization"] = f"Bearer {token}"
        response = await self.client.post(
            "/graphql", json={"query": query, "variables": variables}, headers=headers
        )
        assert response.status_code == expect_status, response.text
        body: dict[str, Any] = response.json()
        extensions = body.pop("extensions", None)
        if response.status_code == 200:
            assert extensions is not None, body
            assert set(extensions["cost"]) == {"requested", "limit"}, extensions
        return body


_CREATE_TENANT = """
mutation ($input: TenantCreateInput!) {
  tenantCreate(input: $input) { tenant { id slug } errors { code field message } }
}
"""


@dataclass(frozen=True, slots=True)
class CreatedTenant:
    """A tenant a test created: slug, local id and global id."""

    slug: str
    id: uuid.UUID
    global_id: str


async def create_tenant(api: RunningApp, slug: str | None = None) -> CreatedTenant:
    """Create a tenant through GraphQL as a platform administrator."""
    slug = slug or unique_slug()
    body = await api.gql(
        _CREATE_TENANT,
        {"input": {"slug": slug, "name": slug.title()}},
        token=api.auth.platform_admin(),
    )
    payload = body["data"]["tenantCreate"]
    assert payload["errors"] == [], payload
    global_id = payload["tenant"]["id"]
    _, local = decode_global_id(global_id)
    return CreatedTenant(slug=slug, id=uuid.UUID(local), global_id=global_id)


@asynccontextmanager
async def running_app(
    settings: Settings, registry: Registry, clock: Clock | None = None
) -> AsyncIterator[RunningApp]:
    """Start the app's lifespan and yield it with an in-process HTTP client."""
    auth = TokenAuthenticator()
    app = create_app(settings, registry=registry, authenticator=auth, clock=clock)
    state: AppState = app.state.rustok
    auth.fallback = CredentialAuthenticator(state.runtime.identity)
    state.runtime.webhook_resolver = StaticResolver()  # never real DNS in tests
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://rustok.test") as client:
            yield RunningApp(app=app, client=client, auth=auth)
