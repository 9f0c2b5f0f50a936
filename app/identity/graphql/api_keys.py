"""API keys over GraphQL: list the tenant's keys, create one (shown once), revoke one."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry

from app.auth.permissions import MANAGE_API_KEYS
from app.errors import UserInputError
from app.graphql.context import Info
from app.graphql.directives import guarded
from app.graphql.global_ids import local_id
from app.graphql.relay import After, Before, First, Last, PageRequest, paginate
from app.graphql.types import Connection, Node, UserError, user_errors
from app.identity import api_keys
from app.identity.models import ApiKeyRow
from app.ids import encode_global_id

__all__ = ["ApiKey", "ApiKeyMutation", "ApiKeyQuery"]

_INPUT = strawberry.argument(description="The operation's input.")


@strawberry.type(
    description="An application's key to this tenant; its secret is never shown again."
)
class ApiKey(Node):
    """An API key, without its secret."""

    name: str = strawberry.field(description="What the key is for.")
    prefix: str = strawberry.field(
        description="The key's public start, `rk_<key id>`, to tell keys apart; the secret "
        "follows it in the whole key."
    )
    permissions: list[str] = strawberry.field(description="The tenant permissions it holds.")
    created_at: datetime = strawberry.field(description="When it was created.")
    expires_at: datetime | None = strawberry.field(
        description="When it stops working, if it expires."
    )
    revoked_at: datetime | None = strawberry.field(description="When it was revoked, if it was.")
    last_used_at: datetime | None = strawberry.field(
        description="When it last authenticated a request (kept to the minute); null if never."
    )

    @classmethod
    def from_row(cls, row: ApiKeyRow) -> ApiKey:
        """Build from a table row."""
        return cls(
            id=strawberry.ID(encode_global_id("ApiKey", row.id)),
            name=row.name,
            prefix=api_keys.key_prefix(row.id),
            permissions=[str(name) for name in row.permissions],
            created_at=row.created_at,
            expires_at=row.expires_at,
            revoked_at=row.revoked_at,
            last_used_at=row.last_used_at,
        )


@strawberry.input(description="A new API key.")
class ApiKeyCreateInput:
    """Input of apiKeyCreate."""

    name: str = strawberry.field(description="What the key is for, 1 to 120 characters.")
    permissions: list[str] = strawberry.field(
        description="Tenant permissions the key holds; each must be one you hold (owners hold "
        "them all)."
    )
    expires_at: datetime | None = strawberry.field(
        default=None, description="When the key stops working (with a UTC offset); never if null."
    )


@strawberry.type(description="The result of creating an API key.")
class ApiKeyCreatePayload:
    """Payload of apiKeyCreate."""

    api_key: ApiKey | None = strawberry.field(description="The key, when it was created.")
    secret: str | None = strawberry.field(
        description="The whole key, `rk_<key id>_<secret>`, to send as `Authorization: Bearer "
        "<key>` with the tenant's `X-Tenant`. Shown once: only its hash is stored."
    )
    errors: list[UserError] = strawberry.field(description="Why no key was created, if so.")


@strawberry.type(description="The result of revoking an API key.")
class ApiKeyPayload:
    """Payload of apiKeyRevoke."""

    api_key: ApiKey | None = strawberry.field(description="The key, when the change was made.")
    errors: list[UserError] = strawberry.field(description="Why nothing changed, if so.")


@strawberry.type(description="API key reads.")
class ApiKeyQuery:
    """The tenant's keys."""

    @strawberry.field(
        description="The tenant's API keys, oldest first, revoked and expired ones included.",
        directives=guarded(MANAGE_API_KEYS),
    )
    async def api_keys(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[ApiKey]:
        """Page through keys."""
        context = info.context
        runtime = context.runtime
        tenant_id = context.require_tenant().id
        page = PageRequest.from_arguments(
            first=first,
            after=after,
            last=last,
            before=before,
            max_size=runtime.settings.max_page_size,
        )
        async with runtime.db.transaction(tenant_id, readonly=True) as session:
            return await paginate(
                session,
                api_keys.api_keys_of(tenant_id),
                ApiKeyRow.id,
                page,
                ApiKey.from_row,
                lambda row: row.id,
            )


@strawberry.type(description="API key writes.")
class ApiKeyMutation:
    """Create and revoke keys."""

    @strawberry.mutation(
        description="Create an API key holding some of your permissions; the payload's `secret` "
        "is the only time the key is shown.",
        directives=guarded(MANAGE_API_KEYS),
    )
    async def api_key_create(
        self, info: Info, input: Annotated[ApiKeyCreateInput, _INPUT]
    ) -> ApiKeyCreatePayload:
        """Create a key."""
        context = info.context
        try:
            created = await api_keys.create_api_key(
                context,
                context.require_tenant().id,
                name=input.name,
                permissions=input.permissions,
                expires_at=input.expires_at,
            )
        except UserInputError as error:
            return ApiKeyCreatePayload(
                api_key=None, secret=None, errors=user_errors(error.problems)
            )
        return ApiKeyCreatePayload(
            api_key=ApiKey.from_row(created.row), secret=created.key, errors=[]
        )

    @strawberry.mutation(
        description="Revoke an API key: it stops working at once (revoking it again changes "
        "nothing).",
        directives=guarded(MANAGE_API_KEYS),
    )
    async def api_key_revoke(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="The key's ID.")],
    ) -> ApiKeyPayload:
        """Revoke a key."""
        context = info.context
        try:
            row = await api_keys.revoke_api_key(
                context, context.require_tenant().id, local_id(id, "ApiKey", "id")
            )
        except UserInputError as error:
            return ApiKeyPayload(api_key=None, errors=user_errors(error.problems))
        return ApiKeyPayload(api_key=ApiKey.from_row(row), errors=[])
