"""GraphQL types and inputs of storefront customers."""

from __future__ import annotations

from datetime import datetime

import strawberry

from app.graphql.types import Node, UserError
from app.identity.customer_models import CustomerRow
from app.ids import encode_global_id

__all__ = [
    "AcceptedPayload",
    "CustomerEmailVerifyInput",
    "CustomerLinkPayload",
    "CustomerLoginInput",
    "CustomerLoginPayload",
    "CustomerPasswordResetInput",
    "CustomerPasswordResetRequestInput",
    "CustomerProfile",
    "CustomerSignUpInput",
    "CustomerTokenRefreshInput",
    "MyProfilePayload",
    "MyProfileUpdateInput",
]


@strawberry.type(description="The signed-in customer's own account in this tenant.")
class CustomerProfile(Node):
    """A customer, as the customer sees it."""

    email: str = strawberry.field(description="The sign-in email, lowercased.")
    display_name: str = strawberry.field(description="The name the storefront greets with.")
    locale: str = strawberry.field(description="The language of mail and pages (`en`, `de`).")
    email_verified: bool = strawberry.field(
        description="Whether the customer opened the verification link (or reset the password)."
    )
    created_at: datetime = strawberry.field(description="When the customer signed up.")

    @classmethod
    def from_row(cls, row: CustomerRow) -> CustomerProfile:
        """Build from a table row."""
        return cls(
            id=strawberry.ID(encode_global_id("Customer", row.id)),
            email=row.email,
            display_name=row.display_name,
            locale=row.locale,
            email_verified=row.email_verified_at is not None,
            created_at=row.created_at,
        )


@strawberry.input(description="A new storefront account.")
class CustomerSignUpInput:
    """Input of customerSignUp."""

    email: str = strawberry.field(description="The email to sign in with; a link is sent to it.")
    password: str = strawberry.field(description="At least 10 characters.")
    display_name: str = strawberry.field(description="The name the storefront greets with.")
    locale: str | None = strawberry.field(
        default=None, description="The language of mail and pages (default `en`)."
    )


@strawberry.input(description="The token of a verification link.")
class CustomerEmailVerifyInput:
    """Input of customerEmailVerify."""

    token: str = strawberry.field(description="The `token` parameter of the mailed link.")


@strawberry.input(description="A customer's credentials in this tenant.")
class CustomerLoginInput:
    """Input of customerLogin."""

    email: str = strawberry.field(description="The account's email.")
    password: str = strawberry.field(description="The account's password.")


@strawberry.input(description="A customer refresh token to trade.")
class CustomerTokenRefreshInput:
    """Input of customerTokenRefresh."""

    refresh_token: str = strawberry.field(description="The refresh token last issued.")


@strawberry.input(description="Where to send a password reset link.")
class CustomerPasswordResetRequestInput:
    """Input of customerPasswordResetRequest."""

    email: str = strawberry.field(description="The account's email.")


@strawberry.input(description="A new password, with the token of a reset link.")
class CustomerPasswordResetInput:
    """Input of customerPasswordReset."""

    token: str = strawberry.field(description="The `token` parameter of the mailed link.")
    password: str = strawberry.field(description="The new password: at least 10 characters.")


@strawberry.input(description="Changes to the signed-in customer's profile; omitted: kept.")
class MyProfileUpdateInput:
    """Input of myProfileUpdate."""

    display_name: str | None = strawberry.field(default=None, description="A new display name.")
    locale: str | None = strawberry.field(default=None, description="A new language tag.")


@strawberry.type(
    description="The answer to a request a stranger may make: it says nothing about accounts."
)
class AcceptedPayload:
    """Whether the request was accepted (mail follows when there is someone to tell)."""

    accepted: bool = strawberry.field(
        description="True when the input was well formed; false with `errors` otherwise."
    )
    errors: list[UserError] = strawberry.field(description="Why it failed, if it did.")


@strawberry.type(description="The result of using a mailed link (verification, password reset).")
class CustomerLinkPayload:
    """Whether the link did its work."""

    done: bool = strawberry.field(
        description="True when the link worked; false with `errors` (field `token`) otherwise."
    )
    errors: list[UserError] = strawberry.field(description="Why it failed, if it did.")


@strawberry.type(description="The result of customer sign-in or refresh.")
class CustomerLoginPayload:
    """Tokens for the customer's session in this tenant."""

    access_token: str | None = strawberry.field(
        description="Send as `Authorization: Bearer <token>` with this tenant's `X-Tenant`."
    )
    refresh_token: str | None = strawberry.field(
        description="Trade for a new pair with customerTokenRefresh; each one works once."
    )
    expires_at: datetime | None = strawberry.field(description="When the access token expires.")
    profile: CustomerProfile | None = strawberry.field(description="Who signed in.")
    errors: list[UserError] = strawberry.field(description="Why it failed, if it did.")


@strawberry.type(description="The customer's profile after a change.")
class MyProfilePayload:
    """The profile, or why it could not change."""

    profile: CustomerProfile | None = strawberry.field(description="The profile as it is now.")
    errors: list[UserError] = strawberry.field(description="Why it failed, if it did.")
