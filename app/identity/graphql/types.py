"""GraphQL types of users, memberships and sign-in results."""

from __future__ import annotations

from datetime import datetime

import strawberry

from app.graphql.types import Node, UserError
from app.identity.models import UserRow
from app.ids import encode_global_id
from app.tenants.graphql.types import Tenant

__all__ = ["LoginPayload", "Me", "Membership", "SessionsPayload", "User"]


@strawberry.type(description="A person who can sign in; one identity across tenants.")
class User(Node):
    """A user."""

    email: str = strawberry.field(description="The sign-in email, lowercased.")
    display_name: str = strawberry.field(description="The name shown to others.")
    is_platform_admin: bool = strawberry.field(
        description="Whether the user administers the platform (tenants)."
    )

    @classmethod
    def from_row(cls, row: UserRow) -> User:
        """Build from a table row."""
        return cls(
            id=strawberry.ID(encode_global_id("User", row.id)),
            email=row.email,
            display_name=row.display_name,
            is_platform_admin=row.is_platform_admin,
        )


@strawberry.type(description="The user's membership of one tenant.")
class Membership:
    """A membership with its roles and the permissions they grant."""

    tenant: Tenant = strawberry.field(description="The tenant.")
    roles: list[str] = strawberry.field(description="Role names held in the tenant.")
    permissions: list[str] = strawberry.field(description="Permissions granted, sorted.")


@strawberry.type(description="The signed-in user and where they belong.")
class Me:
    """The caller."""

    user: User = strawberry.field(description="The signed-in user.")
    memberships: list[Membership] = strawberry.field(
        description="Every active tenant the user is a member of."
    )


@strawberry.type(description="The result of signing in or refreshing a session.")
class LoginPayload:
    """Tokens for the session."""

    access_token: str | None = strawberry.field(
        description="Send as `Authorization: Bearer <token>` until it expires."
    )
    refresh_token: str | None = strawberry.field(
        description="Trade for a new pair with tokenRefresh; each one works once."
    )
    expires_at: datetime | None = strawberry.field(description="When the access token expires.")
    user: User | None = strawberry.field(description="Who signed in.")
    errors: list[UserError] = strawberry.field(description="Why it failed, if it did.")


@strawberry.type(description="The result of ending sessions.")
class SessionsPayload:
    """How many sessions ended."""

    revoked: int = strawberry.field(description="How many sessions were ended.")
    errors: list[UserError] = strawberry.field(description="Why it failed, if it did.")
