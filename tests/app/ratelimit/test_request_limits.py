"""The general limit on every GraphQL request: per client address and per API key, HTTP 429."""

from __future__ import annotations

import uuid
from datetime import timedelta

import httpx
import pytest

from app.auth.principal import ApiKeyPrincipal
from tests.app.ratelimit.conftest import SharedRedis
from tests.conftest import make_registry, make_settings
from tests.support.client import running_app
from tests.support.databases import DatabaseTarget
from tests.support.events import controlled_app

TINY = {"query": "{ __typename }"}


def assert_throttled(response: httpx.Response, retry_after: int) -> None:
    assert response.status_code == 429
    assert response.headers["retry-after"] == str(retry_after)
    assert response.json() == {
        "errors": [
            {
                "message": f"too many requests: retry in {retry_after} s",
                "extensions": {"code": "RATE_LIMITED", "retryAfter": retry_after},
            }
        ]
    }


async def test_a_client_address_over_its_limit_gets_429(database: DatabaseTarget) -> None:
    async with controlled_app(
        database, rate_limit_request_address="5/60", trusted_proxies=["127.0.0.0/8"]
    ) as (api, clock, _tenant):
        client = {"X-Forwarded-For": "198.51.100.20"}
        for _ in range(5):
            assert (await api.client.post("/graphql", json=TINY, headers=client)).status_code == 200
        clock.advance(timedelta(seconds=20))
        assert_throttled(await api.client.post("/graphql", json=TINY, headers=client), 40)
        # Malformed or bare requests count too (they cost parsing), and are refused first.
        assert_throttled(await api.client.get("/graphql", headers=client), 40)
        other = {"X-Forwarded-For": "198.51.100.21"}
        assert (await api.client.post("/graphql", json=TINY, headers=other)).status_code == 200
        clock.advance(timedelta(seconds=40))
        assert (await api.client.post("/graphql", json=TINY, headers=client)).status_code == 200


async def test_an_api_key_over_its_limit_gets_429(database: DatabaseTarget) -> None:
    async with controlled_app(
        database, rate_limit_request_api_key="3/60", rate_limit_request_address="0/60"
    ) as (api, clock, tenant):
        keys = [
            api.auth.issue(ApiKeyPrincipal(uuid.uuid4(), tenant.id, frozenset())) for _ in range(2)
        ]
        first = {"Authorization": f"Bearer {keys[0]}"}
        for _ in range(3):
            assert (await api.client.post("/graphql", json=TINY, headers=first)).status_code == 200
        assert_throttled(await api.client.post("/graphql", json=TINY, headers=first), 60)
        second = {"Authorization": f"Bearer {keys[1]}"}
        assert (await api.client.post("/graphql", json=TINY, headers=second)).status_code == 200
        user = {"Authorization": f"Bearer {api.auth.platform_admin()}"}
        for _ in range(5):  # users are not API keys: only their address counts (off here)
            assert (await api.client.post("/graphql", json=TINY, headers=user)).status_code == 200
        clock.advance(timedelta(minutes=1))
        assert (await api.client.post("/graphql", json=TINY, headers=first)).status_code == 200


async def test_the_metrics_count_rate_limited_requests(database: DatabaseTarget) -> None:
    # The fixture's tenantCreate is the first request of the window, this one the second.
    async with controlled_app(database, rate_limit_request_address="2/60") as (api, _, _t):
        await api.client.post("/graphql", json=TINY)
        assert (await api.client.post("/graphql", json=TINY)).status_code == 429
        metrics = (await api.client.get("/metrics")).text
        assert 'rustok_graphql_errors_total{code="RATE_LIMITED"} 1.0' in metrics


@pytest.mark.redis
async def test_processes_sharing_redis_share_the_limit(
    database: DatabaseTarget, shared_redis: SharedRedis
) -> None:
    settings = make_settings(
        database,
        redis_url=shared_redis.url,
        redis_prefix=shared_redis.prefix,
        event_runner="off",
        rate_limit_request_address="4/3600",
    )
    async with (
        running_app(settings, make_registry(settings)) as one,
        running_app(settings, make_registry(settings)) as two,
    ):
        statuses = []
        for api in (one, two, one, two, one, two):
            statuses.append((await api.client.post("/graphql", json=TINY)).status_code)
    assert statuses == [200, 200, 200, 200, 429, 429]
    assert len(await shared_redis.keys()) == 1
