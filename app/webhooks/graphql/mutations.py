"""Webhook endpoint writes: create (the secret shown once), update, rotate the secret, delete."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated

import strawberry

from app.errors import UserInputError
from app.graphql.context import Info
from app.graphql.directives import guarded
from app.graphql.global_ids import local_id
from app.graphql.types import user_errors
from app.ids import encode_global_id
from app.webhooks import endpoints
from app.webhooks.endpoints import EndpointChanges, EndpointFields
from app.webhooks.graphql.types import (
    WebhookEndpoint,
    WebhookEndpointCreateInput,
    WebhookEndpointCreatePayload,
    WebhookEndpointDeletePayload,
    WebhookEndpointPayload,
    WebhookEndpointSecretRotateInput,
    WebhookEndpointSecretRotatePayload,
    WebhookEndpointUpdateInput,
)
from app.webhooks.permissions import MANAGE_ENDPOINTS

__all__ = ["WebhookMutation"]

_INPUT = strawberry.argument(description="The operation's input.")
_TYPE = "WebhookEndpoint"


def _changes(input: WebhookEndpointUpdateInput) -> EndpointChanges:
    headers = None if input.headers is None else [h.to_header() for h in input.headers]
    return EndpointChanges(
        url=input.url,
        event_types=input.event_types,
        description=input.description,
        headers=headers,
        is_active=input.is_active,
        payload_query=input.payload_query,
        payload_permissions=input.payload_permissions,
    )


@strawberry.type(description="Webhook writes.")
class WebhookMutation:
    """Manage the tenant's webhook endpoints."""

    @strawberry.mutation(
        description="Create a webhook endpoint; the payload's `secret` is the only time its "
        "signing secret is shown.",
        directives=guarded(MANAGE_ENDPOINTS),
    )
    async def webhook_endpoint_create(
        self, info: Info, input: Annotated[WebhookEndpointCreateInput, _INPUT]
    ) -> WebhookEndpointCreatePayload:
        """Create an endpoint."""
        context = info.context
        fields = EndpointFields(
            url=input.url,
            event_types=input.event_types,
            description=input.description,
            headers=[header.to_header() for header in input.headers],
            is_active=input.is_active,
            payload_query=input.payload_query,
            payload_permissions=input.payload_permissions,
        )
        try:
            created = await endpoints.create_endpoint(context, context.require_tenant().id, fields)
        except UserInputError as error:
            return WebhookEndpointCreatePayload(
                webhook_endpoint=None, secret=None, errors=user_errors(error.problems)
            )
        return WebhookEndpointCreatePayload(
            webhook_endpoint=WebhookEndpoint.from_row(created.row),
            secret=created.secret,
            errors=[],
        )

    @strawberry.mutation(
        description="Change a webhook endpoint: URL, event types, description, headers, on/off.",
        directives=guarded(MANAGE_ENDPOINTS),
    )
    async def webhook_endpoint_update(
        self, info: Info, input: Annotated[WebhookEndpointUpdateInput, _INPUT]
    ) -> WebhookEndpointPayload:
        """Change an endpoint."""
        context = info.context
        try:
            row = await endpoints.update_endpoint(
                context,
                context.require_tenant().id,
                local_id(input.id, _TYPE, "id"),
                _changes(input),
            )
        except UserInputError as error:
            return WebhookEndpointPayload(webhook_endpoint=None, errors=user_errors(error.problems))
        return WebhookEndpointPayload(webhook_endpoint=WebhookEndpoint.from_row(row), errors=[])

    @strawberry.mutation(
        description="Give a webhook endpoint a new signing secret (shown once); the current "
        "one keeps signing beside it for the overlap.",
        directives=guarded(MANAGE_ENDPOINTS),
    )
    async def webhook_endpoint_secret_rotate(
        self, info: Info, input: Annotated[WebhookEndpointSecretRotateInput, _INPUT]
    ) -> WebhookEndpointSecretRotatePayload:
        """Rotate an endpoint's secret."""
        context = info.context
        try:
            rotated = await endpoints.rotate_secret(
                context,
                context.require_tenant().id,
                local_id(input.id, _TYPE, "id"),
                timedelta(hours=input.overlap_hours),
            )
        except UserInputError as error:
            return WebhookEndpointSecretRotatePayload(
                webhook_endpoint=None,
                secret=None,
                overlap_ends_at=None,
                errors=user_errors(error.problems),
            )
        return WebhookEndpointSecretRotatePayload(
            webhook_endpoint=WebhookEndpoint.from_row(rotated.row),
            secret=rotated.secret,
            overlap_ends_at=rotated.overlap_ends_at,
            errors=[],
        )

    @strawberry.mutation(
        description="Delete a webhook endpoint: nothing more is sent to it.",
        directives=guarded(MANAGE_ENDPOINTS),
    )
    async def webhook_endpoint_delete(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="The endpoint's ID.")],
    ) -> WebhookEndpointDeletePayload:
        """Delete an endpoint."""
        context = info.context
        try:
            row = await endpoints.delete_endpoint(
                context, context.require_tenant().id, local_id(id, _TYPE, "id")
            )
        except UserInputError as error:
            return WebhookEndpointDeletePayload(deleted_id=None, errors=user_errors(error.problems))
        return WebhookEndpointDeletePayload(
            deleted_id=strawberry.ID(encode_global_id(_TYPE, row.id)), errors=[]
        )
