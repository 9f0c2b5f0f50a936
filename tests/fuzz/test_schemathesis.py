"""Fuzzing /graphql: schemathesis-generated operations plus explicit hostile inputs.

Bounded and deterministic: a fixed number of examples per operation and mode, derandomized
Hypothesis, no example database, well under a minute. Cases are generated up front (in a plain
``@given`` function) and sent through the in-process client, so the app runs in the suite's
event loop on the suite's database. Requests come from a principal that may do everything
(platform admin and member with every permission of a tenant) so resolvers run rather than
stopping at the access check; the app runs with introspection but not debug, as in
production. Every response must be below 500, and every error must carry a known
``extensions.code`` other than INTERNAL, with no exception text (no traceback, no driver or
SQLAlchemy message).
"""

from __future__ import annotations

import re
import uuid
from collections import Counter
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
import schemathesis
from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLInputType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLScalarType,
    GraphQLSchema,
    get_introspection_query,
    get_named_type,
)
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.graphql import nodes

from app.auth.principal import UserPrincipal
from app.errors import ErrorCode
from tests.conftest import make_registry, make_settings
from tests.support.client import RunningApp, create_tenant, running_app
from tests.support.databases import DatabaseTarget

EXAMPLES_PER_MODE = 12
LEAKS = re.compile(r"traceback|sqlalchemy|asyncpg|aiosqlite|sqlite3|psycopg|\.py\b", re.I)
CODES = {code.value for code in ErrorCode} - {ErrorCode.INTERNAL.value}
LONG = "x" * 100_000

# Our custom scalars, as schemathesis should generate them (registered once, process-wide).
schemathesis.graphql.scalar(
    "JSON",
    st.one_of(
        st.text(max_size=50).map(nodes.String),
        st.integers().map(nodes.Int),
        st.booleans().map(nodes.Boolean),
    ),
)
schemathesis.graphql.scalar("MinorUnits", st.integers().map(nodes.Int))


class Fuzzer:
    """A running app, the headers of an all-powerful principal, and the failures found."""

    def __init__(self, api: RunningApp, headers: dict[str, str]) -> None:
        self.api = api
        self.headers = headers
        self.failures: list[str] = []
        self.sent = 0
        self.outcomes: Counter[str] = Counter()

    async def send(self, body: dict[str, Any]) -> None:
        """POST one request and record what is wrong with its answer."""
        self.sent += 1
        response = await self.api.client.post("/graphql", json=body, headers=self.headers)
        problem = _problem(response)
        self.outcomes.update(_outcomes(response))
        if problem is not None:
            self.failures.append(
                f"{problem}\n  request: {str(body)[:600]}\n  {response.text[:600]}"
            )


def _outcomes(response: httpx.Response) -> list[str]:
    try:
        body = response.json()
    except ValueError:
        return ["not JSON"]
    found = [f"payload {error.get('code')}" for error in _payload_errors(body.get("data"))]
    found += [(e.get("extensions") or {}).get("code", "?") for e in body.get("errors") or ()]
    return found or ["ran"]


def _payload_errors(data: Any) -> list[dict[str, Any]]:
    if not isinstance(data, dict):
        return []
    found = []
    for value in data.values():
        if isinstance(value, dict) and isinstance(value.get("errors"), list):
            found += [error for error in value["errors"] if isinstance(error, dict)]
    return found


def _problem(response: httpx.Response) -> str | None:
    if response.status_code >= 500:
        return f"HTTP {response.status_code}"
    if LEAKS.search(response.text):
        return "exception text in the response"
    try:
        body = response.json()
    except ValueError:
        return "the answer is not JSON"
    for error in body.get("errors") or ():
        code = (error.get("extensions") or {}).get("code")
        if code not in CODES:
            return f"error code {code!r}"
    return None


