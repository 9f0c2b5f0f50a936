"""GraphQL types of webhook endpoints: the endpoint, its inputs and its payloads."""

from __future__ import annotations

from datetime import datetime

import strawberry

from app.graphql.types import Node, UserError
from app.ids import encode_global_id
from app.webhooks.headers import CustomHeader
from app.webhooks.models import WebhookEndpointRow

__all__ = [
    "WebhookEndpoint",
    "WebhookEndpointCreateInput",
    "WebhookEndpointCreatePayload",
    "WebhookEndpointDeletePayload",
    "WebhookEndpointPayload",
    "WebhookEndpointSecretRotateInput",
    "WebhookEndpointSecretRotatePayload",
    "WebhookEndpointUpdateInput",
    "WebhookHeaderInput",
]

_HEADERS = (
    "Headers sent with every delivery (a receiver's token, say). Refused: hop-by-hop headers, "
    "Host, Content-Length, Content-Type and every `webhook-*`."
)
_PAYLOAD_QUERY = (
    "A GraphQL `query` run when each delivery is sent, its result added to the body as `data` "
    "(with `errors` if any); it may use $eventId: ID, $eventType: String, $aggregateType: "
    "String, $aggregateId: ID. Checked now: valid, under the cost limit, and needing no "
    "permission outside payloadPermissions."
)
_PAYLOAD_PERMISSIONS = (
    "The permissions the payload query runs with, and no others; each must be yours."
)
_EVENT_TYPES = (
    "The event types to send: exact types (`blog.post.published`), prefixes with `.*` "
    "(`commerce.order.*`) or `*`; each must cover registered events you can see."
)


@strawberry.type(
    description="Where a tenant's events are sent, signed per Standard Webhooks; its signing "
    "secret and header values are never shown again."
)
class WebhookEndpoint(Node):
    """An endpoint, without its secret or header values."""

    url: str = strawberry.field(description="The http(s) URL deliveries are POSTed to.")
    description: str = strawberry.field(description="What the endpoint is for.")
    event_types: list[str] = strawberry.field(description="The event type patterns it receives.")
    is_active: bool = strawberry.field(description="Whether events are sent to it.")
    disabled_reason: str | None = strawberry.field(
        description="Why deliveries disabled it, if they did: `gone` (the receiver answered "
        "410) or `failing` (it failed for too long)."
    )
    header_names: list[str] = strawberry.field(
        description="The names of its custom headers (their values may be credentials and are "
        "never shown)."
    )
    secret_overlap_ends_at: datetime | None = strawberry.field(
        description="Until when the previous secret signs too, after a rotation."
    )
    payload_query: str | None = strawberry.field(
        description="The GraphQL query whose result goes with each delivery as `data`, if any."
    )
    payload_permissions: list[str] = strawberry.field(
        description="The only permissions the payload query runs with."
    )
    created_at: datetime = strawberry.field(description="When it was created.")
    updated_at: datetime = strawberry.field(description="When it last changed.")

    @classmethod
    def from_row(cls, row: WebhookEndpointRow) -> WebhookEndpoint:
        """Build from a table row."""
        return cls(
            id=strawberry.ID(encode_global_id("WebhookEndpoint", row.id)),
            url=row.url,
            description=row.description,
            event_types=list(row.event_types),
            is_active=row.is_active,
            disabled_reason=row.disabled_reason,
            header_names=sorted(row.headers),
            secret_overlap_ends_at=row.previous_secret_expires_at,
            payload_query=row.payload_query,
            payload_permissions=list(row.payload_permissions),
            created_at=row.created_at,
            updated_at=row.updated_at,
        )


@strawberry.input(description="A header sent with every delivery.")
class WebhookHeaderInput:
    """One custom header."""

    name: str = strawberry.field(description="The header's name, an HTTP token.")
    value: str = strawberry.field(description="Its value: printable characters on one line.")

    def to_header(self) -> CustomHeader:
        """Return the service's form."""
        return CustomHeader(name=self.name, value=self.value)


