"""Customer sign-up, sign-in and reset requests are rate limited per tenant and account."""

from __future__ import annotations

from typing import Any

from tests.support.client import RunningApp, create_tenant
from tests.support.customers import SIGN_UP, unique_email
from tests.support.databases import DatabaseTarget
from tests.support.events import controlled_app


async def sign_up(api: RunningApp, tenant: str, email: str) -> dict[str, Any]:
    """Send one sign-up and return the response body."""
    variables = {"input": {"email": email, "password": "long enough password", "displayName": "A"}}
    return await api.gql(SIGN_UP, variables, tenant=tenant)


async def test_sign_up_is_limited_per_account_within_a_tenant(database: DatabaseTarget) -> None:
    async with controlled_app(database, rate_limit_signup_account="2/3600") as (
        api,
        _clock,
        tenant,
    ):
        email = unique_email()
        for _ in range(2):
            body = await sign_up(api, tenant.slug, email)
            assert body["data"]["customerSignUp"]["errors"] == []
        refused = await sign_up(api, tenant.slug, email)
        assert refused["data"] is None
        assert refused["errors"][0]["extensions"]["code"] == "RATE_LIMITED"
        other = await create_tenant(api)
        elsewhere = await sign_up(api, other.slug, email)
        assert elsewhere["data"]["customerSignUp"]["errors"] == []