@pytest.fixture
async def fuzzer(database: DatabaseTarget) -> AsyncIterator[Fuzzer]:
    """The app (introspection on, rate limits off) and an all-powerful principal's headers."""
    app_settings = make_settings(
        database,
        introspection=True,
        rate_limit_request_address="0/60",
        rate_limit_login_account="0/60",
        rate_limit_login_address="0/60",
        rate_limit_refresh_address="0/60",
        event_runner="off",
    )
    async with running_app(app_settings, make_registry(app_settings)) as api:
        tenant = await create_tenant(api)
        everything = frozenset(api.state.runtime.registry.permissions())
        token = api.auth.issue(
            UserPrincipal(
                user_id=uuid.uuid4(),
                is_platform_admin=True,
                memberships={tenant.id: everything},
            )
        )
        yield Fuzzer(api, {"Authorization": f"Bearer {token}", "X-Tenant": tenant.slug})


async def _loaded_schema(fuzzer: Fuzzer) -> Any:
    response = await fuzzer.api.client.post(
        "/graphql", json={"query": get_introspection_query()}, headers=fuzzer.headers
    )
    assert response.status_code == 200, response.text
    return schemathesis.graphql.from_dict(response.json()["data"])


def _generate(operation: Any, mode: GenerationMode) -> list[str]:
    bodies: list[str] = []

    @settings(
        max_examples=EXAMPLES_PER_MODE,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(operation.as_strategy(generation_mode=mode))
    def collect(case: Any) -> None:
        bodies.append(case.body)

    collect()
    return bodies


async def test_schemathesis_finds_no_server_errors_and_no_unmasked_errors(fuzzer: Fuzzer) -> None:
    loaded = await _loaded_schema(fuzzer)
    operations = [result.ok() for result in loaded.get_all_operations()]
    assert len(operations) >= 25
    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            for query in _generate(operation, mode):
                await fuzzer.send({"query": query})
    assert fuzzer.failures == [], f"{len(fuzzer.failures)} of {fuzzer.sent}:\n" + "\n".join(
        fuzzer.failures[:20]
    )
    assert fuzzer.sent >= len(operations) * EXAMPLES_PER_MODE
    print("schemathesis outcomes:", dict(fuzzer.outcomes))  # noqa: T201


# Hostile values by the type they are sent in place of; each is also sent as a wrong type.
HOSTILE: dict[str, list[Any]] = {
    "String": ["\x00", "nul\x00inside", LONG, "\ud7ff\ufffe", "' OR 1=1 --", "%s%n{0}"],
    "ID": ["\x00", LONG, "VGVuYW50Ong=", "-1", "0" * 64],
    "Int": [2**31, -(2**31) - 1, 2**63, 10**100, -1, "1", 1.5],
    "MinorUnits": [2**63, -(2**63) - 1, 10**30, "1e3", 1.5],
    "Boolean": ["true", 0, None],
    "DateTime": ["not a date", "9999-99-99T99:99:99", LONG, 10**20],
    "JSON": [{"a": "\x00"}, [[[[[]]]]], LONG, 10**100],
}
WRONG_TYPES: list[Any] = [{"an": "object"}, ["a", "list"], True, 12.5, None]


def _plausible(kind: GraphQLInputType, depth: int = 0) -> Any:
    if isinstance(kind, GraphQLNonNull):
        return _plausible(kind.of_type, depth)
    if isinstance(kind, GraphQLList):
        return [_plausible(kind.of_type, depth)]
    if isinstance(kind, GraphQLEnumType):
        return next(iter(kind.values))
    if isinstance(kind, GraphQLInputObjectType):
        if depth > 3:
            return {}
        return {
            name: _plausible(field.type, depth + 1)
            for name, field in kind.fields.items()
            if isinstance(field.type, GraphQLNonNull)
        }
    return {
        "Int": 1,
        "Boolean": True,
        "MinorUnits": 100,
        "DateTime": "2026-01-01T00:00:00+00:00",
        "JSON": {},
    }.get(kind.name, "fuzz")


def _hostile(kind: GraphQLInputType) -> list[Any]:
    named = get_named_type(kind)
    values = list(WRONG_TYPES)
    if isinstance(named, GraphQLScalarType):
        values += HOSTILE.get(named.name, HOSTILE["String"])
    elif isinstance(named, GraphQLEnumType):
        values += ["NOT_A_VALUE", "\x00", LONG]
    if isinstance(kind, GraphQLList) or (
        isinstance(kind, GraphQLNonNull) and isinstance(kind.of_type, GraphQLList)
    ):
        values += [[None], [LONG] * 200]
    return values


def _variations(kind: GraphQLInputType) -> list[Any]:
    """Return values for one argument: each input field made hostile in turn, or the value."""
    named = get_named_type(kind)
    if not isinstance(named, GraphQLInputObjectType):
        return _hostile(kind)
    base = _plausible(named)
    found: list[Any] = [*WRONG_TYPES]
    for name, field in named.fields.items():
        for value in _hostile(field.type):
            found.append({**base, name: value})
    found.append({**base, "unknownField": 1})
    return found


def _selection(schema: GraphQLSchema, output: Any) -> str:
    named = get_named_type(output)
    return " { __typename }" if not isinstance(named, GraphQLScalarType | GraphQLEnumType) else ""


def _hostile_requests(schema: GraphQLSchema) -> list[dict[str, Any]]:
    requests: list[dict[str, Any]] = []
    for root, keyword in ((schema.query_type, "query"), (schema.mutation_type, "mutation")):
        if not isinstance(root, GraphQLObjectType):
            continue
        for name, field in root.fields.items():
            if not field.args or name.startswith("_"):
                continue
            declared = ", ".join(f"${arg}: {kind.type}" for arg, kind in field.args.items())
            passed = ", ".join(f"{arg}: ${arg}" for arg in field.args)
            query = f"{keyword} ({declared}) {{ {name}({passed}){_selection(schema, field.type)} }}"
            plausible = {arg: _plausible(kind.type) for arg, kind in field.args.items()}
            for arg, argument in field.args.items():
                for value in _variations(argument.type):
                    requests.append({"query": query, "variables": {**plausible, arg: value}})
    return requests


async def test_hostile_inputs_get_typed_errors(fuzzer: Fuzzer) -> None:
    schema = fuzzer.api.state.view.engine.schema.graphql_schema  # type: ignore[union-attr]
    requests = _hostile_requests(schema)
    assert len(requests) > 400
    for body in requests:
        await fuzzer.send(body)
    print("hostile outcomes:", dict(fuzzer.outcomes))  # noqa: T201
    assert fuzzer.failures == [], f"{len(fuzzer.failures)} of {fuzzer.sent}:\n" + "\n".join(
        fuzzer.failures[:20]
    )


def _mutation(field: str, /, **fields: str) -> str:
    given_fields = ", ".join(f'{key}: "{value}"' for key, value in fields.items())
    return f"mutation {{ {field}(input: {{{given_fields}}}) {{ errors {{ code }} }} }}"


@pytest.mark.parametrize(
    "query",
    [
        '{ tenant(slug: "' + "x" * 5000 + '") { name } }',
        "{ tenants(first: 99999999999999999999) { totalCount } }",
        "{ tenants(first: 2147483648) { totalCount } }",
        '{ tenants(first: "5") { totalCount } }',
        "{ tenants(first: 1.5) { totalCount } }",
        '{ tenant(slug: "\\u0000") { name } }',
        '{ tenant(slug: "\\uD800") { name } }',
        "{ tenants(after: null, first: null) { totalCount } }",
        '{ tenants(after: "\\u00ff\\u00fe") { totalCount } }',
        _mutation("tenantCreate", slug="s" * 3000, name="n"),
        _mutation("tenantCreate", slug="ok-slug", name="n" * 30_000),
        _mutation("login", email="e" * 50_000, password="p"),
        _mutation("login", email="a@b.c", password="p" * 100_000),
        _mutation("tokenRefresh", refreshToken="r" * 100_000),
    ],
)
async def test_literal_extremes_get_typed_errors(fuzzer: Fuzzer, query: str) -> None:
    await fuzzer.send({"query": query})
    assert fuzzer.failures == []