@strawberry.input(description="A new webhook endpoint.")
class WebhookEndpointCreateInput:
    """Input of webhookEndpointCreate."""

    url: str = strawberry.field(
        description="The http(s) URL to POST to; it must not be or resolve to a private, "
        "loopback, link-local or metadata address."
    )
    event_types: list[str] = strawberry.field(description=_EVENT_TYPES)
    description: str = strawberry.field(default="", description="What it is for, ≤ 300 chars.")
    headers: list[WebhookHeaderInput] = strawberry.field(default_factory=list, description=_HEADERS)
    is_active: bool = strawberry.field(default=True, description="Whether to send events now.")
    payload_query: str | None = strawberry.field(default=None, description=_PAYLOAD_QUERY)
    payload_permissions: list[str] = strawberry.field(
        default_factory=list, description=_PAYLOAD_PERMISSIONS
    )


@strawberry.input(description="Changes to a webhook endpoint; a field left out stays as it is.")
class WebhookEndpointUpdateInput:
    """Input of webhookEndpointUpdate."""

    id: strawberry.ID = strawberry.field(description="The endpoint's ID.")
    url: str | None = strawberry.field(default=None, description="A new URL.")
    event_types: list[str] | None = strawberry.field(default=None, description=_EVENT_TYPES)
    description: str | None = strawberry.field(default=None, description="A new description.")
    headers: list[WebhookHeaderInput] | None = strawberry.field(
        default=None, description=f"{_HEADERS} Replaces them all; [] removes them."
    )
    is_active: bool | None = strawberry.field(
        default=None,
        description="Switch sending on or off; on clears the reason deliveries disabled it for.",
    )
    payload_query: str | None = strawberry.field(
        default=None, description=f"{_PAYLOAD_QUERY} An empty string removes it."
    )
    payload_permissions: list[str] | None = strawberry.field(
        default=None, description=_PAYLOAD_PERMISSIONS
    )


@strawberry.input(description="A new signing secret for a webhook endpoint.")
class WebhookEndpointSecretRotateInput:
    """Input of webhookEndpointSecretRotate."""

    id: strawberry.ID = strawberry.field(description="The endpoint's ID.")
    overlap_hours: int = strawberry.field(
        default=24,
        description="How long the current secret keeps signing beside the new one (both "
        "signatures are sent), 0 to 168 hours.",
    )


@strawberry.type(description="The result of creating a webhook endpoint.")
class WebhookEndpointCreatePayload:
    """Payload of webhookEndpointCreate."""

    webhook_endpoint: WebhookEndpoint | None = strawberry.field(
        description="The endpoint, when it was created."
    )
    secret: str | None = strawberry.field(
        description="The signing secret, `whsec_<base64>`, to verify deliveries with a "
        "Standard Webhooks library. Shown once."
    )
    errors: list[UserError] = strawberry.field(description="Why nothing was created, if so.")


@strawberry.type(description="The result of changing a webhook endpoint.")
class WebhookEndpointPayload:
    """Payload of webhookEndpointUpdate."""

    webhook_endpoint: WebhookEndpoint | None = strawberry.field(
        description="The endpoint, when the change was made."
    )
    errors: list[UserError] = strawberry.field(description="Why nothing changed, if so.")


@strawberry.type(description="The result of rotating a webhook endpoint's secret.")
class WebhookEndpointSecretRotatePayload:
    """Payload of webhookEndpointSecretRotate."""

    webhook_endpoint: WebhookEndpoint | None = strawberry.field(
        description="The endpoint, when the secret was rotated."
    )
    secret: str | None = strawberry.field(description="The new signing secret. Shown once.")
    overlap_ends_at: datetime | None = strawberry.field(
        description="Until when the previous secret signs too."
    )
    errors: list[UserError] = strawberry.field(description="Why nothing changed, if so.")


@strawberry.type(description="The result of deleting a webhook endpoint.")
class WebhookEndpointDeletePayload:
    """Payload of webhookEndpointDelete."""

    deleted_id: strawberry.ID | None = strawberry.field(
        description="The deleted endpoint's ID, when it was deleted."
    )
    errors: list[UserError] = strawberry.field(description="Why nothing was deleted, if so.")
