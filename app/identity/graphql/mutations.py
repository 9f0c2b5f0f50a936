"""Signing in and out: login, tokenRefresh, logout, sessionsRevokeAll."""

from __future__ import annotations

from typing import Annotated

import strawberry

from app.auth.authenticator import ACCESS_COOKIE
from app.auth.principal import UserPrincipal
from app.errors import FieldProblem, RustokError, Unauthenticated
from app.graphql.context import Info
from app.graphql.directives import authenticated, public
from app.graphql.types import user_errors
from app.identity import sessions
from app.identity.graphql.types import LoginPayload, SessionsPayload, User
from app.runtime import Context, ResponseCookie

__all__ = ["SessionMutation"]

_INPUT = strawberry.argument(description="The operation's input.")


@strawberry.input(description="Credentials.")
class LoginInput:
    """Input of login."""

    email: str = strawberry.field(description="The account's email.")
    password: str = strawberry.field(description="The account's password.")
    use_cookie: bool = strawberry.field(
        default=False,
        description="Also set the access token as an HttpOnly, Secure, SameSite=Strict cookie.",
    )


@strawberry.input(description="A refresh token to trade.")
class TokenRefreshInput:
    """Input of tokenRefresh."""

    refresh_token: str = strawberry.field(description="The refresh token last issued.")
    use_cookie: bool = strawberry.field(
        default=False, description="Also set the new access token as the cookie."
    )


def _failed(error: RustokError) -> LoginPayload:
    problems = [FieldProblem(error.code, error.message, error.field)]
    return LoginPayload(
        access_token=None,
        refresh_token=None,
        expires_at=None,
        user=None,
        errors=user_errors(problems),
    )


def _issued(context: Context, issued: sessions.IssuedTokens, use_cookie: bool) -> LoginPayload:
    if use_cookie:
        seconds = int((issued.expires_at - context.runtime.clock.now()).total_seconds())
        context.cookies.append(ResponseCookie(ACCESS_COOKIE, issued.access_token, seconds))
    return LoginPayload(
        access_token=issued.access_token,
        refresh_token=issued.refresh_token,
        expires_at=issued.expires_at,
        user=User.from_row(issued.user),
        errors=[],
    )


def _session_of(context: Context) -> UserPrincipal:
    principal = context.principal
    if not isinstance(principal, UserPrincipal) or principal.session_id is None:
        raise Unauthenticated("this operation needs a signed-in user, not a key")
    return principal


@strawberry.type(description="Session operations.")
class SessionMutation:
    """Sign in, refresh, sign out."""

    @strawberry.mutation(description="Sign in with email and password.", directives=public())
    async def login(self, info: Info, input: Annotated[LoginInput, _INPUT]) -> LoginPayload:
        """Open a session."""
        try:
            issued = await sessions.login(info.context, input.email, input.password)
        except Unauthenticated as error:
            return _failed(error)
        return _issued(info.context, issued, input.use_cookie)

    @strawberry.mutation(
        description="Trade a refresh token for a new pair (a reused token ends the session).",
        directives=public(),
    )
    async def token_refresh(
        self,
        info: Info,
        input: Annotated[TokenRefreshInput, _INPUT],
    ) -> LoginPayload:
        """Rotate the session's tokens."""
        try:
            issued = await sessions.refresh(info.context, input.refresh_token)
        except Unauthenticated as error:
            return _failed(error)
        return _issued(info.context, issued, input.use_cookie)

    @strawberry.mutation(description="End the current session.", directives=authenticated())
    async def logout(self, info: Info) -> SessionsPayload:
        """Sign out."""
        principal = _session_of(info.context)
        assert principal.session_id is not None  # noqa: S101 - checked by _session_of
        await sessions.logout(info.context, principal.session_id)
        info.context.cookies.append(ResponseCookie(ACCESS_COOKIE, "", 0))
        return SessionsPayload(revoked=1, errors=[])

    @strawberry.mutation(
        description="End every session of the signed-in user, everywhere.",
        directives=authenticated(),
    )
    async def sessions_revoke_all(self, info: Info) -> SessionsPayload:
        """Sign out everywhere."""
        principal = _session_of(info.context)
        revoked = await sessions.revoke_all_sessions(info.context, principal.user_id)
        info.context.cookies.append(ResponseCookie(ACCESS_COOKIE, "", 0))
        return SessionsPayload(revoked=revoked, errors=[])
