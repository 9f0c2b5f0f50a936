"""Storefront customers over GraphQL: sign-up, verification, sign-in, reset, own profile.

What a stranger must reach is public by declaration; what acts on the customer's own account
is ``@authenticated`` and refuses any principal but a customer of the request's tenant. Every
operation needs the tenant's ``X-Tenant``.
"""

from __future__ import annotations

from typing import Annotated

import strawberry

from app.auth.principal import CustomerPrincipal
from app.errors import FieldProblem, RustokError, Unauthenticated, UserInputError
from app.graphql.context import Info
from app.graphql.directives import authenticated, public
from app.graphql.types import user_errors
from app.identity import customer_sessions, customers
from app.identity.graphql.customer_types import (
    AcceptedPayload,
    CustomerEmailVerifyInput,
    CustomerLinkPayload,
    CustomerLoginInput,
    CustomerLoginPayload,
    CustomerPasswordResetInput,
    CustomerPasswordResetRequestInput,
    CustomerProfile,
    CustomerSignUpInput,
    CustomerTokenRefreshInput,
    MyProfilePayload,
    MyProfileUpdateInput,
)
from app.identity.graphql.types import SessionsPayload
from app.runtime import Context

__all__ = ["CustomerMutation", "CustomerQuery"]

_INPUT = strawberry.argument(description="The operation's input.")


def _signed_in_customer(context: Context) -> CustomerPrincipal:
    principal = context.principal
    tenant = context.tenant
    if (
        not isinstance(principal, CustomerPrincipal)
        or tenant is None
        or tenant.id != principal.tenant_id
    ):
        raise Unauthenticated("sign in as a customer of this tenant: this acts on your own account")
    return principal


def _login_failed(error: RustokError) -> CustomerLoginPayload:
    problems = [FieldProblem(error.code, error.message, error.field)]
    return CustomerLoginPayload(
        access_token=None,
        refresh_token=None,
        expires_at=None,
        profile=None,
        errors=user_errors(problems),
    )


def _issued(tokens: customer_sessions.CustomerTokens) -> CustomerLoginPayload:
    return CustomerLoginPayload(
        access_token=tokens.access_token,
        refresh_token=tokens.refresh_token,
        expires_at=tokens.expires_at,
        profile=CustomerProfile.from_row(tokens.customer),
        errors=[],
    )


@strawberry.type(description="Storefront customer reads.")
class CustomerQuery:
    """The signed-in customer."""

    @strawberry.field(
        description="The signed-in customer's own profile (a customer token of this tenant).",
        directives=authenticated(),
    )
    async def my_profile(self, info: Info) -> CustomerProfile:
        """Describe the calling customer."""
        principal = _signed_in_customer(info.context)
        row = await customers.get_customer(info.context, principal.customer_id)
        return CustomerProfile.from_row(row)


@strawberry.type(description="Storefront customer operations.")
class CustomerMutation:
    """Sign up, verify, sign in and out, reset the password, change the profile."""

    @strawberry.mutation(
        description=(
            "Open a storefront account and mail a verification link. The answer is the same "
            "whether or not the email already has an account (its owner is mailed a notice)."
        ),
        directives=public(),
    )
    async def customer_sign_up(
        self, info: Info, input: Annotated[CustomerSignUpInput, _INPUT]
    ) -> AcceptedPayload:
        """Sign up."""
        try:
            await customers.sign_up(
                info.context,
                email=input.email,
                password=input.password,
                display_name=input.display_name,
                locale=input.locale,
            )
        except UserInputError as error:
            return AcceptedPayload(accepted=False, errors=user_errors(error.problems))
        return AcceptedPayload(accepted=True, errors=[])

    @strawberry.mutation(
        description="Verify the email address with the token of the mailed link (works once).",
        directives=public(),
    )
    async def customer_email_verify(
        self, info: Info, input: Annotated[CustomerEmailVerifyInput, _INPUT]
    ) -> CustomerLinkPayload:
        """Verify an email address."""
        try:
            await customers.verify_email(info.context, input.token)
        except UserInputError as error:
            return CustomerLinkPayload(done=False, errors=user_errors(error.problems))
        return CustomerLinkPayload(done=True, errors=[])

    @strawberry.mutation(
        description="Sign in to this tenant's storefront with email and password.",
        directives=public(),
    )
    async def customer_login(
        self, info: Info, input: Annotated[CustomerLoginInput, _INPUT]
    ) -> CustomerLoginPayload:
        """Open a customer session."""
        try:
            tokens = await customer_sessions.login(info.context, input.email, input.password)
        except Unauthenticated as error:
            return _login_failed(error)
        return _issued(tokens)

    @strawberry.mutation(
        description="Trade a customer refresh token for a new pair; a reused one ends the session.",
        directives=public(),
    )
    async def customer_token_refresh(
        self, info: Info, input: Annotated[CustomerTokenRefreshInput, _INPUT]
    ) -> CustomerLoginPayload:
        """Rotate the customer session's tokens."""
        try:
            tokens = await customer_sessions.refresh(info.context, input.refresh_token)
        except Unauthenticated as error:
            return _login_failed(error)
        return _issued(tokens)

    @strawberry.mutation(
        description="End the signed-in customer's current session.", directives=authenticated()
    )
    async def customer_logout(self, info: Info) -> SessionsPayload:
        """Sign the customer out."""
        principal = _signed_in_customer(info.context)
        if principal.session_id is None:
            raise Unauthenticated("this credential has no session to end")
        await customer_sessions.logout(info.context, principal.session_id)
        return SessionsPayload(revoked=1, errors=[])

    @strawberry.mutation(
        description=(
            "Mail a password reset link if the email has an account here. The answer is the "
            "same either way."
        ),
        directives=public(),
    )
    async def customer_password_reset_request(
        self, info: Info, input: Annotated[CustomerPasswordResetRequestInput, _INPUT]
    ) -> AcceptedPayload:
        """Ask for a reset link."""
        try:
            await customers.request_password_reset(info.context, input.email)
        except UserInputError as error:
            return AcceptedPayload(accepted=False, errors=user_errors(error.problems))
        return AcceptedPayload(accepted=True, errors=[])

    @strawberry.mutation(
        description=(
            "Choose a new password with the token of the mailed reset link; every session of "
            "the account ends."
        ),
        directives=public(),
    )
    async def customer_password_reset(
        self, info: Info, input: Annotated[CustomerPasswordResetInput, _INPUT]
    ) -> CustomerLinkPayload:
        """Reset the password."""
        try:
            await customers.reset_password(info.context, input.token, input.password)
        except UserInputError as error:
            return CustomerLinkPayload(done=False, errors=user_errors(error.problems))
        return CustomerLinkPayload(done=True, errors=[])

    @strawberry.mutation(
        description="Change the signed-in customer's display name or locale.",
        directives=authenticated(),
    )
    async def my_profile_update(
        self, info: Info, input: Annotated[MyProfileUpdateInput, _INPUT]
    ) -> MyProfilePayload:
        """Change the caller's own profile."""
        principal = _signed_in_customer(info.context)
        try:
            row = await customers.update_profile(
                info.context,
                principal.customer_id,
                display_name=input.display_name,
                locale=input.locale,
            )
        except UserInputError as error:
            return MyProfilePayload(profile=None, errors=user_errors(error.problems))
        return MyProfilePayload(profile=CustomerProfile.from_row(row), errors=[])
