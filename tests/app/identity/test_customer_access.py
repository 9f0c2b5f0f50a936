"""Customer credentials: rotation, expiry, tenant binding, and what a customer may not do."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import update

from app.auth.permissions import CORE_PERMISSIONS
from app.identity.customer_models import CustomerRow
from tests.support.client import CreatedTenant, RunningApp, create_tenant
from tests.support.customers import (
    LOGIN,
    LOGOUT,
    PASSWORD,
    PROFILE,
    PROFILE_UPDATE,
    REFRESH,
    SIGN_UP,
    customer_events,
    unique_email,
)
from tests.support.databases import DatabaseTarget
from tests.support.events import controlled_app


async def new_customer(api: RunningApp, tenant: CreatedTenant) -> tuple[str, dict[str, Any]]:
    """Sign a customer up and in; return the email and the login payload."""
    email = unique_email()
    values = {"email": email, "password": PASSWORD, "displayName": "Grace"}
    signed_up = await api.gql(SIGN_UP, {"input": values}, tenant=tenant.slug)
    assert signed_up["data"]["customerSignUp"]["accepted"] is True
    body = await api.gql(
        LOGIN, {"input": {"email": email, "password": PASSWORD}}, tenant=tenant.slug
    )
    session: dict[str, Any] = body["data"]["customerLogin"]
    assert session["errors"] == []
    return email, session


def refusal(body: dict[str, Any]) -> tuple[str, str]:
    """Return the code and message of a top-level refusal (the operation did not run)."""
    assert body["data"] is None, body
    (error,) = body["errors"]
    return error["extensions"]["code"], error["message"]


async def refresh(api: RunningApp, tenant: CreatedTenant, token: str) -> dict[str, Any]:
    """Trade a customer refresh token and return the payload."""
    body = await api.gql(REFRESH, {"input": {"refreshToken": token}}, tenant=tenant.slug)
    payload: dict[str, Any] = body["data"]["customerTokenRefresh"]
    return payload


async def test_refresh_rotates_and_a_reused_token_ends_the_session(
    database: DatabaseTarget, tmp_path: Path
) -> None:
    async with controlled_app(database, mail_url=f"file://{tmp_path}") as (api, _clock, tenant):
        email, first = await new_customer(api, tenant)
        second = await refresh(api, tenant, first["refreshToken"])
        assert second["errors"] == []
        assert second["profile"] == {"email": email, "displayName": "Grace"}
        assert second["refreshToken"] != first["refreshToken"]
        assert "errors" not in await api.gql(
            PROFILE, tenant=tenant.slug, token=second["accessToken"]
        )
        reused = await refresh(api, tenant, first["refreshToken"])
        assert reused["errors"] == [
            {
                "code": "UNAUTHENTICATED",
                "field": None,
                "message": "the refresh token was already used: the session is revoked",
            }
        ]
        assert refusal(await api.gql(PROFILE, tenant=tenant.slug, token=second["accessToken"])) == (
            "UNAUTHENTICATED",
            "the session has ended: sign in again",
        )
        family = await refresh(api, tenant, second["refreshToken"])
        assert family["errors"][0]["message"] == "the session has ended: sign in again"
        unknown = await refresh(api, tenant, "not-a-token")
        assert unknown["errors"][0]["message"] == "the refresh token is not valid"


async def test_logout_ends_only_that_session(database: DatabaseTarget, tmp_path: Path) -> None:
    async with controlled_app(database, mail_url=f"file://{tmp_path}") as (api, _clock, tenant):
        email, one = await new_customer(api, tenant)
        other = await api.gql(
            LOGIN, {"input": {"email": email, "password": PASSWORD}}, tenant=tenant.slug
        )
        two = other["data"]["customerLogin"]
        out = await api.gql(LOGOUT, tenant=tenant.slug, token=one["accessToken"])
        assert out == {"data": {"customerLogout": {"revoked": 1}}}
        assert (
            refusal(await api.gql(PROFILE, tenant=tenant.slug, token=one["accessToken"]))[0]
            == "UNAUTHENTICATED"
        )
        assert "errors" not in await api.gql(PROFILE, tenant=tenant.slug, token=two["accessToken"])
        assert (await refresh(api, tenant, one["refreshToken"]))["errors"][0][
            "code"
        ] == "UNAUTHENTICATED"


async def test_access_tokens_expire_with_the_clock(
    database: DatabaseTarget, tmp_path: Path
) -> None:
    async with controlled_app(database, mail_url=f"file://{tmp_path}") as (api, clock, tenant):
        _, session = await new_customer(api, tenant)
        clock.advance(timedelta(minutes=14))
        assert "errors" not in await api.gql(
            PROFILE, tenant=tenant.slug, token=session["accessToken"]
        )
        clock.advance(timedelta(minutes=2))
        expired = await api.gql(PROFILE, tenant=tenant.slug, token=session["accessToken"])
        assert refusal(expired) == ("UNAUTHENTICATED", "the access token has expired")
        rotated = await refresh(api, tenant, session["refreshToken"])
        assert rotated["errors"] == []
        clock.advance(timedelta(days=31))
        late = await refresh(api, tenant, rotated["refreshToken"])
        assert late["errors"][0]["message"] == "the refresh token has expired: sign in again"


async def test_a_customer_token_works_only_with_its_own_tenant(
    database: DatabaseTarget, tmp_path: Path
) -> None:
    async with controlled_app(database, mail_url=f"file://{tmp_path}") as (api, _clock, home):
        elsewhere = await create_tenant(api)
        _, session = await new_customer(api, home)
        expected = (
            "UNAUTHENTICATED",
            "a customer token is valid only in its own tenant: send that tenant's X-Tenant",
        )
        for document in (PROFILE, "{ __typename }", "{ modules { name } }"):
            assert (
                refusal(
                    await api.gql(document, tenant=elsewhere.slug, token=session["accessToken"])
                )
                == expected
            )
            assert refusal(await api.gql(document, token=session["accessToken"])) == expected
        stolen = await refresh(api, elsewhere, session["refreshToken"])
        assert stolen["errors"][0]["message"] == "the refresh token is not valid"
        assert "errors" not in await api.gql(
            PROFILE, tenant=home.slug, token=session["accessToken"]
        )


async def test_a_customer_cannot_call_staff_operations(
    database: DatabaseTarget, tmp_path: Path
) -> None:
    async with controlled_app(database, mail_url=f"file://{tmp_path}") as (api, _clock, tenant):
        _, session = await new_customer(api, tenant)
        token = session["accessToken"]
        before = await customer_events(api, tenant.id)
        disable = 'mutation { moduleDisable(module: "widgets") { errors { code } } }'
        create = 'mutation { tenantCreate(input: {slug: "m", name: "M"}) { errors { code } } }'
        staff = {
            "{ modules { name } }": "PERMISSION_DENIED",
            disable: "PERMISSION_DENIED",
            create: "PERMISSION_DENIED",
            "{ tenants { totalCount } }": "PERMISSION_DENIED",
            "{ me { user { email } } }": "UNAUTHENTICATED",
            "mutation { logout { revoked } }": "UNAUTHENTICATED",
        }
        for document, code in staff.items():
            assert refusal(await api.gql(document, tenant=tenant.slug, token=token))[0] == code, (
                document
            )
        modules = await api.gql(
            "{ modules { name enabled } }",
            tenant=tenant.slug,
            token=api.auth.member(tenant.id, "core.view_modules"),
        )
        assert {"name": "widgets", "enabled": True} in modules["data"]["modules"]
        assert await customer_events(api, tenant.id) == before


async def test_profile_operations_authorization_matrix(
    database: DatabaseTarget, tmp_path: Path
) -> None:
    async with controlled_app(database, mail_url=f"file://{tmp_path}") as (api, _clock, tenant):
        other = await create_tenant(api)
        _, session = await new_customer(api, tenant)
        _, stranger = await new_customer(api, other)
        every_permission = [p.name for p in CORE_PERMISSIONS] + ["widgets.manage_items"]
        refused = {
            "anonymous": (None, tenant.slug),
            "member without permissions": (api.auth.member(tenant.id), tenant.slug),
            "member with every permission": (
                api.auth.member(tenant.id, *every_permission),
                tenant.slug,
            ),
            "platform administrator": (api.auth.platform_admin(), tenant.slug),
            "member of another tenant": (api.auth.member(other.id, *every_permission), tenant.slug),
            "customer of another tenant": (stranger["accessToken"], tenant.slug),
        }
        update_input = {"input": {"displayName": "Mallory"}}
        before = await customer_events(api, tenant.id)
        for who, (token, slug) in refused.items():
            for document, variables in (
                (PROFILE, None),
                (PROFILE_UPDATE, update_input),
                (LOGOUT, None),
            ):
                body = await api.gql(document, variables, tenant=slug, token=token)
                assert refusal(body)[0] == "UNAUTHENTICATED", (who, document)
        assert await customer_events(api, tenant.id) == before
        allowed = await api.gql(
            PROFILE_UPDATE, update_input, tenant=tenant.slug, token=session["accessToken"]
        )
        assert allowed["data"]["myProfileUpdate"]["profile"]["displayName"] == "Mallory"
        profile = await api.gql(PROFILE, tenant=tenant.slug, token=session["accessToken"])
        assert profile["data"]["myProfile"]["displayName"] == "Mallory"
        after = await customer_events(api, tenant.id)
        assert [event["type"] for event in after[len(before) :]] == ["core.customer.updated"]


async def test_a_disabled_customer_is_signed_out_within_the_cache_ttl(
    database: DatabaseTarget, tmp_path: Path
) -> None:
    async with controlled_app(database, mail_url=f"file://{tmp_path}") as (api, clock, tenant):
        email, session = await new_customer(api, tenant)
        assert "errors" not in await api.gql(
            PROFILE, tenant=tenant.slug, token=session["accessToken"]
        )
        async with api.state.runtime.db.transaction(tenant.id) as db_session:
            await db_session.execute(
                update(CustomerRow)
                .where(CustomerRow.tenant_id == tenant.id, CustomerRow.email == email)
                .values(status="disabled")
            )
        clock.advance(timedelta(seconds=3))
        disabled = await api.gql(PROFILE, tenant=tenant.slug, token=session["accessToken"])
        assert refusal(disabled) == ("UNAUTHENTICATED", "the account is not active")
        login = await api.gql(
            LOGIN, {"input": {"email": email, "password": PASSWORD}}, tenant=tenant.slug
        )
        assert (
            login["data"]["customerLogin"]["errors"][0]["message"]
            == "the email or the password is wrong"
        )
