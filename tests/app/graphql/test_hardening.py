"""API hardening: GraphiQL and suggestions only in debug, CORS per tenant, CSRF, NUL bytes."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from app.auth.principal import SystemPrincipal
from app.config import ConfigurationError, load_settings
from app.identity.users import create_user
from app.runtime import Context
from tests.conftest import make_registry, make_settings
from tests.support.client import RunningApp, create_tenant, running_app
from tests.support.databases import DatabaseTarget

PASSWORD = "correct horse battery staple"
ADMIN_ORIGIN = "https://admin.example"
SHOP_ORIGIN = "https://shop.acme.example"
EVIL_ORIGIN = "https://evil.example"


@pytest.fixture
async def debug_api(database: DatabaseTarget) -> AsyncIterator[RunningApp]:
    """The app in debug mode."""
    settings = make_settings(database, debug=True)
    async with running_app(settings, make_registry(settings)) as running:
        yield running


@pytest.fixture
async def cors_api(database: DatabaseTarget) -> AsyncIterator[RunningApp]:
    """An app allowing the admin origin everywhere and the shop origin for tenant acme."""
    settings = make_settings(
        database,
        cors_origins=[ADMIN_ORIGIN],
        tenant_cors={"acme": [SHOP_ORIGIN]},
        tenant_hosts={"api.acme.example": "acme"},
    )
    async with running_app(settings, make_registry(settings)) as running:
        yield running


async def test_graphiql_is_served_only_in_debug(api: RunningApp, debug_api: RunningApp) -> None:
    off = await api.client.get("/graphql")
    assert off.status_code == 400
    assert off.json() == {
        "errors": [
            {
                "message": 'send a query: POST JSON {"query": ...} (GraphiQL is off outside debug)',
                "extensions": {"code": "BAD_REQUEST"},
            }
        ]
    }
    on = await debug_api.client.get("/graphql")
    assert on.status_code == 200
    assert on.headers["content-type"].startswith("text/html")
    assert "graphiql" in on.text.lower()


async def test_introspection_is_served_only_in_debug(
    api: RunningApp, debug_api: RunningApp
) -> None:
    query = "{ __schema { queryType { name } } }"
    assert (await api.client.post("/graphql", json={"query": query})).status_code == 400
    on = await debug_api.client.post("/graphql", json={"query": query})
    assert on.json()["data"] == {"__schema": {"queryType": {"name": "Query"}}}
    assert on.json()["extensions"]["cost"]["requested"] == 0  # introspection costs nothing


MISSPELLED: list[tuple[str, dict[str, Any] | None, str]] = [
    (
        '{ tenant(slug: "x") { nme } }',
        None,
        "Cannot query field 'nme' on type 'Tenant'.",
    ),
    (
        "{ tenants(status: ACTIV) { totalCount } }",
        None,
        "Value 'ACTIV' does not exist in 'TenantStatus' enum.",
    ),
    (
        '{ tenant(slugg: "x") { name } }',
        None,
        "Unknown argument 'slugg' on field 'Query.tenant'.",
    ),
    (
        "mutation ($i: LoginInpt!) { login(input: $i) { accessToken } }",
        None,
        "Unknown type 'LoginInpt'.",
    ),
    (
        "mutation ($i: LoginInput!) { login(input: $i) { accessToken } }",
        {"i": {"emial": "a", "email": "b", "password": "x"}},
        (
            "Variable '$i' has invalid value: Expected value of type 'LoginInput' not to "
            "include unknown field 'emial'. Found: {'emial': 'a', 'email': 'b', 'password': 'x'}."
        ),
    ),
]


@pytest.mark.parametrize(("query", "variables", "message"), MISSPELLED)
async def test_no_suggestions_outside_debug(
    api: RunningApp,
    debug_api: RunningApp,
    query: str,
    variables: dict[str, Any] | None,
    message: str,
) -> None:
    quiet = await api.client.post("/graphql", json={"query": query, "variables": variables})
    assert quiet.status_code == 400
    messages = [error["message"] for error in quiet.json()["errors"]]
    assert message in messages
    assert "did you mean" not in quiet.text.lower()
    helpful = await debug_api.client.post("/graphql", json={"query": query, "variables": variables})
    assert "Did you mean" in helpful.text


async def test_nul_characters_are_refused_everywhere(api: RunningApp) -> None:
    expected = {
        "errors": [
            {
                "message": "strings must not contain NUL (\\u0000) characters",
                "extensions": {"code": "BAD_REQUEST"},
            }
        ]
    }
    literal = await api.client.post(
        "/graphql", json={"query": '{ tenant(slug: "a\\u0000b") { name } }'}
    )
    assert (literal.status_code, literal.json()) == (400, expected)
    nested = {"i": {"email": "a@example.test", "password": "pass\x00word"}}
    variable = await api.client.post(
        "/graphql",
        json={
            "query": "mutation ($i: LoginInput!) { login(input: $i) { accessToken } }",
            "variables": nested,
        },
    )
    assert (variable.status_code, variable.json()) == (400, expected)
    deep: Any = "x\x00"
    for _ in range(900):
        deep = [deep]
    buried = await api.client.post(
        "/graphql",
        json={"query": "{ __typename }", "variables": {"d": deep}},  # undeclared: checked too
    )
    assert (buried.status_code, buried.json()) == (400, expected)


async def test_multipart_and_form_posts_are_415(api: RunningApp) -> None:
    files = {"operations": (None, '{"query": "mutation { logout { revoked } }"}')}
    multipart = await api.client.post("/graphql", files=files)
    assert multipart.status_code == 415
    form = await api.client.post("/graphql", data={"query": "{ __typename }"})
    assert form.status_code == 415


async def _cookie_session(api: RunningApp) -> dict[str, str]:
    email = f"{uuid.uuid4().hex[:10]}@example.test"
    ctx = Context(runtime=api.state.runtime, principal=SystemPrincipal())
    await create_user(ctx, email=email, display_name="Ada", password=PASSWORD)
    response = await api.client.post(
        "/graphql",
        json={
            "query": "mutation ($i: LoginInput!) { login(input: $i) { accessToken } }",
            "variables": {"i": {"email": email, "password": PASSWORD, "useCookie": True}},
        },
    )
    api.client.cookies.clear()  # send the cookie by hand, request by request
    return {"Cookie": f"rustok_access={response.json()['data']['login']['accessToken']}"}


ME = "{ me { user { displayName } } }"
LOGOUT = "mutation { logout { revoked } }"


async def test_cross_site_cookie_requests_are_403_and_change_nothing(api: RunningApp) -> None:
    cookie = await _cookie_session(api)
    cross = {**cookie, "Sec-Fetch-Site": "cross-site"}
    refused = await api.client.post("/graphql", json={"query": LOGOUT}, headers=cross)
    assert refused.status_code == 403
    assert refused.json() == {
        "errors": [
            {
                "message": "cookie-authenticated requests must come from the same site",
                "extensions": {"code": "BAD_REQUEST"},
            }
        ]
    }
    for site in ("same-origin", "same-site", "none"):  # "none": typed into the address bar
        still = await api.client.post(
            "/graphql", json={"query": ME}, headers={**cookie, "Sec-Fetch-Site": site}
        )
        assert still.json()["data"] == {"me": {"user": {"displayName": "Ada"}}}
    no_header = await api.client.post("/graphql", json={"query": ME}, headers=cookie)
    assert no_header.status_code == 200  # older browsers: SameSite=Strict still holds


async def test_a_cookie_mutation_without_the_csrf_header_is_403(api: RunningApp) -> None:
    cookie = {**await _cookie_session(api), "Sec-Fetch-Site": "same-origin"}

    unmarked = await api.client.post("/graphql", json={"query": LOGOUT}, headers=cookie)
    blank = await api.client.post(
        "/graphql", json={"query": LOGOUT}, headers={**cookie, "X-RusToK-CSRF": " "}
    )
    still = await api.client.post("/graphql", json={"query": ME}, headers=cookie)
    marked = await api.client.post(
        "/graphql", json={"query": LOGOUT}, headers={**cookie, "X-RusToK-CSRF": "1"}
    )

    for refused in (unmarked, blank):
        assert refused.status_code == 403
        assert refused.json() == {
            "errors": [
                {
                    "message": "cookie-authenticated mutations must send the x-rustok-csrf header",
                    "extensions": {"code": "BAD_REQUEST"},
                }
            ]
        }
    assert still.json()["data"] == {"me": {"user": {"displayName": "Ada"}}}  # reads need none
    assert marked.json()["data"] == {"logout": {"revoked": 1}}


async def test_cross_site_bearer_requests_are_fine(api: RunningApp) -> None:
    token = api.auth.platform_admin()
    response = await api.client.post(
        "/graphql",
        json={"query": ME},
        headers={"Authorization": f"Bearer {token}", "Sec-Fetch-Site": "cross-site"},
    )
    assert response.status_code == 200


def _cors(response: httpx.Response) -> dict[str, str]:
    return {
        name: value
        for name, value in response.headers.items()
        if name.startswith("access-control-") or name == "vary"
    }


def preflight(origin: str) -> dict[str, str]:
    return {
        "Origin": origin,
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type, authorization, x-tenant",
    }


GRANTED = {
    "vary": "Origin",
    "access-control-allow-credentials": "true",
    "access-control-expose-headers": "retry-after, x-request-id",
}
PREFLIGHT_GRANTED = {
    "access-control-allow-methods": "GET, POST",
    "access-control-allow-headers": "authorization, content-type, x-tenant, x-request-id",
    "access-control-max-age": "600",
}


@pytest.mark.parametrize("origin", [ADMIN_ORIGIN, SHOP_ORIGIN])
async def test_preflights_of_listed_origins_are_answered(cors_api: RunningApp, origin: str) -> None:
    response = await cors_api.client.options("/graphql", headers=preflight(origin))
    assert response.status_code == 204
    assert _cors(response) == {
        **GRANTED,
        **PREFLIGHT_GRANTED,
        "access-control-allow-origin": origin,
    }


async def test_preflights_of_other_origins_are_refused(cors_api: RunningApp) -> None:
    response = await cors_api.client.options("/graphql", headers=preflight(EVIL_ORIGIN))
    assert response.status_code == 403
    assert _cors(response) == {"vary": "Origin"}


async def test_tenant_origins_hold_only_for_their_tenant(cors_api: RunningApp) -> None:
    async def post(origin: str, **headers: str) -> httpx.Response:
        return await cors_api.client.post(
            "/graphql", json={"query": "{ __typename }"}, headers={"Origin": origin, **headers}
        )

    granted = {**GRANTED, "access-control-allow-origin": SHOP_ORIGIN}
    assert _cors(await post(SHOP_ORIGIN, **{"X-Tenant": "acme"})) == granted
    assert _cors(await post(SHOP_ORIGIN)) == granted  # login and me name no tenant
    assert _cors(await post(SHOP_ORIGIN, **{"X-Tenant": "other"})) == {"vary": "Origin"}
    admin = {**GRANTED, "access-control-allow-origin": ADMIN_ORIGIN}
    assert _cors(await post(ADMIN_ORIGIN, **{"X-Tenant": "other"})) == admin
    assert _cors(await post(EVIL_ORIGIN)) == {"vary": "Origin"}
    host_preflight = await cors_api.client.options(
        "/graphql", headers={**preflight(SHOP_ORIGIN), "Host": "api.other.example"}
    )
    assert host_preflight.status_code == 204  # no tenant known: listed for some tenant
    path_preflight = await cors_api.client.options("/t/other/", headers=preflight(SHOP_ORIGIN))
    assert path_preflight.status_code == 403
    path_preflight = await cors_api.client.options("/t/acme/", headers=preflight(SHOP_ORIGIN))
    assert path_preflight.status_code == 204
    mapped_host = await cors_api.client.options(
        "/graphql", headers={**preflight(SHOP_ORIGIN), "Host": "api.acme.example"}
    )
    assert mapped_host.status_code == 204


async def test_a_wildcard_reads_without_credentials(database: DatabaseTarget) -> None:
    settings = make_settings(database, cors_origins=["*", ADMIN_ORIGIN])
    async with running_app(settings, make_registry(settings)) as api:
        anyone = await api.client.post(
            "/graphql", json={"query": "{ __typename }"}, headers={"Origin": EVIL_ORIGIN}
        )
        assert _cors(anyone) == {
            "vary": "Origin",
            "access-control-allow-origin": "*",
            "access-control-expose-headers": "retry-after, x-request-id",
        }
        listed = await api.client.options("/graphql", headers=preflight(ADMIN_ORIGIN))
        assert listed.headers["access-control-allow-credentials"] == "true"


async def test_without_cors_settings_no_header_is_added(api: RunningApp) -> None:
    response = await api.client.post(
        "/graphql", json={"query": "{ __typename }"}, headers={"Origin": ADMIN_ORIGIN}
    )
    assert _cors(response) == {}
    refused = await api.client.options("/graphql", headers=preflight(ADMIN_ORIGIN))
    assert refused.status_code == 405  # no CORS at all: OPTIONS is not a /graphql method


def test_cors_settings_are_checked() -> None:
    with pytest.raises(ConfigurationError, match="RUSTOK_CORS_ORIGINS"):
        load_settings(_env_file=None, debug=True, cors_origins="https://a.example/path")
    with pytest.raises(ConfigurationError, match="RUSTOK_TENANT_CORS"):
        load_settings(_env_file=None, debug=True, tenant_cors={"acme": ["ftp://x"]})
    settings = load_settings(
        _env_file=None, debug=True, cors_origins="https://A.example, http://b.example:8080"
    )
    assert settings.cors_origins == ["https://a.example", "http://b.example:8080"]


@pytest.mark.postgres
async def test_a_value_the_database_refuses_is_a_bad_request(
    api: RunningApp, database: DatabaseTarget, caplog: pytest.LogCaptureFixture
) -> None:
    if not database.is_postgres:
        pytest.skip("needs PostgreSQL: set RUSTOK_TEST_DATABASE_URL (SQLite ignores lengths)")
    tenant = await create_tenant(api)
    token = api.auth.member(tenant.id, "widgets.manage_items")
    body = await api.gql(
        "mutation ($n: String!) { widgetCreate(name: $n) { errors { code } } }",
        {"n": "w" * 10_000},
        tenant=tenant.slug,
        token=token,
    )
    [error] = body["errors"]
    assert error["message"] == "a value does not fit where it is stored (too long or out of range)"
    assert error["extensions"]["code"] == "BAD_REQUEST"
    logged = [r for r in caplog.records if r.name == "app.graphql.execution"]
    assert [r.levelname for r in logged] == ["WARNING"]
    assert error["extensions"]["id"] in logged[0].getMessage()
