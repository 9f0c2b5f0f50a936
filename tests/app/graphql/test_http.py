"""The HTTP face of /graphql: clean 4xx answers for malformed requests, never a 500."""

from __future__ import annotations

import pytest

from tests.support.client import RunningApp

TINY = '{ tenant(slug: "nobody") { name } }'


@pytest.mark.parametrize(
    ("content_type", "body", "status", "message"),
    [
        ("text/plain", TINY, 415, "send the request as application/json"),
        (
            "application/x-www-form-urlencoded",
            "query=x",
            415,
            "send the request as application/json",
        ),
        ("application/json", "{not json", 400, "the body is not valid JSON"),
        ("application/json", "[]", 400, "batched requests are not accepted: send one operation"),
        ("application/json", '"text"', 400, "the body must be a JSON object with a `query`"),
        ("application/json", "{}", 400, "`query` must be a non-empty string"),
        ("application/json", '{"query": 5}', 400, "`query` must be a non-empty string"),
        (
            "application/json",
            '{"query": "{ __typename }", "variables": []}',
            400,
            "`variables` must be a JSON object",
        ),
        (
            "application/json",
            '{"query": "{ __typename }", "operationName": 3}',
            400,
            "`operationName` must be a string",
        ),
    ],
)
async def test_malformed_requests_get_clean_errors(
    api: RunningApp, content_type: str, body: str, status: int, message: str
) -> None:
    response = await api.client.post(
        "/graphql", content=body.encode(), headers={"content-type": content_type}
    )
    assert response.status_code == status
    assert response.json() == {
        "errors": [{"message": message, "extensions": {"code": "BAD_REQUEST"}}]
    }


async def test_syntax_and_validation_errors_are_400(api: RunningApp) -> None:
    syntax = await api.gql("{ tenant(slug: ", expect_status=400)
    assert syntax["errors"][0]["extensions"]["code"] == "BAD_REQUEST"
    assert syntax["errors"][0]["message"].startswith("Syntax Error")
    unknown = await api.gql("{ nothingHere }", expect_status=400)
    assert unknown["errors"][0]["message"].startswith("Cannot query field 'nothingHere'")
    missing = await api.gql("query ($s: String!) { tenant(slug: $s) { name } }", expect_status=400)
    assert missing["errors"][0]["extensions"]["code"] == "BAD_REQUEST"


async def test_get_serves_queries_and_refuses_mutations(api: RunningApp) -> None:
    query = await api.client.get("/graphql", params={"query": TINY})
    assert query.status_code == 200
    assert query.json() == {
        "data": {"tenant": None},
        "extensions": {"cost": {"requested": 2, "limit": 10_000}},
    }
    mutation = await api.client.get(
        "/graphql", params={"query": 'mutation { tenantSuspend(id: "x") { errors { code } } }'}
    )
    assert mutation.status_code == 405
    assert mutation.headers["allow"] == "POST"
    bad_variables = await api.client.get("/graphql", params={"query": TINY, "variables": "{"})
    assert bad_variables.status_code == 400


async def test_other_methods_and_bare_get(api: RunningApp) -> None:
    put = await api.client.put("/graphql", json={"query": TINY})
    assert put.status_code == 405
    bare = await api.client.get("/graphql")
    assert bare.status_code == 400
    assert "GraphiQL is off" in bare.json()["errors"][0]["message"]


async def test_oversized_body_is_413(api: RunningApp) -> None:
    padding = " " * (api.state.runtime.settings.max_body_bytes + 1)
    response = await api.client.post(
        "/graphql",
        content=('{"query": "' + TINY + padding + '"}').encode(),
        headers={"content-type": "application/json"},
    )
    assert response.status_code == 413


async def test_several_operations_need_an_operation_name(api: RunningApp) -> None:
    document = "query A { __typename } query B { __typename }"
    ambiguous = await api.gql(document, expect_status=400)
    assert ambiguous["errors"][0]["message"] == (
        "the document has several operations: name one with operationName"
    )
    response = await api.client.post("/graphql", json={"query": document, "operationName": "B"})
    assert response.json() == {
        "data": {"__typename": "Query"},
        "extensions": {"cost": {"requested": 1, "limit": 10_000}},
    }
    wrong = await api.client.post("/graphql", json={"query": document, "operationName": "C"})
    assert wrong.status_code == 400
    assert wrong.json()["errors"][0]["message"] == "no operation named 'C'"


async def test_unknown_bearer_token_is_unauthenticated(api: RunningApp) -> None:
    response = await api.client.post(
        "/graphql", json={"query": TINY}, headers={"Authorization": "Bearer nope"}
    )
    assert response.json() == {
        "data": None,
        "errors": [
            {"message": "the access token is not valid", "extensions": {"code": "UNAUTHENTICATED"}}
        ],
        "extensions": {"cost": {"requested": 2, "limit": 10_000}},
    }


async def test_introspection_is_off_outside_debug(api: RunningApp) -> None:
    body = await api.gql("{ __schema { queryType { name } } }", expect_status=400)
    assert "introspection" in body["errors"][0]["message"].lower()


async def test_public_tenant_route(api: RunningApp) -> None:
    missing = await api.client.get("/t/no-such-tenant/")
    assert missing.status_code == 404
    assert missing.json()["error"]["code"] == "TENANT_NOT_FOUND"
