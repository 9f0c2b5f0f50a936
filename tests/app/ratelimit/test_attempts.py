"""Login and refresh attempts: counted per account and per client address, per resolver call.

Every aliased ``login`` in one document is one attempt: the 11th is refused even inside a
single request. The refusal is a top-level ``RATE_LIMITED`` error on that field (DESIGN.md:
the operation did not run), with ``extensions.retryAfter``; mutations run one after another,
so the attempts after it do not run either.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from app.auth.principal import SystemPrincipal
from app.clock import FrozenClock
from app.identity.models import SessionRow, UserRow
from app.identity.users import create_user
from app.ratelimit import Attempt, TooManyAttempts, limit_attempt
from app.runtime import Context
from tests.support.client import RunningApp
from tests.support.databases import DatabaseTarget
from tests.support.events import controlled_app

PASSWORD = "correct horse battery staple"
LOGIN_FIELDS = "accessToken errors { code }"
REFRESH = """
mutation ($input: TokenRefreshInput!) {
  tokenRefresh(input: $input) { refreshToken errors { code message } }
}
"""


@asynccontextmanager
async def limited_app(
    database: DatabaseTarget, **overrides: Any
) -> AsyncIterator[tuple[RunningApp, FrozenClock]]:
    async with controlled_app(database, **overrides) as (api, clock, _tenant):
        yield api, clock


async def new_user(api: RunningApp) -> str:
    email = f"{uuid.uuid4().hex[:10]}@example.test"
    ctx = Context(runtime=api.state.runtime, principal=SystemPrincipal())
    await create_user(ctx, email=email, display_name="Ada", password=PASSWORD)
    return email


def aliased_logins(count: int, email: str) -> dict[str, Any]:
    """Return a request body of ``count`` aliased logins (one variable: under the token limit)."""
    fields = " ".join(
        f"a{index}: login(input: $i) {{ accessToken }}" for index in range(1, count + 1)
    )
    return {
        "query": f"mutation ($i: LoginInput!) {{ {fields} }}",
        "variables": {"i": {"email": email, "password": PASSWORD}},
    }


async def login(
    api: RunningApp, email: str, password: str = PASSWORD, headers: dict[str, str] | None = None
) -> dict[str, Any]:
    response = await api.client.post(
        "/graphql",
        json={
            "query": "mutation ($i: LoginInput!) { login(input: $i) { " + LOGIN_FIELDS + " } }",
            "variables": {"i": {"email": email, "password": password}},
        },
        headers=headers or {},
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def refused(body: dict[str, Any]) -> list[tuple[list[Any], str, int]]:
    return [
        (error["path"], error["extensions"]["code"], error["extensions"]["retryAfter"])
        for error in body["errors"]
    ]


async def sessions_of(api: RunningApp, email: str) -> int:
    async with api.state.runtime.db.transaction(readonly=True) as session:
        count = await session.scalar(
            select(func.count())
            .select_from(SessionRow)
            .join(UserRow, UserRow.id == SessionRow.user_id)
            .where(UserRow.email == email)
        )
    return int(count or 0)


async def test_the_eleventh_login_of_an_account_is_refused_until_the_window_ends(
    database: DatabaseTarget,
) -> None:
    async with limited_app(database) as (api, clock):
        email = await new_user(api)
        for _ in range(10):
            wrong = await login(api, email, "wrong password")
            assert wrong["data"]["login"]["errors"] == [{"code": "UNAUTHENTICATED"}]
        eleventh = await login(api, email.upper())  # the right password, another spelling
        assert eleventh["data"] is None
        assert refused(eleventh) == [(["login"], "RATE_LIMITED", 300)]
        assert eleventh["errors"][0]["message"] == "too many login attempts: retry in 300 s"
        clock.advance(timedelta(seconds=299))
        assert refused(await login(api, email)) == [(["login"], "RATE_LIMITED", 1)]
        clock.advance(timedelta(seconds=1))
        assert (await login(api, email))["data"]["login"]["errors"] == []


async def test_aliased_logins_under_the_alias_limit_count_one_by_one(
    database: DatabaseTarget,
) -> None:
    async with limited_app(database) as (api, _clock):
        email = await new_user(api)
        response = await api.client.post("/graphql", json=aliased_logins(20, email))
        body = response.json()
        assert response.status_code == 200
        assert body["data"] is None  # login is non-null: the refusal nulls the mutation
        assert refused(body) == [(["a11"], "RATE_LIMITED", 300)]
        assert await sessions_of(api, email) == 10  # a1..a10 signed in, a12..a20 never ran


async def test_a_hundred_aliased_logins_are_refused_by_the_alias_limit_first(
    database: DatabaseTarget,
) -> None:
    async with limited_app(database) as (api, _clock):
        email = await new_user(api)
        response = await api.client.post("/graphql", json=aliased_logins(100, email))
        assert response.status_code == 400
        assert response.json()["errors"][0]["message"] == (
            "the query uses 100 aliases; the limit is 30"
        )
        assert await sessions_of(api, email) == 0


async def test_a_hundred_aliased_logins_allowed_by_the_alias_limit_stop_at_ten(
    database: DatabaseTarget,
) -> None:
    async with limited_app(database, max_query_aliases=100, max_query_cost=100_000) as (api, _):
        email = await new_user(api)
        response = await api.client.post("/graphql", json=aliased_logins(100, email))
        body = response.json()
        assert refused(body) == [(["a11"], "RATE_LIMITED", 300)]
        assert await sessions_of(api, email) == 10
        again = await api.client.post("/graphql", json=aliased_logins(100, email))
        assert refused(again.json()) == [(["a1"], "RATE_LIMITED", 300)]
        assert await sessions_of(api, email) == 10


async def test_logins_are_counted_per_client_address(database: DatabaseTarget) -> None:
    async with limited_app(
        database, rate_limit_login_address="3/60", trusted_proxies=["127.0.0.1"]
    ) as (api, clock):
        emails = [await new_user(api) for _ in range(5)]
        client = {"X-Forwarded-For": "198.51.100.7"}
        for email in emails[:3]:
            assert (await login(api, email, headers=client))["data"]["login"]["errors"] == []
        assert refused(await login(api, emails[3], headers=client)) == [
            (["login"], "RATE_LIMITED", 60)
        ]
        other = {"X-Forwarded-For": "1.2.3.4, 198.51.100.8"}  # the left part is the client's say
        assert (await login(api, emails[3], headers=other))["data"]["login"]["errors"] == []
        clock.advance(timedelta(seconds=60))
        assert (await login(api, emails[4], headers=client))["data"]["login"]["errors"] == []


async def test_forwarded_for_is_ignored_from_untrusted_peers(database: DatabaseTarget) -> None:
    async with limited_app(database, rate_limit_login_address="2/60") as (api, _clock):
        emails = [await new_user(api) for _ in range(3)]
        for index, email in enumerate(emails[:2]):
            spoofed = {"X-Forwarded-For": f"198.51.100.{index}"}
            assert (await login(api, email, headers=spoofed))["data"]["login"]["errors"] == []
        spoofed = {"X-Forwarded-For": "198.51.100.99"}
        assert refused(await login(api, emails[2], headers=spoofed))[0][1] == "RATE_LIMITED"


async def test_refresh_is_counted_per_address(database: DatabaseTarget) -> None:
    async with limited_app(database, rate_limit_refresh_address="2/60") as (api, _clock):
        for _ in range(2):
            body = await api.gql(REFRESH, {"input": {"refreshToken": "guess"}})
            assert body["data"]["tokenRefresh"]["errors"][0]["code"] == "UNAUTHENTICATED"
        body = await api.gql(REFRESH, {"input": {"refreshToken": "guess"}})
        assert refused(body) == [(["tokenRefresh"], "RATE_LIMITED", 60)]


async def test_refresh_is_counted_per_account(database: DatabaseTarget) -> None:
    async with limited_app(database, rate_limit_refresh_account="2/60") as (api, clock):
        email = await new_user(api)
        session = await api.gql(
            "mutation ($i: LoginInput!) { login(input: $i) { refreshToken } }",
            {"i": {"email": email, "password": PASSWORD}},
        )
        token = session["data"]["login"]["refreshToken"]
        for _ in range(2):
            body = await api.gql(REFRESH, {"input": {"refreshToken": token}})
            assert body["data"]["tokenRefresh"]["errors"] == []
            token = body["data"]["tokenRefresh"]["refreshToken"]
        body = await api.gql(REFRESH, {"input": {"refreshToken": token}})
        assert refused(body) == [(["tokenRefresh"], "RATE_LIMITED", 60)]
        clock.advance(timedelta(seconds=60))
        body = await api.gql(REFRESH, {"input": {"refreshToken": token}})
        assert body["data"]["tokenRefresh"]["errors"] == []  # the refused call used nothing


async def test_sign_up_and_reset_limits_for_other_services(database: DatabaseTarget) -> None:
    async with limited_app(
        database, rate_limit_signup_account="1/3600", rate_limit_password_reset_address="2/3600"
    ) as (api, clock):
        ctx = Context(
            runtime=api.state.runtime, principal=SystemPrincipal(), client_address="2001:db8::1"
        )
        await limit_attempt(ctx, Attempt.SIGN_UP, "Ada@Example.test")
        with pytest.raises(TooManyAttempts) as second:
            await limit_attempt(ctx, Attempt.SIGN_UP, " ada@example.TEST ")
        assert (second.value.code.value, second.value.retry_after) == ("RATE_LIMITED", 3600)
        assert second.value.message == "too many signup attempts: retry in 3600 s"
        neighbour = Context(
            runtime=api.state.runtime, principal=SystemPrincipal(), client_address="2001:db8::2"
        )
        await limit_attempt(ctx, Attempt.PASSWORD_RESET, "a@example.test")
        await limit_attempt(neighbour, Attempt.PASSWORD_RESET, "b@example.test")
        with pytest.raises(TooManyAttempts, match="too many password reset attempts"):
            await limit_attempt(neighbour, Attempt.PASSWORD_RESET, "c@example.test")  # same /64
        clock.advance(timedelta(hours=1))
        await limit_attempt(neighbour, Attempt.PASSWORD_RESET, "c@example.test")
