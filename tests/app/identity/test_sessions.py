"""Signing in over GraphQL: login, rotation with reuse detection, sign-out, me, cookies."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

from app.auth.principal import SystemPrincipal
from app.config import Settings
from app.identity.membership import grant_role
from app.identity.passwords import PRODUCTION, Passwords
from app.identity.users import create_user
from app.runtime import Context
from tests.conftest import make_registry
from tests.support.client import RunningApp, create_tenant, running_app
from tests.support.databases import DatabaseTarget
from tests.support.events import controlled_app

LOGIN = """
mutation ($input: LoginInput!) {
  login(input: $input) { accessToken refreshToken expiresAt user { email } errors { code message } }
}
"""
REFRESH = """
mutation ($input: TokenRefreshInput!) {
  tokenRefresh(input: $input) { accessToken refreshToken errors { code message } }
}
"""
ME = "{ me { user { email isPlatformAdmin } memberships { tenant { slug } roles permissions } } }"
PASSWORD = "correct horse battery staple"


async def new_user(api: RunningApp, *, admin: bool = False) -> str:
    """Create a user through the service and return its email."""
    email = f"{uuid.uuid4().hex[:10]}@example.test"
    ctx = Context(runtime=api.state.runtime, principal=SystemPrincipal())
    await create_user(
        ctx, email=email, display_name="Ada", password=PASSWORD, is_platform_admin=admin
    )
    return email


async def login(api: RunningApp, email: str, password: str = PASSWORD) -> dict[str, Any]:
    """Sign in and return the payload."""
    body = await api.gql(LOGIN, {"input": {"email": email, "password": password}})
    payload: dict[str, Any] = body["data"]["login"]
    return payload


async def test_login_me_and_a_tenant_permission(database: DatabaseTarget) -> None:
    async with controlled_app(database) as (api, _clock, tenant):
        email = await new_user(api)
        user_id = await _user_id(api, email)
        ctx = Context(runtime=api.state.runtime, principal=SystemPrincipal())
        assert await grant_role(ctx, tenant.id, user_id, "viewer") is True
        assert await grant_role(ctx, tenant.id, user_id, "viewer") is False
        session = await login(api, email.upper())
        assert session["errors"] == []
        assert session["user"] == {"email": email}
        me = await api.gql(ME, token=session["accessToken"])
        membership = me["data"]["me"]["memberships"][0]
        assert me["data"]["me"]["user"] == {"email": email, "isPlatformAdmin": False}
        assert membership["tenant"] == {"slug": tenant.slug}
        assert membership["roles"] == ["viewer"]
        assert "core.view_modules" in membership["permissions"]
        assert "core.manage_modules" not in membership["permissions"]
        modules = await api.gql(
            "{ modules { name } }", tenant=tenant.slug, token=session["accessToken"]
        )
        assert "errors" not in modules
        refused = await api.gql(
            'mutation { moduleDisable(module: "widgets") { errors { code } } }',
            tenant=tenant.slug,
            token=session["accessToken"],
        )
        assert refused["errors"][0]["extensions"]["code"] == "PERMISSION_DENIED"


async def _user_id(api: RunningApp, email: str) -> uuid.UUID:
    from sqlalchemy import select

    from app.identity.models import UserRow

    async with api.state.runtime.db.transaction(readonly=True) as session:
        found = await session.scalar(select(UserRow.id).where(UserRow.email == email))
    assert found is not None
    return found


async def test_wrong_credentials_look_the_same(api: RunningApp) -> None:
    email = await new_user(api)
    wrong_password = await login(api, email, "not the password at all")
    unknown = await login(api, "nobody@example.test")
    expected = [{"code": "UNAUTHENTICATED", "message": "the email or the password is wrong"}]
    assert wrong_password["errors"] == unknown["errors"] == expected
    assert wrong_password["accessToken"] is None


async def test_refresh_rotates_and_a_reused_token_ends_the_session(api: RunningApp) -> None:
    email = await new_user(api)
    first = await login(api, email)
    second = (await api.gql(REFRESH, {"input": {"refreshToken": first["refreshToken"]}}))["data"][
        "tokenRefresh"
    ]
    assert second["errors"] == []
    assert second["refreshToken"] != first["refreshToken"]
    me = await api.gql(ME, token=second["accessToken"])
    assert me["data"]["me"]["user"]["email"] == email
    reused = (await api.gql(REFRESH, {"input": {"refreshToken": first["refreshToken"]}}))["data"][
        "tokenRefresh"
    ]
    assert reused["errors"][0]["message"] == (
        "the refresh token was already used: the session is revoked"
    )
    after = await api.gql(ME, token=second["accessToken"])
    assert after["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    family = (await api.gql(REFRESH, {"input": {"refreshToken": second["refreshToken"]}}))["data"][
        "tokenRefresh"
    ]
    assert family["errors"][0]["message"] == "the session has ended: sign in again"


async def test_logout_and_revoke_all(api: RunningApp) -> None:
    email = await new_user(api)
    one, two = await login(api, email), await login(api, email)
    out = await api.gql("mutation { logout { revoked } }", token=one["accessToken"])
    assert out == {"data": {"logout": {"revoked": 1}}}
    assert (await api.gql(ME, token=one["accessToken"]))["errors"][0]["extensions"][
        "code"
    ] == "UNAUTHENTICATED"
    assert "errors" not in await api.gql(ME, token=two["accessToken"])
    three = await login(api, email)
    everywhere = await api.gql(
        "mutation { sessionsRevokeAll { revoked } }", token=three["accessToken"]
    )
    assert everywhere == {"data": {"sessionsRevokeAll": {"revoked": 2}}}
    assert "errors" in await api.gql(ME, token=two["accessToken"])


async def test_access_tokens_expire_with_the_clock(database: DatabaseTarget) -> None:
    async with controlled_app(database) as (api, clock, _tenant):
        email = await new_user(api)
        session = await login(api, email)
        clock.advance(timedelta(minutes=14))
        assert "errors" not in await api.gql(ME, token=session["accessToken"])
        clock.advance(timedelta(minutes=2))
        expired = await api.gql(ME, token=session["accessToken"])
        assert expired["errors"][0]["message"] == "the access token has expired"


async def test_me_needs_a_signed_in_user(api: RunningApp) -> None:
    body = await api.gql(ME)
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_cookie_login_and_cross_site_refusal(settings: Settings) -> None:
    async with running_app(settings, make_registry(settings)) as api:
        tenant = await create_tenant(api)
        email = await new_user(api)
        response = await api.client.post(
            "/graphql",
            json={
                "query": LOGIN,
                "variables": {"input": {"email": email, "password": PASSWORD, "useCookie": True}},
            },
        )
        cookie = response.headers["set-cookie"]
        assert cookie.startswith("rustok_access=")
        for attribute in ("HttpOnly", "Secure", "SameSite=strict", "Path=/"):
            assert attribute.lower() in cookie.lower()
        token = response.json()["data"]["login"]["accessToken"]
        cookie_header = {"Cookie": f"rustok_access={token}"}
        same_site = await api.client.post(
            "/graphql",
            json={"query": ME},
            headers={**cookie_header, "Sec-Fetch-Site": "same-origin", "X-Tenant": tenant.slug},
        )
        assert same_site.json()["data"]["me"]["user"]["email"] == email
        cross = await api.client.post(
            "/graphql",
            json={"query": ME},
            headers={**cookie_header, "Sec-Fetch-Site": "cross-site"},
        )
        assert cross.status_code == 403


def test_production_password_hashing_parameters() -> None:
    settings = Settings(_env_file=None, debug=True)
    assert settings.password_hash_cost == "production"
    passwords = Passwords.for_cost(settings.password_hash_cost)
    assert passwords.cost == PRODUCTION
    stored = passwords.hash(PASSWORD)
    assert stored.startswith("$argon2id$v=19$m=19456,t=2,p=1$")
    assert passwords.verify(stored, PASSWORD)
    assert not passwords.verify(stored, PASSWORD + "!")
    cheap = Passwords.for_cost("test")
    assert cheap.needs_rehash(stored)
    assert passwords.needs_rehash(cheap.hash(PASSWORD))
