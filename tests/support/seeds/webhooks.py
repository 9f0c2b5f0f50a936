"""Seed steps of webhooks: two endpoints, one with its secret rotated, one switched off."""

from __future__ import annotations

from tests.support.seeding import Seeding, SeedStep

__all__ = ["STEPS"]

_ERRORS = "errors { code field message }"
_CREATE = f"""
mutation ($input: WebhookEndpointCreateInput!) {{
  webhookEndpointCreate(input: $input) {{ webhookEndpoint {{ id }} {_ERRORS} }}
}}
"""
_UPDATE = f"""
mutation ($input: WebhookEndpointUpdateInput!) {{
  webhookEndpointUpdate(input: $input) {{ webhookEndpoint {{ id }} {_ERRORS} }}
}}
"""
_ROTATE = f"""
mutation ($input: WebhookEndpointSecretRotateInput!) {{
  webhookEndpointSecretRotate(input: $input) {{ webhookEndpoint {{ id }} {_ERRORS} }}
}}
"""


async def _endpoints(seeding: Seeding) -> None:
    ids = []
    for label in ("orders", "audit"):
        endpoint = {
            "url": f"https://{seeding.text(label)}.example.test/hook",
            "eventTypes": ["core.apikey.*"],
            "description": seeding.text(label),
            "headers": [{"name": f"X-{label}", "value": seeding.text("token")}],
        }
        answer = await seeding.call(_CREATE, {"input": endpoint})
        ids.append(answer["webhookEndpoint"]["id"])
    await seeding.call(_ROTATE, {"input": {"id": ids[0], "overlapHours": 24}})
    await seeding.call(_UPDATE, {"input": {"id": ids[1], "isActive": False}})


STEPS: tuple[SeedStep, ...] = (SeedStep(None, "webhook endpoints", _endpoints),)
