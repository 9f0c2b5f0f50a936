"""The requests every benchmark sends: the tiny GraphQL query and the hello-world GET."""

from __future__ import annotations

import orjson

from bench._load import Request
from bench._processes import TENANT_NAME, TENANT_SLUG, Server

__all__ = ["TINY_QUERY", "hello_request", "tiny_query_request"]

TINY_QUERY = f'{{ tenant(slug: "{TENANT_SLUG}") {{ name }} }}'


def tiny_query_request(server: Server) -> Request:
    """Return the tiny query POSTed to ``/graphql``, expecting the tenant's name."""
    return Request(
        url=f"{server.base_url}/graphql",
        method="POST",
        body=orjson.dumps({"query": TINY_QUERY}),
        headers={"Content-Type": "application/json"},
        expected={"data": {"tenant": {"name": TENANT_NAME}}},
    )


def hello_request(server: Server) -> Request:
    """Return the hello-world ``GET /``."""
    return Request(url=f"{server.base_url}/", expected={"message": "Hello, world!"})
