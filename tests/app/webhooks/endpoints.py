"""Webhook endpoints for the tests: operations, a creating helper, refusal checks with state."""

from __future__ import annotations

import uuid
from typing import Any

from app.auth.principal import SystemPrincipal
from app.identity.membership import grant_role
from app.identity.role_admin import create_role
from app.runtime import Context
from tests.app.identity.people import Person, person, tenant_state
from tests.support.client import CreatedTenant, RunningApp
from tests.support.events import checksum

__all__ = [
    "CREATE",
    "DELETE",
    "ENDPOINT",
    "ENDPOINTS",
    "ENDPOINT_FIELDS",
    "ROTATE",
    "UPDATE",
    "assert_refused",
    "create_endpoint",
    "member_without",
    "webhook_state",
]

ENDPOINT_FIELDS = (
    "id url description eventTypes isActive disabledReason headerNames secretOverlapEndsAt "
    "createdAt updatedAt"
)
_ERRORS = "errors { code field message }"
CREATE = f"""
mutation ($input: WebhookEndpointCreateInput!) {{
  webhookEndpointCreate(input: $input) {{
    webhookEndpoint {{ {ENDPOINT_FIELDS} }} secret {_ERRORS}
  }}
}}
"""
UPDATE = f"""
mutation ($input: WebhookEndpointUpdateInput!) {{
  webhookEndpointUpdate(input: $input) {{ webhookEndpoint {{ {ENDPOINT_FIELDS} }} {_ERRORS} }}
}}
"""
ROTATE = f"""
mutation ($input: WebhookEndpointSecretRotateInput!) {{
  webhookEndpointSecretRotate(input: $input) {{
    webhookEndpoint {{ {ENDPOINT_FIELDS} }} secret overlapEndsAt {_ERRORS}
  }}
}}
"""
DELETE = f"""
mutation ($id: ID!) {{ webhookEndpointDelete(id: $id) {{ deletedId {_ERRORS} }} }}
"""
ENDPOINTS = f"""
query ($first: Int, $after: String) {{
  webhookEndpoints(first: $first, after: $after) {{
    totalCount pageInfo {{ hasNextPage endCursor }} edges {{ node {{ {ENDPOINT_FIELDS} }} }}
  }}
}}
"""
ENDPOINT = f"query ($id: ID!) {{ webhookEndpoint(id: $id) {{ {ENDPOINT_FIELDS} }} }}"


async def create_endpoint(
    api: RunningApp, tenant: CreatedTenant, token: str, **fields: Any
) -> dict[str, Any]:
    """Create an endpoint (``https://hooks.example.test/in``, ``widgets.item.*``) without errors."""
    values = {"url": "https://hooks.example.test/in", "eventTypes": ["widgets.item.*"], **fields}
    body = await api.gql(CREATE, {"input": values}, tenant=tenant.slug, token=token)
    payload: dict[str, Any] = body["data"]["webhookEndpointCreate"]
    assert payload["errors"] == [], payload
    return payload


async def webhook_state(api: RunningApp, tenant_id: uuid.UUID) -> dict[str, str | int]:
    """Return the tenant's identity digest and event count, plus a digest of its endpoints."""
    state = await tenant_state(api, tenant_id)
    state["webhooks_endpoints"] = await checksum(
        api.state.runtime, "webhooks_endpoints", tenant_id, "id"
    )
    return state


async def member_without(api: RunningApp, tenant: CreatedTenant, *permissions: str) -> Person:
    """Return a member holding only a custom role with ``permissions`` (none of webhooks')."""
    ctx = Context(runtime=api.state.runtime, principal=SystemPrincipal())
    name = f"r{uuid.uuid4().hex[:8]}"
    await create_role(ctx, tenant.id, name=name, description="", permissions=permissions)
    someone = await person(api, tenant)
    await grant_role(ctx, tenant.id, someone.user_id, name)
    return someone


async def assert_refused(
    api: RunningApp,
    tenant: CreatedTenant,
    query: str,
    variables: dict[str, Any],
    cases: dict[str, tuple[str | None, str]],
) -> None:
    """Run ``query`` as each refused case: a top-level error, no row and no event written."""
    for label, (token, code) in cases.items():
        before = await webhook_state(api, tenant.id)
        body = await api.gql(query, variables, tenant=tenant.slug, token=token)
        assert body["data"] is None, label
        assert [error["extensions"]["code"] for error in body["errors"]] == [code], label
        assert await webhook_state(api, tenant.id) == before, label
