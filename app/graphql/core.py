"""The core's own GraphQL contributions, composed like a module's (see :mod:`app.graphql.schema`).

Each core area (tenants and modules, events, index, audit, webhooks) adds its contribution here.
"""

from __future__ import annotations

from app.audit.graphql import AUDIT_GRAPHQL
from app.events.graphql import EVENTS_GRAPHQL
from app.events.live_graphql import LIVE_EVENTS_GRAPHQL
from app.graphql.nodes import NODES_GRAPHQL
from app.identity.graphql import IDENTITY_GRAPHQL
from app.index.graphql import INDEX_GRAPHQL
from app.registry import GraphQLContribution
from app.registry.registry import root_field_names
from app.tenants.graphql import TENANTS_GRAPHQL
from app.webhooks.graphql import WEBHOOKS_GRAPHQL

__all__ = ["CORE_CONTRIBUTIONS", "core_root_fields"]

CORE_CONTRIBUTIONS: tuple[GraphQLContribution, ...] = (
    TENANTS_GRAPHQL,
    IDENTITY_GRAPHQL,
    EVENTS_GRAPHQL,
    LIVE_EVENTS_GRAPHQL,
    INDEX_GRAPHQL,
    AUDIT_GRAPHQL,
    WEBHOOKS_GRAPHQL,
    NODES_GRAPHQL,
)


def core_root_fields() -> tuple[set[str], set[str]]:
    """Return the names of the core's Query and Mutation fields."""
    queries: set[str] = set()
    mutations: set[str] = set()
    for contribution in CORE_CONTRIBUTIONS:
        queries |= root_field_names(contribution.query)
        mutations |= root_field_names(contribution.mutation)
    return queries, mutations
